"""The employer register and 建会: the credit code check, services, figures, pages, API, import and scope."""
from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gonghui.accounts.roles import Role
from gonghui.core import creditcode, importing
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.funds.models import Employer, EmployerKind, FoundingVisit
from gonghui.funds.services import employers as services
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Organization
from gonghui.reports import registry
from gonghui.reports.periods import Period

D = datetime.date
# Real codes (the standard's own example and published codes of well-known companies).
REAL = ["91350100M000100Y43", "914403001922038216", "91440300708461136T", "91330100716105852F",
        "91110108551385082Q"]


def code_for(body17: str) -> str:
    return body17 + creditcode.check_char(body17)


# --- the credit code ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", REAL)
def test_real_credit_codes_pass(code):
    assert creditcode.problem(code) is None
    assert creditcode.is_valid(code.lower())


def test_credit_code_reasons_in_chinese():
    assert "校验位不符" in creditcode.problem("91350100M000100Y44")
    assert "应为“3”" in creditcode.problem("91350100M000100Y44")
    assert "18位" in creditcode.problem("91350100M000100Y4")
    assert "不允许的字符“O”" in creditcode.problem("91350100M0O0100Y43")
    assert "行政区划" in creditcode.problem(code_for("9135A100M000100Y4"))
    # a typed code with spaces, dashes, full-width characters and lower case is read as the code
    assert creditcode.normalize(" 9135 0100-m000100y43 ") == "91350100M000100Y43"
    assert creditcode.normalize("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"


def test_check_char_zero_when_sum_is_a_multiple_of_31():
    # brute force a body whose weighted sum is ≡ 0 (mod 31): its check character is "0", never the 32nd character
    for last in creditcode.CHARSET:
        body = "9135010000000000" + last
        if sum(creditcode.VALUE[c] * w for c, w in zip(body, creditcode.WEIGHTS)) % 31 == 0:
            assert creditcode.check_char(body) == "0"
            break
    else:  # pragma: no cover
        pytest.skip("no such body with this prefix")


# --- services -------------------------------------------------------------------------------------------------------

@pytest.fixture
def fed_officer(tree, make_user):
    return make_user("fed_officer", Role.OFFICER, tree["fed"])


def make(org, name, employees=50, code="", registered=D(2024, 1, 1), **kw):
    return services.employer_create(actor=None, org=org, name=name, kind=EmployerKind.PRIVATE_ENTERPRISE,
                                    credit_code=code, employees=employees, registered_on=registered, **kw)


def test_create_checks_code_duplicates_and_kind(tree, fed_officer):
    e = services.employer_create(actor=fed_officer, org=tree["fed"], name=" 甲科技有限公司 ",
                                 kind=EmployerKind.PRIVATE_ENTERPRISE, credit_code="91350100m000100y43",
                                 employees=120, registered_on=D(2024, 1, 1))
    assert (e.name, e.credit_code) == ("甲科技有限公司", "91350100M000100Y43")
    assert AuditEntry.objects.filter(object_id=str(e.pk), action=AuditEntry.Action.CREATE).exists()
    with pytest.raises(ServiceError, match="已登记"):
        make(tree["fed"], "另一家", code="91350100M000100Y43")
    with pytest.raises(ServiceError, match="本台账已有"):
        make(tree["fed"], "甲科技有限公司")
    with pytest.raises(ServiceError, match="校验位不符"):
        make(tree["fed"], "乙公司", code="91350100M000100Y44")
    with pytest.raises(ServiceError, match="单位类型"):
        services.employer_create(actor=None, org=tree["fed"], name="丙", kind="x", registered_on=D(2024, 1, 1))
    with pytest.raises(ServiceError, match="不能建在分会"):
        make(tree["branch"], "丁公司")
    with pytest.raises(ServiceError, match="今天之后"):
        make(tree["fed"], "戊公司", registered=D(2999, 1, 1))
    with pytest.raises(ServiceError, match="单位名称"):
        make(tree["fed"], "  ")


def test_a_company_officer_cannot_write_the_federations_register(tree, officer_a):
    with pytest.raises(ServiceError) as caught:
        services.employer_create(actor=officer_a, org=tree["fed"], name="甲", kind=EmployerKind.ORGAN,
                                 registered_on=D(2024, 1, 1))
    assert caught.value.code == "out_of_scope"


def test_found_links_a_union_and_checks_it(tree, fed_officer):
    e = make(tree["fed"], "甲公司", employees=300)
    services.employer_found(actor=fed_officer, employer=e, founded_on=D(2024, 5, 1), members_on_founding=280,
                            union=tree["company"])
    e.refresh_from_db()
    assert (e.founded_on, e.members_on_founding, e.union) == (D(2024, 5, 1), 280, tree["company"])
    other = make(tree["fed"], "甲公司分厂")
    with pytest.raises(ServiceError, match="已关联用人单位"):
        services.employer_found(actor=fed_officer, employer=other, founded_on=D(2024, 5, 1), union=tree["company"])
    with pytest.raises(ServiceError, match="基层工会或联合工会"):
        services.employer_found(actor=fed_officer, employer=other, founded_on=D(2024, 5, 1), union=tree["branch"])
    with pytest.raises(ServiceError, match="超过单位职工人数"):
        services.employer_found(actor=fed_officer, employer=other, founded_on=D(2024, 5, 1), members_on_founding=51)
    joint = org_services.org_create(code="J", name="某街道联合工会", kind=Organization.Kind.JOINT, parent=tree["fed"])
    services.employer_found(actor=fed_officer, employer=other, founded_on=D(2024, 6, 1), union=joint)
    third = make(tree["fed"], "小店")
    services.employer_found(actor=fed_officer, employer=third, founded_on=D(2024, 6, 1), union=joint)  # joint: many
    assert Employer.objects.filter(union=joint).count() == 2


def test_visit_twice_records_once_and_close(tree, fed_officer):
    e = make(tree["fed"], "甲公司")
    kwargs = dict(actor=fed_officer, employer=e, visited_on=D(2024, 3, 1), visitor="周明",
                  outcome=FoundingVisit.Outcome.AGREED, note="同意筹建")
    assert services.visit_record(**kwargs).pk == services.visit_record(**kwargs).pk
    assert e.visits.count() == 1
    with pytest.raises(ServiceError, match="走访结果"):
        services.visit_record(**{**kwargs, "outcome": "nope"})
    with pytest.raises(ServiceError, match="早于列入台账"):
        services.employer_close(actor=fed_officer, employer=e, closed_on=D(2023, 1, 1), reason="注销")
    services.employer_close(actor=fed_officer, employer=e, closed_on=D(2024, 9, 1), reason="迁出本区")
    e.refresh_from_db()
    assert e.closed_on == D(2024, 9, 1)


def test_update_only_known_fields(tree, fed_officer):
    e = make(tree["fed"], "甲公司")
    services.employer_update(actor=fed_officer, employer=e, employees=80, district="滨江街道")
    e.refresh_from_db()
    assert (e.employees, e.district) == (80, "滨江街道")
    with pytest.raises(ServiceError, match="不能修改"):
        services.employer_update(actor=fed_officer, employer=e, org=tree["school"])


# --- figures --------------------------------------------------------------------------------------------------------

@pytest.fixture
def register(tree):
    fed = tree["fed"]
    big = make(fed, "大厂", employees=300)
    mid = make(fed, "中厂", employees=30)
    small = make(fed, "小店", employees=8)
    closed = make(fed, "已迁出", employees=100)
    services.employer_found(actor=None, employer=big, founded_on=D(2020, 1, 1), union=tree["company"])
    services.employer_found(actor=None, employer=small, founded_on=D(2025, 4, 1), members_on_founding=6)
    services.employer_found(actor=None, employer=mid, founded_on=D(2026, 1, 5), members_on_founding=20)
    services.employer_close(actor=None, employer=closed, closed_on=D(2025, 6, 30), reason="迁出本区")
    services.visit_record(actor=None, employer=mid, visited_on=D(2025, 3, 1), visitor="周明",
                          outcome=FoundingVisit.Outcome.CONTACTED)
    services.visit_record(actor=None, employer=mid, visited_on=D(2025, 9, 1), visitor="周明",
                          outcome=FoundingVisit.Outcome.PREPARING)
    return {"big": big, "mid": mid, "small": small, "closed": closed}


def test_founding_rate_with_threshold_by_date(tree, register):
    fed = tree["fed"]
    rate = registry.get("funds.employers.rate")
    # 2025 without a threshold: big, mid, small in the register at year end (closed left on 30 June); 2 founded.
    value = rate.compute(fed, D(2025, 1, 1), D(2025, 12, 31))
    assert (value.numerator, value.denominator) == (2, 3)
    # a threshold of 25 from 2025: the small shop is not counted
    services.threshold_set(actor=None, org=fed, effective_from=D(2025, 1, 1), min_employees=25)
    value = rate.compute(fed, D(2025, 1, 1), D(2025, 12, 31))
    assert (value.numerator, value.denominator) == (1, 2)
    assert str(value) == "50.0%（1/2）"
    # 2024 (before the threshold, the closed one still in the register): big founded of four
    value = rate.compute(fed, D(2024, 1, 1), D(2024, 12, 31))
    assert (value.numerator, value.denominator) == (1, 4)
    # the records behind it
    assert set(rate.records(fed, D(2025, 1, 1), D(2025, 12, 31)).values_list("name", flat=True)) == {"大厂", "中厂"}
    figures = registry.compute(["funds.employers.founded", "funds.employers.founding_members",
                                "funds.employers.visits", "funds.employers.counted", "funds.employers.unionised"],
                               fed, Period.year(2025))
    assert figures == {"funds.employers.founded": 1, "funds.employers.founding_members": 6,
                       "funds.employers.visits": 2, "funds.employers.counted": 2, "funds.employers.unionised": 1}
    # a grassroots union keeps no register: the figure is absent, not 0%
    assert rate.compute(tree["company"], D(2025, 1, 1), D(2025, 12, 31)) is None


def test_summary_has_the_founding_clause(tree, register):
    from gonghui.reports.documents import Heading, Paragraph
    from gonghui.reports.drafting import build

    services.threshold_set(actor=None, org=tree["fed"], effective_from=D(2025, 1, 1), min_employees=25)
    doc = build("summary", tree["fed"], Period.year(2025), style="exact", today=D(2026, 1, 10))
    body = "\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
    assert "扎实推进建会工作" in body
    assert "新建工会组织1家" in body
    assert "建会率50.0%" in body or "建会率50%" in body
    company = build("summary", tree["company"], Period.year(2025), style="exact", today=D(2026, 1, 10))
    assert "建会" not in "\n".join(b.text for b in company.blocks if isinstance(b, (Heading, Paragraph)))


# --- pages ----------------------------------------------------------------------------------------------------------

@pytest.fixture
def fed_client(client, fed_officer, tree):
    client.force_login(fed_officer)
    session = client.session
    session["current_org"] = tree["fed"].pk
    session.save()
    return client


def test_list_filters_detail_and_export(fed_client, register, tree, django_assert_max_num_queries):
    url = reverse("funds:employer_list")
    with django_assert_max_num_queries(16):
        response = fed_client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "大厂" in text and "小店" in text and 'id="founding-rate"' in text
    assert "小店" not in fed_client.get(url + "?founded=no").content.decode()
    assert "大厂" not in fed_client.get(url + "?q=中").content.decode()
    detail = fed_client.get(reverse("funds:employer_detail", args=[register["mid"].pk]) + "?tab=visits")
    assert "筹建中" in detail.content.decode()
    export = fed_client.get(url + "?export=xlsx")
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    sheet = book.active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["单位名称", "统一社会信用代码", "单位类型"]
    assert sheet.max_row == 5
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, note__contains="用人单位台账").exists()


def test_forms_create_visit_found(fed_client, tree):
    response = fed_client.post(reverse("funds:employer_add"), {
        "name": "新登记公司", "credit_code": "91350100M000100Y44", "kind": "private", "registered_on": "2025-01-02"})
    assert "校验位不符" in response.content.decode()
    assert not Employer.objects.filter(name="新登记公司").exists()
    response = fed_client.post(reverse("funds:employer_add"), {
        "name": "新登记公司", "credit_code": "91350100M000100Y43", "kind": "private", "registered_on": "2025-01-02",
        "employees": "60"})
    e = Employer.objects.get(name="新登记公司")
    assert response.status_code == 302 and e.org == tree["fed"]
    visit = {"visited_on": "2025-02-01", "visitor": "周明", "outcome": "agreed", "note": ""}
    fed_client.post(reverse("funds:employer_visit", args=[e.pk]), visit)
    fed_client.post(reverse("funds:employer_visit", args=[e.pk]), visit)  # double click
    assert e.visits.count() == 1
    fed_client.post(reverse("funds:employer_found", args=[e.pk]),
                    {"founded_on": "2025-03-01", "members_on_founding": "50", "union": tree["company"].pk})
    e.refresh_from_db()
    assert e.union == tree["company"] and e.founded_on == D(2025, 3, 1)
    fed_client.post(reverse("funds:threshold"), {"effective_from": "2025-01-01", "min_employees": "25"})
    assert "职工25人以上" in fed_client.get(reverse("funds:employer_list")).content.decode()


def test_other_union_gets_404(client, tree, officer_b, make_user):
    e = make(tree["fed"], "区属公司")
    client.force_login(officer_b)
    for name in ("funds:employer_detail", "funds:employer_edit", "funds:employer_visit", "funds:employer_found"):
        assert client.get(reverse(name, args=[e.pk])).status_code == 404
    assert "区属公司" not in client.get(reverse("funds:employer_list")).content.decode()
    member = make_user("just_member", Role.MEMBER, tree["company"])
    client.force_login(member)
    assert client.get(reverse("funds:employer_list")).status_code == 404


# --- API ------------------------------------------------------------------------------------------------------------

def test_api_scope_create_and_errors(client, tree, fed_officer, officer_b):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(fed_officer)
    created = api.post("/api/funds/employers/", {"org": tree["fed"].pk, "name": "接口公司", "kind": "private",
                                                 "registered_on": "2025-01-01", "credit_code": "914403001922038216"},
                       format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    bad = api.post("/api/funds/employers/", {"org": tree["fed"].pk, "name": "坏代码", "kind": "private",
                                             "registered_on": "2025-01-01", "credit_code": "914403001922038217"},
                   format="json")
    assert bad.status_code == 400 and "校验位不符" in bad.json()["detail"]
    visit = api.post(f"/api/funds/employers/{pk}/visits/", {"visited_on": "2025-02-01", "visitor": "周明",
                                                           "outcome": "contacted"}, format="json")
    assert visit.status_code == 201
    found = api.post(f"/api/funds/employers/{pk}/found/", {"founded_on": "2025-03-01", "union": tree["company"].pk},
                     format="json")
    assert found.status_code == 200 and found.json()["union_name"] == "甲公司工会"
    assert api.get("/api/funds/employers/?founded=true").json()["count"] == 1
    other = APIClient()
    other.force_authenticate(officer_b)
    assert other.get(f"/api/funds/employers/{pk}/").status_code == 404
    assert other.post(f"/api/funds/employers/{pk}/visits/", {"visited_on": "2025-02-01", "visitor": "x",
                                                            "outcome": "contacted"}, format="json").status_code == 404
    assert other.get("/api/funds/employers/").json()["count"] == 0


# --- import ---------------------------------------------------------------------------------------------------------

def _sheet(tmp_path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "统一社会信用代码", "单位类型", "职工人数", "列入台账日期", "建会日期", "建会时会员人数"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "employers.xlsx"
    book.save(path)
    return path


def test_import_register_validates_and_updates(tmp_path, tree, fed_officer):
    make(tree["fed"], "已在册公司", employees=10)
    importer = importing.get("employers")
    bad = _sheet(tmp_path, [["甲公司", "91350100M000100Y44", "民营企业", "120人", "2024-01-01", None, None],
                            ["乙公司", "", "国企", "abc", "2024-01-01", None, 5]])
    _, analysis = importing.validate_file(importer, bad, "employers.xlsx", org=tree["fed"], user=fed_officer)
    reasons = " ".join(e.reason for e in analysis.errors)
    assert "校验位不符" in reasons and "职工人数“abc”应为整数" in reasons and "没有建会日期" in reasons
    good = _sheet(tmp_path, [["甲公司", "91350100M000100Y43", "民营企业", "120人", "2024-01-01", "2024-06-01", 100],
                             ["已在册公司", "", "机关", 12, "2024-01-01", None, None]])
    batch = importing.stage_upload(importer, org=tree["fed"], user=fed_officer, path=good, filename="employers.xlsx")
    assert (batch.new_count, batch.updated_count, batch.rejected_count) == (1, 1, 0)
    result = importing.commit_batch(importer, batch, user=fed_officer)
    assert result.committed
    assert Employer.objects.get(name="甲公司").members_on_founding == 100
    assert Employer.objects.get(name="已在册公司").employees == 12
    assert Employer.objects.filter(org=tree["fed"]).count() == 2
