import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.portal import desk

EXPECTED = {"members.pending", "members.join_pending", "care.awaiting", "care.reviews_overdue", "care.not_visited", "reports.overdue",
            "reports.to_send", "members.transfers_in", "members.transfers_out", "members.password_resets"}


def counts(user, org):
    return {t.key: t.count for t in desk.todos(user, org)}


def test_the_areas_plug_in_by_their_portal_modules():
    assert EXPECTED <= {s.key for s in desk.sources()}
    assert {"care.review_due", "care.not_visited"} <= {r.key for r in desk.reminders()}
    assert "gonghui.care.portal" in desk.autodiscover()


def test_each_source_counts_what_waits_in_the_union_most_urgent_first(tree, officer_a, fill):
    fill(officer_a, tree["company"], 2)
    todos = desk.todos(officer_a, tree["company"])
    assert {t.key: t.count for t in todos} == dict.fromkeys(EXPECTED, 2)
    assert [t.urgency for t in todos] == sorted((t.urgency for t in todos), reverse=True)
    assert todos[0].key == "care.awaiting" and todos[0].url == reverse("care:assistance_awaiting")


def test_another_unions_items_are_never_counted(tree, officer_a, officer_b, fill):
    fill(officer_a, tree["company"], 2)
    fill(officer_b, tree["school"], 3)
    # The calls for reports come from the parent both unions answer: each union has all 5 of them to answer.
    calls = {"reports.overdue": 5, "reports.to_send": 5}
    assert counts(officer_a, tree["company"]) == dict.fromkeys(EXPECTED, 2) | calls
    assert counts(officer_b, tree["school"]) == dict.fromkeys(EXPECTED, 3) | calls
    # Asking about the other union's subtree gives nothing: the officer has no permission there.
    assert counts(officer_a, tree["school"]) == {}


def test_a_source_is_asked_only_with_its_permission(tree, officer_a, make_user, fill):
    fill(officer_a, tree["company"], 1)
    women = make_user("women_a", Role.WOMEN, tree["company"])  # CARE_VIEW only: no files, no approvals, no reports
    assert counts(women, tree["company"]) == {"care.not_visited": 1}
    assert counts(make_user("nobody"), tree["company"]) == {}


def test_the_desk_costs_a_fixed_number_of_queries(client, tree, officer_a, fill):
    client.force_login(officer_a)
    fill(officer_a, tree["company"], 1)
    client.get("/")  # warm: session, caches
    with CaptureQueriesContext(connection) as one:
        assert len(desk.todos(officer_a, tree["company"])) == len(EXPECTED)
    fill(officer_a, tree["company"], 4)
    with CaptureQueriesContext(connection) as five:
        assert {t.count for t in desk.todos(officer_a, tree["company"])} == {5}
    assert len(one) == len(five), [q["sql"] for q in five.captured_queries]
    # Every declared source, whatever the area, costs at most two queries (one COUNT, or a scope lookup and a COUNT).
    assert len(one) <= 2 * len(desk.sources()), [q["sql"] for q in one.captured_queries]

    fill(officer_a, tree["company"], 0)
    with CaptureQueriesContext(connection) as page_five:
        response = client.get("/")
    fill(officer_a, tree["company"], 5)
    with CaptureQueriesContext(connection) as page_ten:
        client.get("/")
    assert len(page_five) == len(page_ten)
    assert response.status_code == 200


def test_home_page_lists_the_todos_with_links(client, tree, officer_a, fill):
    fill(officer_a, tree["company"], 1)
    client.force_login(officer_a)
    html = client.get("/").content.decode()
    assert 'id="todos"' in html and "待我审批的救助申请" in html and "逾期未报" in html
    assert f'href="{reverse("care:assistance_awaiting")}"' in html


def test_online_applications_count_only_those_waiting_for_review(tree, officer_a, fill):
    from gonghui.portal import services_join as join
    from gonghui.portal.models import JoinApplication

    fill(officer_a, tree["company"], 3)
    first, second = JoinApplication.objects.filter(org=tree["company"]).order_by("pk")[:2]
    join.join_ask_more(actor=officer_a, application=first, note="请补充")
    join.join_refuse(actor=officer_a, application=second, reason="非本单位职工")
    todo = next(t for t in desk.todos(officer_a, tree["company"]) if t.key == "members.join_pending")
    assert todo.count == 1 and todo.label == "网上入会申请待审核"
    assert todo.url == reverse("portal:join_review_list") + "?status=pending"


@pytest.mark.django_db
def test_home_without_todos_shows_no_block(client, tree, officer_a):
    client.force_login(officer_a)
    assert 'id="todos"' not in client.get("/").content.decode()
