"""Reports upward (上报): the flow between two unions, late states, double submission, the consistency check,
the parent's figures, scoping and the pages."""
from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Organization
from gonghui.reports import documents, registry, submitting
from gonghui.reports.models import DocumentKind, Draft, ReportRequest, Submission
from gonghui.reports.periods import parse

D = datetime.date
Y2025 = parse("2025")


def make_draft(org, *, period="2025", title=None, text="全年工作扎实推进。", user=None) -> Draft:
    """A draft as the drafting pages would leave it: a heading, a paragraph with the union's member figure, a table."""
    p = parse(period)
    metric = registry.get("members.members")
    fig = documents.make_figure(metric, metric.compute(org, p.start, p.end), org, p)
    doc = documents.Document(title=title or f"{org.name}{p.label}工作总结", subtitle=org.name, org=org.code,
                             org_name=org.name, period=p.key, signature=[org.name, "2026年1月10日"])
    doc.add(documents.numbered(1, 1, "加强组织建设"),
            documents.Paragraph([text, "年末共有会员", fig, "。"] if fig else [text]),
            documents.Table(["项目", "数量"], [["会员", fig or "—"]], title="会员情况"))
    return Draft.objects.create(org=org, kind=DocumentKind.SUMMARY, period=p.key, period_label=p.label,
                                title=doc.title, content=documents.to_dict(doc), created_by=user)


@pytest.fixture
def users(tree, make_user, officer_a, officer_b):
    return {
        "company": officer_a,
        "school": officer_b,
        "fed_upper": make_user("fed_upper", Role.UPPER, tree["fed"]),
        "fed_officer": make_user("fed_officer", Role.OFFICER, tree["fed"]),
    }


def state_of(box, org) -> str:
    return next(r.label for r in box.rows if r.org.pk == org.pk)


# --- the flow ---------------------------------------------------------------------------------------------------------


def test_child_submits_parent_returns_child_resubmits_parent_accepts(tree, world, users):
    company, school, fed = tree["company"], tree["school"], tree["fed"]
    submitting.request_reports(users["fed_upper"], org=fed, kind="summary", period="2025",
                               due_on=timezone.localdate() + datetime.timedelta(days=10), note="请按时上报")
    box = submitting.inbox(users["fed_upper"], org=fed, kind="summary", period="2025")
    assert [r.org.code for r in box.rows] == ["A", "B"]  # unions only: no branch, no group
    assert {r.label for r in box.rows} == {"未上报"}

    draft = make_draft(company, user=users["company"])
    first = submitting.submit(users["company"], draft=draft)
    assert (first.revision, first.status, first.parent, first.org) == (1, "submitted", fed, company)
    assert first.submitted_by == users["company"]
    assert first.document == draft.content
    # Every registered figure is frozen, as the records gave it for the union's subtree (A with 一分会).
    expected = registry.compute([m.code for m in registry.all()], company, Y2025)
    assert set(first.figures) == set(expected)
    assert first.figures["members.members"] == expected["members.members"] == 6  # p1 p2 p3 p5 p6 p9
    assert first.figures["members.join_rate"] == documents.value_to_json(expected["members.join_rate"])
    assert first.figures["members.join_rate"]["denominator"] == expected["members.join_rate"].denominator

    box = submitting.inbox(users["fed_upper"], org=fed, kind="summary", period="2025")
    assert state_of(box, company) == "已上报" and state_of(box, school) == "未上报"
    assert (box.reported, box.total, box.late) == (1, 2, 0)

    with pytest.raises(ServiceError, match="退回意见"):
        submitting.return_for_revision(users["fed_upper"], submission=first, comment="  ")
    returned = submitting.return_for_revision(users["fed_upper"], submission=first, comment="请补充困难职工帮扶情况。")
    assert (returned.status, returned.comment, returned.reviewed_by) == ("returned", "请补充困难职工帮扶情况。",
                                                                        users["fed_upper"])
    box = submitting.inbox(users["fed_upper"], org=fed, kind="summary", period="2025")
    assert state_of(box, company) == "已退回"

    draft.content["blocks"].append({"type": "paragraph", "kind": "body", "text": "补充帮扶情况。",
                                    "runs": ["补充帮扶情况。"]})
    draft.save()
    second = submitting.submit(users["company"], draft=draft)
    assert (second.revision, second.status) == (2, "submitted")
    assert second.document["blocks"][-1]["text"] == "补充帮扶情况。"
    accepted = submitting.accept(users["fed_upper"], submission=second)
    assert accepted.status == "accepted"
    box = submitting.inbox(users["fed_upper"], org=fed, kind="summary", period="2025")
    assert state_of(box, company) == "已审核"
    assert Submission.objects.filter(org=company).count() == 2
    with pytest.raises(ServiceError, match="审核通过"):
        submitting.submit(users["company"], draft=draft)
    with pytest.raises(ServiceError, match="不能撤回"):
        submitting.withdraw(users["company"], submission=accepted)


def test_double_submit_makes_one_row_and_a_second_draft_is_refused_while_waiting(tree, world, users):
    draft = make_draft(tree["company"])
    one = submitting.submit(users["company"], draft=draft)
    two = submitting.submit(users["company"], draft=draft)
    assert one.pk == two.pk
    assert Submission.objects.filter(org=tree["company"]).count() == 1
    other = make_draft(tree["company"], text="另一稿。")
    with pytest.raises(ServiceError, match="尚未处理"):
        submitting.submit(users["company"], draft=other)
    # Double clicks on the parent's and the sender's buttons are harmless too.
    submitting.return_for_revision(users["fed_upper"], submission=one, comment="请修改")
    again = submitting.return_for_revision(users["fed_upper"], submission=one, comment="请修改")
    assert again.status == "returned"


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_make_one_row(tree):
    """Two requests sending the same draft at once (PostgreSQL: real concurrent transactions; the draft's row lock
    makes the second wait and then find the first one's row)."""
    import threading

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite serialises writers)")
    draft = make_draft(tree["company"])
    barrier, results, errors = threading.Barrier(2), [], []

    def click():
        try:
            barrier.wait()
            results.append(submitting.submit(None, draft=draft).pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(results)) == 1
    assert Submission.objects.filter(org=tree["company"]).count() == 1


def test_page_double_post_makes_one_row(client, tree, world, users):
    draft = make_draft(tree["company"])
    client.force_login(users["company"])
    for _ in range(2):
        response = client.post("/reports/submissions/new/", {"draft": draft.pk})
        assert response.status_code == 302
    assert Submission.objects.filter(org=tree["company"]).count() == 1


def test_withdraw_then_send_again(tree, world, users):
    draft = make_draft(tree["company"])
    first = submitting.submit(users["company"], draft=draft)
    with pytest.raises(ServiceError) as refused:
        submitting.withdraw(users["fed_upper"], submission=first)  # the receiver cannot withdraw for the sender
    assert refused.value.code == "out_of_scope"
    assert submitting.withdraw(users["company"], submission=first).status == "withdrawn"
    assert submitting.withdraw(users["company"], submission=first).status == "withdrawn"  # second click
    with pytest.raises(ServiceError, match="已撤回"):
        submitting.accept(users["fed_upper"], submission=first)
    second = submitting.submit(users["company"], draft=draft)
    assert second.revision == 2


def test_only_unions_with_a_parent_submit(tree, world, users):
    with pytest.raises(ServiceError, match="分工会不单独上报"):
        submitting.submit(users["company"], draft=make_draft(tree["branch"]))
    with pytest.raises(ServiceError, match="没有上级工会"):
        submitting.submit(None, draft=make_draft(tree["fed"]))
    empty = Draft.objects.create(org=tree["company"], period="2025", title="空稿",
                                 content=documents.to_dict(documents.Document(title="空稿")))
    with pytest.raises(ServiceError, match="没有正文"):
        submitting.submit(users["company"], draft=empty)
    assert not Submission.objects.exists()


def test_request_reports_is_one_per_call_and_needs_receive(tree, users):
    fed = tree["fed"]
    first = submitting.request_reports(users["fed_upper"], org=fed, kind="summary", period="2025年",
                                       due_on=D(2026, 1, 20))
    assert first.period == "2025"
    again = submitting.request_reports(users["fed_upper"], org=fed, kind="summary", period="2025",
                                       due_on=D(2026, 1, 31), note="延期")
    assert again.pk == first.pk and (again.due_on, again.note) == (D(2026, 1, 31), "延期")
    assert ReportRequest.objects.count() == 1
    for bad, message in [({"period": "明年"}, "无法识别"), ({"due_on": None}, "截止日期"), ({"kind": "x"}, "文稿类型")]:
        with pytest.raises(ServiceError, match=message):
            submitting.request_reports(users["fed_upper"], **{"org": fed, "kind": "summary", "period": "2025",
                                                              "due_on": D(2026, 1, 20), **bad})
    for user in (users["fed_officer"], users["company"]):
        with pytest.raises(ServiceError) as refused:
            submitting.request_reports(user, org=fed, kind="summary", period="2025", due_on=D(2026, 2, 1))
        assert refused.value.code == "out_of_scope"
    assert ReportRequest.objects.get().due_on == D(2026, 1, 31)


# --- late states ------------------------------------------------------------------------------------------------------


def _sent_on(submission, day: datetime.date) -> None:
    """Move a submission's time to noon of a Beijing day (what a submission on that day looks like)."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    Submission.objects.filter(pk=submission.pk).update(submitted_at=at)


def test_late_states_follow_the_due_date(tree, world, users, make_user):
    company, school, fed = tree["company"], tree["school"], tree["fed"]
    late_union = org_services.org_create(code="C", name="丙医院工会", kind=Organization.Kind.GRASSROOTS, parent=fed)
    due = D(2026, 1, 20)
    submitting.request_reports(None, org=fed, kind="summary", period="2025", due_on=due)

    # A: sent on the due day (on time), returned, sent again after the due date: judged on the first sending.
    a1 = submitting.submit(None, draft=make_draft(company))
    _sent_on(a1, due)
    submitting.return_for_revision(None, submission=a1, comment="请补充")
    # C: sent a day late.
    c1 = submitting.submit(None, draft=make_draft(late_union))
    _sent_on(c1, due + datetime.timedelta(days=1))
    # B: nothing sent, the due date passed (today is after 2026-01-20).
    box = submitting.inbox(users["fed_upper"], org=fed, kind="summary", period="2025")
    states = {r.org.code: (r.label, r.late) for r in box.rows}
    assert states == {"A": ("已退回", False), "B": ("逾期未报", True), "C": ("逾期上报", True)}
    assert (box.reported, box.total, box.late) == (2, 3, 2)

    a2 = submitting.submit(None, draft=Draft.objects.get(org=company))
    _sent_on(a2, due + datetime.timedelta(days=5))
    submitting.accept(None, submission=c1)
    box = submitting.inbox(users["fed_upper"], org=fed, kind="summary", period="2025")
    states = {r.org.code: (r.label, r.late) for r in box.rows}
    assert states == {"A": ("已上报", False), "B": ("逾期未报", True), "C": ("已审核", True)}

    # A union that withdrew is back to not having reported; a later due date makes nobody late.
    submitting.withdraw(None, submission=a2)
    submitting.request_reports(None, org=fed, kind="summary", period="2025",
                               due_on=timezone.localdate() + datetime.timedelta(days=3))
    box = submitting.inbox(users["fed_upper"], org=fed, kind="summary", period="2025")
    states = {r.org.code: (r.label, r.late) for r in box.rows}
    assert states == {"A": ("未上报", False), "B": ("未上报", False), "C": ("已审核", False)}


def test_without_a_call_nobody_is_late(tree, world, users):
    submitting.submit(None, draft=make_draft(tree["company"]))
    box = submitting.inbox(users["fed_upper"], org=tree["fed"], kind="summary", period="2025")
    assert box.request is None
    assert {r.org.code: r.label for r in box.rows} == {"A": "已上报", "B": "未上报"}
    assert box.late == 0


def test_inbox_takes_the_same_queries_for_two_or_twelve_children(tree, world, users):
    fed = tree["fed"]
    submitting.request_reports(None, org=fed, kind="summary", period="2025", due_on=D(2026, 1, 20))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            box = submitting.inbox(users["fed_upper"], org=fed, kind="summary", period="2025")
            [r.label for r in box.rows]
        return len(ctx.captured_queries), len(box.rows)

    submitting.submit(None, draft=make_draft(tree["company"]))
    count()  # the user's roles are read once and kept on the user object
    small, rows = count()
    assert rows == 2
    for i in range(10):
        union = org_services.org_create(code=f"U{i}", name=f"第{i}工会", kind=Organization.Kind.GRASSROOTS, parent=fed)
        if i % 2:
            s = submitting.submit(None, draft=make_draft(union))
            submitting.return_for_revision(None, submission=s, comment="改")
    large, rows = count()
    assert rows == 12
    assert small == large == 3  # the call, the children with their newest revision, those revisions


# --- figures ----------------------------------------------------------------------------------------------------------


def test_consistency_check_shows_a_figure_that_changed_after_submission(tree, world, users, make_person):
    company = tree["company"]
    submission = submitting.submit(users["company"], draft=make_draft(company))
    assert not any(c.differs for c in submitting.consistency(submission))

    make_person(company, "补录会员", joined=D(2025, 5, 1))  # a member recorded after the report was sent
    checks = {c.code: c for c in submitting.consistency(submission)}
    changed = [c for c in checks.values() if c.differs]
    assert {c.code for c in changed} >= {"members.members", "members.new"}
    members = checks["members.members"]
    assert (members.submitted, members.now) == (6, 7)
    assert (members.submitted_text, members.now_text) == ("6人", "7人")
    assert checks["members.join_rate"].differs  # 入会率's numerator and denominator moved
    assert not checks["members.deaths"].differs
    # Figures absent then and now are not listed (a figure with no records is no figure).
    assert "care.health.cost" not in checks


def test_consistency_compares_money_and_names_retired_figures(tree, users):
    submission = submitting.submit(None, draft=make_draft(tree["company"]))
    Submission.objects.filter(pk=submission.pk).update(
        figures={**submission.figures, "care.condolence.amount": "1200.00", "old.figure": 3})
    submission.refresh_from_db()
    checks = {c.code: c for c in submitting.consistency(submission)}
    money = checks["care.condolence.amount"]
    assert money.submitted == Decimal("1200.00") and money.now is None and money.differs
    assert money.submitted_text == "1,200.00元" and money.now_text == "—"
    assert not checks["old.figure"].differs and checks["old.figure"].now_text == "（指标已停用）"


def test_parent_total_comes_from_the_records_not_from_the_submissions(tree, world, users, make_person):
    fed, company, school = tree["fed"], tree["company"], tree["school"]
    submitting.submit(None, draft=make_draft(company))
    submitting.submit(None, draft=make_draft(school))
    make_person(school, "学校新会员", joined=D(2025, 9, 1))
    box = submitting.inbox(users["fed_upper"], org=fed, kind="summary", period="2025")
    side = submitting.key_figures(users["fed_upper"], box)
    column = [c[0] for c in side.columns].index("members.members")
    submitted = {row.org.code: values[column] for row, values in side.rows}
    now = registry.compute(["members.members"], fed, Y2025)["members.members"]
    assert submitted == {"A": ("6", ""), "B": ("2", "")}
    assert side.total[column] == (str(now), "") == ("9", "")  # 6 + 2 sent, 9 in the records now


def test_side_by_side_is_one_table_per_area_each_narrow_enough(tree, world, users):
    """One wide table was cut off at the right on a 1366 px screen: one table per work area, the same cells."""
    fed, company = tree["fed"], tree["company"]
    submitting.submit(None, draft=make_draft(company))
    box = submitting.inbox(users["fed_upper"], org=fed, kind="summary", period="2025")
    side = submitting.key_figures(users["fed_upper"], box)
    groups = side.by_area()
    assert [g["label"].removesuffix("（续）") for g in groups] == [registry.area_of(g["columns"][0][0]).label
                                                                  for g in groups]
    assert len({g["code"] for g in groups}) == len(groups) >= 2
    assert [c for g in groups for c in g["columns"]] == side.columns
    assert all(len(g["columns"]) <= 8 for g in groups)
    for g in groups:
        assert [row.org.code for row, _ in g["rows"]] == ["A"]
        for code, value in zip([c[0] for c in g["columns"]], g["rows"][0][1]):
            assert value == side.rows[0][1][[c[0] for c in side.columns].index(code)]
        assert g["total"] == [side.total[[c[0] for c in side.columns].index(c[0])] for c in g["columns"]]


# --- scoping ----------------------------------------------------------------------------------------------------------


def test_sibling_union_sees_nothing_of_another_unions_reports(client, tree, world, users):
    draft = make_draft(tree["company"])
    submission = submitting.submit(users["company"], draft=draft)
    client.force_login(users["school"])
    for url in (f"/reports/submissions/{submission.pk}/", f"/reports/submissions/{submission.pk}/docx/",
                f"/reports/submissions/new/?draft={draft.pk}"):
        assert client.get(url).status_code == 404, url
    for action in ("withdraw", "return", "accept"):
        assert client.post(f"/reports/submissions/{submission.pk}/{action}/", {"comment": "x"}).status_code == 404
    assert client.post("/reports/submissions/new/", {"draft": draft.pk}).status_code == 404
    assert client.get("/reports/submissions/inbox/").status_code == 404  # no REPORT_RECEIVE anywhere
    page = client.get("/reports/submissions/").content.decode()
    assert tree["company"].name not in page and draft.title not in page
    assert submitting.visible_submissions(users["school"]).count() == 0
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_parent_without_receive_cannot_return_or_accept(client, tree, world, users):
    submission = submitting.submit(users["company"], draft=make_draft(tree["company"]))
    # An officer of the federation drafts the federation's own documents, but neither drafts for the company union
    # (drafting stops at the unions below: accounts.scope.UNION_BOUNDED) nor receives its reports.
    client.force_login(users["fed_officer"])
    assert client.get(f"/reports/submissions/{submission.pk}/").status_code == 404
    assert client.post(f"/reports/submissions/{submission.pk}/return/", {"comment": "退回"}).status_code == 404
    assert client.post(f"/reports/submissions/{submission.pk}/accept/").status_code == 404
    assert client.get("/reports/submissions/inbox/").status_code == 404
    with pytest.raises(ServiceError):
        submitting.return_for_revision(users["company"], submission=submission, comment="自己退回")
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_receiver_sees_submissions_to_its_union_only(tree, world, users, make_user):
    submission = submitting.submit(None, draft=make_draft(tree["company"]))
    upper_elsewhere = make_user("school_upper", Role.UPPER, tree["school"])
    assert not submitting.visible_submissions(upper_elsewhere).filter(pk=submission.pk).exists()
    assert submitting.visible_submissions(users["fed_upper"]).filter(pk=submission.pk).exists()


# --- pages ------------------------------------------------------------------------------------------------------------


def test_union_pages_send_and_show_the_parents_comment(client, tree, world, users):
    company = tree["company"]
    submitting.request_reports(None, org=tree["fed"], kind="summary", period="2025", due_on=D(2026, 1, 20))
    draft = make_draft(company)
    client.force_login(users["company"])
    page = client.get("/reports/submissions/").content.decode()
    assert "测试区总工会" in page and "逾期未报" in page and f"?draft={draft.pk}" in page
    confirm = client.get(f"/reports/submissions/new/?draft={draft.pk}").content.decode()
    assert "确认上报" in confirm and "第1次上报" in confirm and "测试区总工会" in confirm
    response = client.post("/reports/submissions/new/", {"draft": draft.pk})
    submission = Submission.objects.get(org=company)
    assert response.url == f"/reports/submissions/{submission.pk}/"
    detail = client.get(response.url).content.decode()
    assert "全年工作扎实推进。" in detail and "doc-figure" in detail and "撤回" in detail and "审核通过" not in detail
    submitting.return_for_revision(users["fed_upper"], submission=submission, comment="数字请再核对")
    page = client.get("/reports/submissions/").content.decode()
    assert "数字请再核对" in page and "已退回修改" in page and "逾期上报" not in page


def test_parent_pages_inbox_return_accept_and_docx(client, tree, world, users, django_assert_max_num_queries):
    fed, company = tree["fed"], tree["company"]
    submission = submitting.submit(users["company"], draft=make_draft(company))
    client.force_login(users["fed_upper"])
    response = client.post("/reports/submissions/requests/", {"kind": "summary", "period": "2025",
                                                               "due_on": "2026-01-20", "note": "年度总结"})
    assert response.status_code == 302 and "period=2025" in response.url
    assert ReportRequest.objects.get(org=fed).due_on == D(2026, 1, 20)
    client.get("/reports/submissions/inbox/?kind=summary&period=2025")  # warm the session and caches
    # the unions' key figures by child union (one query per source: members, care, democracy, funds, and since
    # issues 11–15 the ledger, budgets, activities, rights, 建功立业 and the workers' home: 64 measured; 66 with the
    # rights' injuries and 建功立业's innovation key figures) and the page
    with django_assert_max_num_queries(66):
        page = client.get("/reports/submissions/inbox/?kind=summary&period=2025").content.decode()
    assert "1/2" in page and "逾期上报" in page and "逾期未报" in page and "合计（按记录）" in page
    assert company.name in page and tree["school"].name in page

    detail = client.get(f"/reports/submissions/{submission.pk}/").content.decode()
    assert "审核通过" in detail and "退回修改" in detail and "数字核对" in detail
    response = client.post(f"/reports/submissions/{submission.pk}/return/", {"comment": ""})
    submission.refresh_from_db()
    assert submission.status == "submitted"  # a comment is required
    client.post(f"/reports/submissions/{submission.pk}/return/", {"comment": "请补充女职工工作"})
    submission.refresh_from_db()
    assert (submission.status, submission.comment) == ("returned", "请补充女职工工作")

    response = client.get(f"/reports/submissions/{submission.pk}/docx/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    from docx import Document as read_docx

    text = "\n".join(p.text for p in read_docx(io.BytesIO(response.content)).paragraphs)
    assert submission.title in text and "全年工作扎实推进。年末共有会员6人。" in text


def test_inbox_with_a_bad_period_says_so(client, tree, users):
    client.force_login(users["fed_upper"])
    response = client.get("/reports/submissions/inbox/?kind=summary&period=明年", follow=True)
    assert "无法识别的统计期间" in response.content.decode()


def test_create_without_a_draft_goes_to_the_list(client, tree, users):
    client.force_login(users["company"])
    assert client.get("/reports/submissions/new/").url == "/reports/submissions/"
    assert client.get("/reports/submissions/new/?draft=abc").status_code == 404


# --- the demo ---------------------------------------------------------------------------------------------------------


def test_demo_reports_call_return_resubmit_and_a_late_union(tree, world, make_user):
    """gonghui/demo/reports.py on the test tree (the whole demo is built by core's test_demo): a fake builder with
    the orgs and logins it uses."""
    import types

    from gonghui.demo.reports import build_reports

    bureau = org_services.org_create(code="C", name="丙局工会", kind=Organization.Kind.GRASSROOTS, parent=tree["fed"])
    today = timezone.localdate()
    users = {"fed_staff": make_user("fed_staff", Role.UPPER, tree["fed"]),
             "school_officer": make_user("school_officer", Role.OFFICER, tree["school"]),
             "admin": make_user("admin", Role.ADMIN, tree["fed"], is_superuser=True)}  # as in the demo
    fake = types.SimpleNamespace(today=today, orgs={"fed": tree["fed"], "school": tree["school"], "bureau": bureau},
                                 users=users, log=lambda message: None)
    made = build_reports(fake)
    assert (made.requests, made.submissions) == (1, 3)
    year = today.year - 1
    box = submitting.inbox(users["fed_staff"], org=tree["fed"], kind="summary", period=str(year))
    assert box.due_on == D(year + 1, 1, 20)
    assert {r.org.code: (r.label, r.late) for r in box.rows} == {
        "A": ("逾期未报", True), "B": ("已审核", False), "C": ("逾期上报", True)}
    school = Submission.objects.filter(org=tree["school"]).order_by("revision")
    assert [(s.revision, s.status, s.submitted_by) for s in school] == [
        (1, "returned", users["school_officer"]), (2, "accepted", users["school_officer"])]
    assert school[0].comment and school[1].reviewed_by == users["fed_staff"]
    assert timezone.localdate(school[1].submitted_at) == D(year + 1, 1, 16) <= box.due_on
    assert len(school[1].document["blocks"]) == len(school[0].document["blocks"]) + 1  # the revision added a paragraph
    assert school[0].document["title"] == f"{tree['school'].name}{year}年工作总结"
    assert school[0].document["signature"][-1] == f"{year + 1}年1月9日"  # dated the day it was drafted
    assert not Submission.objects.filter(org=tree["company"]).exists()  # the company sends in the walk-through
    calls = submitting.requests_for(users["admin"], org=tree["company"])
    assert [(c.title, row.label) for c, row in calls] == [(f"{year}年工作总结", "逾期未报")]


def test_demo_reports_leave_out_what_has_not_happened_yet(tree, make_user):
    import types

    from gonghui.demo.reports import build_reports

    users = {"fed_staff": make_user("fed_staff", Role.UPPER, tree["fed"]),
             "school_officer": make_user("school_officer", Role.OFFICER, tree["school"]),
             "admin": make_user("admin", Role.ADMIN, tree["fed"], is_superuser=True)}
    fake = types.SimpleNamespace(today=D(2026, 1, 13), users=users, log=lambda message: None,
                                 orgs={"fed": tree["fed"], "school": tree["school"], "bureau": tree["company"]})
    made = build_reports(fake)  # built on 13 January: the call and the school's first sending only
    assert (made.requests, made.submissions) == (1, 1)
    assert Submission.objects.get().status == "submitted"
