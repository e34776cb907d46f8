"""Collective contracts: the rules of 集体合同规定 and the bad input of issue 10."""
from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.democracy.models import CollectiveContract, ContractKind, PerformanceCheck
from gonghui.democracy.models.contracts import in_force_q
from gonghui.democracy.services import congress as congress_services
from gonghui.democracy.services import contracts as services

D = datetime.date
S = CollectiveContract.Status


@pytest.fixture
def officer(tree, make_user):
    return make_user("a_officer", Role.OFFICER, tree["company"])


def signed(tree, actor=None, kind=ContractKind.COMPREHENSIVE, signed_on=D(2024, 3, 20), starts_on=D(2024, 4, 1),
           ends_on=D(2027, 3, 31), **kw):
    return services.contract_create(actor=actor, org=kw.pop("org", tree["company"]), kind=kind,
                                    employer_name="甲公司", signed_on=signed_on, starts_on=starts_on,
                                    ends_on=ends_on, **kw)


def session_of(org):
    congress = congress_services.congress_create(actor=None, org=org)
    term = congress_services.term_open(actor=None, congress=congress, number=1, started_on=D(2023, 1, 1))
    from gonghui.democracy.models import CongressSession

    return CongressSession.objects.create(term=term, org=org, number=1, opened_on=D(2024, 3, 10))


def test_create_sign_submit_accept_and_in_force(tree, officer):
    c = services.contract_create(actor=officer, org=tree["company"], kind=ContractKind.WAGE, employer_name="甲公司")
    assert c.status == S.NEGOTIATING and c.title == "甲公司工资专项集体合同"
    c = services.contract_sign(actor=officer, contract=c, signed_on=D(2024, 3, 20), starts_on=D(2024, 4, 1),
                               ends_on=D(2025, 3, 31), union_signatories="王主席")
    assert c.status == S.SIGNED and c.filing_due_on == D(2024, 3, 30)
    assert c.filing_overdue(D(2024, 3, 31)) and not c.filing_overdue(D(2024, 3, 30))
    c = services.contract_submit(actor=officer, contract=c, submitted_on=D(2024, 3, 25), bureau="测试区人社局")
    assert c.status == S.FILED and c.objection_deadline == D(2024, 4, 9) and not c.filed_late
    # Not accepted: in force from the 16th day after submission (the bureau did not object within 15 days)
    assert c.effective_on == D(2024, 4, 10)
    assert not c.is_in_force(D(2024, 4, 9)) and c.is_in_force(D(2024, 4, 10))
    assert c.state_on(D(2024, 4, 9)) == S.FILED and c.state_on(D(2024, 5, 1)) == S.IN_FORCE
    assert c.state_on(D(2025, 4, 1)) == S.EXPIRED
    on = lambda day: CollectiveContract.objects.filter(in_force_q(day)).count()  # noqa: E731
    assert (on(D(2024, 4, 9)), on(D(2024, 4, 10)), on(D(2025, 3, 31)), on(D(2025, 4, 1))) == (0, 1, 1, 0)
    c = services.contract_review(actor=officer, contract=c, accepted_on=D(2024, 4, 2))
    assert c.status == S.IN_FORCE and c.effective_on == D(2024, 4, 2)
    assert on(D(2024, 4, 2)) == 1 and on(D(2024, 4, 1)) == 0


def test_expiry_before_signing_and_terms_over_three_years(tree, officer):
    with pytest.raises(ServiceError, match="早于签订日期"):
        signed(tree, officer, signed_on=D(2024, 3, 20), starts_on=D(2024, 3, 1), ends_on=D(2024, 3, 10))
    with pytest.raises(ServiceError, match="1至3年"):
        signed(tree, officer, ends_on=D(2027, 4, 30))
    with pytest.raises(ServiceError, match="1至3年"):
        signed(tree, officer, ends_on=D(2024, 12, 31))
    with pytest.raises(ServiceError, match="签订日期"):
        signed(tree, officer, signed_on=D(2999, 1, 1), starts_on=D(2999, 1, 1), ends_on=D(3000, 12, 31))
    assert signed(tree, officer, ends_on=D(2027, 4, 1)).ends_on == D(2027, 4, 1)  # "至2027年4月1日": three years
    assert not CollectiveContract.objects.exclude(ends_on=D(2027, 4, 1)).exists()  # nothing half-saved


def test_one_contract_of_a_kind_at_a_time_and_double_click(tree, officer):
    first = signed(tree, officer)
    assert signed(tree, officer).pk == first.pk  # the same form twice
    with pytest.raises(ServiceError, match="期限重叠"):
        signed(tree, officer, signed_on=D(2024, 6, 1), starts_on=D(2024, 6, 1), ends_on=D(2026, 5, 31))
    # Another kind over the same days is fine.
    signed(tree, officer, kind=ContractKind.WOMEN)
    assert CollectiveContract.objects.count() == 2


def test_session_of_another_union_refused(tree, officer):
    own, other = session_of(tree["company"]), session_of(tree["school"])
    with pytest.raises(ServiceError, match="不是本工会的"):
        signed(tree, officer, session=other)
    c = signed(tree, officer, session=own)
    assert c.session == own
    with pytest.raises(ServiceError, match="先经职代会"):
        signed(tree, officer, kind=ContractKind.WAGE, signed_on=D(2024, 3, 5), starts_on=D(2024, 4, 1),
               ends_on=D(2025, 3, 31), session=own)


def test_double_submit_and_review(tree, officer):
    c = signed(tree, officer)
    with pytest.raises(ServiceError, match="签订日期"):
        services.contract_submit(actor=officer, contract=c, submitted_on=D(2024, 3, 1), bureau="人社局")
    with pytest.raises(ServiceError, match="劳动保障行政部门"):
        services.contract_submit(actor=officer, contract=c, submitted_on=D(2024, 3, 25), bureau=" ")
    c = services.contract_submit(actor=officer, contract=c, submitted_on=D(2024, 4, 5), bureau="人社局")
    assert c.filed_late  # 16 days after signing: taken, shown as late
    assert services.contract_submit(actor=officer, contract=c, submitted_on=D(2024, 4, 5), bureau="人社局").pk == c.pk
    with pytest.raises(ServiceError, match="不能重复报送"):
        services.contract_submit(actor=officer, contract=c, submitted_on=D(2024, 4, 6), bureau="人社局")
    with pytest.raises(ServiceError, match="15日内"):
        services.contract_review(actor=officer, contract=c, objected_on=D(2024, 4, 30), objection="条款违法")
    with pytest.raises(ServiceError, match="二者之一"):
        services.contract_review(actor=officer, contract=c)
    c = services.contract_review(actor=officer, contract=c, objected_on=D(2024, 4, 12), objection="工资条款低于最低标准")
    assert c.status == S.OBJECTED and not c.is_in_force(D(2024, 6, 1))
    assert not CollectiveContract.objects.filter(in_force_q(D(2024, 6, 1))).exists()


def test_renewal_chain_and_renewing_twice(tree, officer):
    old = signed(tree, officer, signed_on=D(2022, 3, 20), starts_on=D(2022, 4, 1), ends_on=D(2025, 3, 31))
    services.contract_submit(actor=officer, contract=old, submitted_on=D(2022, 3, 25), bureau="人社局")
    new = services.contract_renew(actor=officer, contract=old, signed_on=D(2025, 3, 10), starts_on=D(2025, 4, 1),
                                  ends_on=D(2028, 3, 31))
    old.refresh_from_db()
    assert (new.version, new.previous, new.status, new.employer_name) == (2, old, S.SIGNED, "甲公司")
    assert old.status == S.RENEWED and old.ended_on is None  # it ran to its own end
    assert services.contract_renew(actor=officer, contract=old, signed_on=D(2025, 3, 10), starts_on=D(2025, 4, 1),
                                   ends_on=D(2028, 3, 31)).pk == new.pk  # double click
    with pytest.raises(ServiceError, match="已续签为第2版"):
        services.contract_renew(actor=officer, contract=old, signed_on=D(2025, 3, 11), starts_on=D(2025, 4, 1),
                                ends_on=D(2028, 3, 31))
    from gonghui.democracy.selectors.contracts import versions

    assert [c.version for c in versions(old)] == [1, 2] == [c.version for c in versions(new)]


def test_renewal_as_draft_then_signed_ends_the_old_one_early(tree, officer):
    old = signed(tree, officer, signed_on=D(2022, 3, 20), starts_on=D(2022, 4, 1), ends_on=D(2025, 3, 31))
    draft = services.contract_renew(actor=officer, contract=old)
    old.refresh_from_db()
    assert draft.status == S.NEGOTIATING and old.status == S.SIGNED  # still the one in force
    services.contract_sign(actor=officer, contract=draft, signed_on=D(2024, 5, 20), starts_on=D(2024, 6, 1),
                           ends_on=D(2027, 5, 31))
    old.refresh_from_db()
    assert old.status == S.RENEWED and old.ended_on == D(2024, 5, 31)


def test_checks_yearly_and_rectified(tree, officer):
    c = signed(tree, officer)
    check = services.check_record(actor=officer, contract=c, checked_on=D(2024, 12, 10), findings="工资按时足额发放",
                                  problems="加班费计算基数偏低")
    assert not check.rectified
    assert services.check_record(actor=officer, contract=c, checked_on=D(2024, 12, 10),
                                 findings="工资按时足额发放").pk == check.pk
    with pytest.raises(ServiceError, match="2024年度已登记"):
        services.check_record(actor=officer, contract=c, checked_on=D(2024, 12, 20), findings="再查")
    with pytest.raises(ServiceError, match="不能早于检查日期"):
        services.check_rectify(actor=officer, check=check, rectified_on=D(2024, 12, 1), rectification="已调整")
    check = services.check_rectify(actor=officer, check=check, rectified_on=D(2025, 1, 15), rectification="已调整")
    assert check.rectified
    with pytest.raises(ServiceError, match="请填写检查情况"):
        services.check_record(actor=officer, contract=c, checked_on=D(2025, 12, 1), findings="")
    assert PerformanceCheck.objects.count() == 1


def test_another_unions_officer_is_out_of_scope(tree, officer, officer_b):
    c = signed(tree, officer)
    for call in (lambda: services.contract_submit(actor=officer_b, contract=c, submitted_on=D(2024, 3, 25),
                                                  bureau="人社局"),
                 lambda: services.contract_renew(actor=officer_b, contract=c),
                 lambda: services.check_record(actor=officer_b, contract=c, checked_on=D(2024, 12, 1), findings="x"),
                 lambda: signed(tree, officer_b, kind=ContractKind.WAGE)):
        with pytest.raises(ServiceError) as exc:
            call()
        assert exc.value.code == "out_of_scope"


def test_attach_checks_the_file(tree, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = signed(tree, officer)
    with pytest.raises(ServiceError):
        services.contract_attach(actor=officer, contract=c, file=SimpleUploadedFile("a.exe", b"MZ\x90\x00"))
    pdf = SimpleUploadedFile("合同文本.pdf", b"%PDF-1.4\n%test\n")
    doc = services.contract_attach(actor=officer, contract=c, file=pdf)
    assert doc.name == "合同文本.pdf" and doc.org == c.org
    again = services.contract_attach(actor=officer, contract=c, file=SimpleUploadedFile("合同文本.pdf",
                                                                                          b"%PDF-1.4\n%test\n"))
    assert again.pk == doc.pk
