"""Membership action pages and transfer handling, through the test client."""
import datetime

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.members import services
from gonghui.members.models import MembershipEvent, Person, Transfer
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Organization

TODAY = localdate()
ACTIONS = ["membership_apply", "membership_admit", "membership_reject", "membership_transfer", "membership_retire",
           "membership_withdraw", "membership_death"]


def url(name, pk):
    return reverse(f"members:{name}", kwargs={"pk": pk})


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def other_fed(db):
    """Another federation with one grassroots union: transfers can cross federations."""
    fed = org_services.org_create(code="FED2", name="外区总工会", kind=Organization.Kind.FEDERATION,
                                  address="外区某路1号")
    union = org_services.org_create(code="C", name="丙工厂工会", kind=Organization.Kind.GRASSROOTS, parent=fed,
                                    phone="010-12345678")
    return {"fed": fed, "union": union}


@pytest.fixture
def officer_c(other_fed, make_user):
    return make_user("officer_c", Role.OFFICER, other_fed["union"])


@pytest.fixture
def member(tree, make_person):
    return make_person(tree["company"], "张晓明", joined=datetime.date(2019, 5, 1))


# --- the person page ------------------------------------------------------------------------------------------
def test_person_page_offers_the_actions_that_fit(client, officer_a, tree, make_person, member):
    client.force_login(officer_a)
    html = page(client.get(reverse("members:person_detail", args=[member.pk])))
    assert 'id="membership-actions"' in html and 'id="action-modal"' in html
    for present in ("转会", "退会", "退休", "登记去世"):
        assert present in html
    assert url("membership_admit", member.pk) not in html
    assert url("membership_transfer", member.pk) in html

    outsider = make_person(tree["company"], "李华", member=False)
    html = page(client.get(reverse("members:person_detail", args=[outsider.pk])))
    assert url("membership_apply", outsider.pk) in html and url("membership_admit", outsider.pk) in html
    assert url("membership_withdraw", outsider.pk) not in html and url("membership_reject", outsider.pk) not in html

    services.member_apply(person=outsider, applied_on=TODAY)
    html = page(client.get(reverse("members:person_detail", args=[outsider.pk])))
    assert url("membership_reject", outsider.pk) in html and url("membership_apply", outsider.pk) not in html


def test_read_only_role_sees_no_actions(client, tree, make_user, member):
    upper = make_user("upper", Role.UPPER, tree["fed"])
    client.force_login(upper)
    html = page(client.get(reverse("members:person_detail", args=[member.pk])))
    assert "membership-actions" not in html
    assert client.get(url("membership_withdraw", member.pk)).status_code == 404


# --- admission ------------------------------------------------------------------------------------------------
def test_apply_then_admit_with_a_typed_number(client, officer_a, tree, make_person):
    p = make_person(tree["company"], "李华", member=False)
    client.force_login(officer_a)
    form_page = client.get(url("membership_apply", p.pk))
    assert form_page.status_code == 200
    assert f'value="{TODAY:%Y-%m-%d}"' in page(form_page)  # the date defaults to today
    assert "data-once" in page(form_page)

    r = client.post(url("membership_apply", p.pk), {"applied_on": "2025-01-02", "note": "本人申请"})
    assert r.status_code == 302 and r["Location"].endswith(f"/people/{p.pk}/?tab=membership")
    p.refresh_from_db()
    assert p.member_status == Person.MemberStatus.PENDING

    r = client.post(url("membership_admit", p.pk), {"joined_on": "2025-01-10", "member_no": "A-888"}, follow=True)
    assert "已批准李华入会，会员编号 A-888" in page(r)
    assert "批准入会" in page(r) and 'id="membership-timeline"' in page(r)  # back on the 会籍历史 tab
    p.refresh_from_db()
    assert p.member_status == Person.MemberStatus.ACTIVE and p.member_no == "A-888"
    m = p.memberships.get()
    assert m.applied_on == datetime.date(2025, 1, 2) and m.started_on == datetime.date(2025, 1, 10)


def test_admit_without_number_numbers_automatically(client, officer_a, tree, make_person):
    p = make_person(tree["company"], "王强", member=False)
    client.force_login(officer_a)
    client.post(url("membership_admit", p.pk), {"joined_on": TODAY.isoformat()})
    p.refresh_from_db()
    assert p.member_status == Person.MemberStatus.ACTIVE and p.member_no.startswith("A-")


def test_admit_a_member_twice_is_refused_in_the_form(client, officer_a, member):
    client.force_login(officer_a)
    blocked = page(client.get(url("membership_admit", member.pk)))
    assert "不能批准入会" in blocked and "确认批准入会" not in blocked
    r = client.post(url("membership_admit", member.pk), {"joined_on": TODAY.isoformat()})
    assert r.status_code == 200
    assert "张晓明已是会员" in page(r) and 'id="form-errors"' in page(r)
    assert member.memberships.count() == 1


def test_double_submission_of_admit_is_harmless(client, officer_a, tree, make_person):
    p = make_person(tree["company"], "赵六", member=False)
    client.force_login(officer_a)
    data = {"joined_on": TODAY.isoformat()}
    assert client.post(url("membership_admit", p.pk), data).status_code == 302
    second = client.post(url("membership_admit", p.pk), data)
    assert second.status_code == 200 and "已是会员" in page(second)
    assert p.memberships.count() == 1
    assert p.membership_events.filter(kind=MembershipEvent.Kind.JOIN).count() == 1


def test_reject_needs_a_reason(client, officer_a, tree, make_person):
    p = make_person(tree["company"], "钱七", member=False)
    services.member_apply(person=p, applied_on=TODAY)
    client.force_login(officer_a)
    r = client.post(url("membership_reject", p.pk), {"on": TODAY.isoformat(), "note": ""})
    assert r.status_code == 200 and "请填写不予批准的原因" in page(r)
    r = client.post(url("membership_reject", p.pk), {"on": TODAY.isoformat(), "note": "试用期未满"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.member_status == Person.MemberStatus.NONE
    assert p.membership_events.filter(kind=MembershipEvent.Kind.REJECT, note="试用期未满").exists()


# --- retirement, withdrawal, death ----------------------------------------------------------------------------
def test_retire_keeps_membership(client, officer_a, member):
    client.force_login(officer_a)
    r = client.post(url("membership_retire", member.pk), {"on": TODAY.isoformat()}, follow=True)
    assert "已登记张晓明退休" in page(r)
    member.refresh_from_db()
    assert member.work_status == Person.WorkStatus.RETIRED and member.member_status == Person.MemberStatus.ACTIVE


def test_withdraw_needs_a_reason_and_ends_membership(client, officer_a, member):
    client.force_login(officer_a)
    r = client.post(url("membership_withdraw", member.pk), {"on": TODAY.isoformat(), "note": " "})
    assert r.status_code == 200 and "请填写退会原因" in page(r)
    r = client.post(url("membership_withdraw", member.pk), {"on": TODAY.isoformat(), "note": "本人申请退会"})
    assert r.status_code == 302
    member.refresh_from_db()
    assert member.member_status == Person.MemberStatus.WITHDRAWN
    assert member.memberships.get().ended_on == TODAY


def test_withdraw_a_non_member_is_refused(client, officer_a, tree, make_person):
    p = make_person(tree["company"], "孙八", member=False)
    client.force_login(officer_a)
    assert "目前不是会员" in page(client.get(url("membership_withdraw", p.pk)))
    r = client.post(url("membership_withdraw", p.pk), {"on": TODAY.isoformat(), "note": "退会"})
    assert r.status_code == 200 and "孙八目前不是会员" in page(r)
    p.refresh_from_db()
    assert p.member_status == Person.MemberStatus.NONE


def test_death_ends_membership_and_withdraws_a_pending_transfer(client, officer_a, tree, member):
    t = services.member_transfer_out(person=member, to_org=tree["school"], on=TODAY)
    client.force_login(officer_a)
    r = client.post(url("membership_death", member.pk), {"on": TODAY.isoformat(), "note": "病故"}, follow=True)
    assert "已登记张晓明去世" in page(r)
    member.refresh_from_db()
    t.refresh_from_db()
    assert member.member_status == Person.MemberStatus.DECEASED and member.work_status == Person.WorkStatus.DECEASED
    assert t.status == Transfer.Status.CANCELLED
    html = page(client.get(reverse("members:person_detail", args=[member.pk])))
    assert "membership-actions" not in html


def test_another_unions_person_answers_404(client, officer_b, member):
    client.force_login(officer_b)
    for name in ACTIONS:
        assert client.get(url(name, member.pk)).status_code == 404, name
        assert client.post(url(name, member.pk), {"on": TODAY.isoformat(), "joined_on": TODAY.isoformat(),
                                                  "applied_on": TODAY.isoformat(), "note": "x",
                                                  "to_org_name": "x"}).status_code == 404, name
    member.refresh_from_db()
    assert member.member_status == Person.MemberStatus.ACTIVE and member.transfers.count() == 0


# --- HTMX modal -----------------------------------------------------------------------------------------------
def test_actions_open_in_a_modal_with_htmx(client, officer_a, member):
    client.force_login(officer_a)
    r = client.get(url("membership_withdraw", member.pk), HTTP_HX_REQUEST="true")
    html = page(r)
    assert r.status_code == 200 and "<html" not in html and 'class="modal-header"' in html
    assert f'hx-post="{url("membership_withdraw", member.pk)}"' in html
    r = client.post(url("membership_withdraw", member.pk), {"on": TODAY.isoformat(), "note": ""}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "modal-body" in page(r)
    r = client.post(url("membership_withdraw", member.pk), {"on": TODAY.isoformat(), "note": "调离"},
                    HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and r["HX-Redirect"].endswith(f"/people/{member.pk}/?tab=membership")


# --- transfers: starting one ----------------------------------------------------------------------------------
def test_org_search_finds_unions_in_other_federations_by_code_or_name(client, officer_a, other_fed, member):
    client.force_login(officer_a)
    search = reverse("members:transfer_org_search")
    html = page(client.get(search, {"q": "C", "field": "to_org"}))
    assert "丙工厂工会" in html and f'value="{other_fed["union"].pk}"' in html
    # The target's name and code, nothing else of it.
    assert "外区某路" not in html and "010-12345678" not in html and "外区总工会" not in html
    assert "丙工厂工会" in page(client.get(search, {"q": "丙工厂"}))
    assert "未找到" in page(client.get(search, {"q": "不存在的工会"}))
    org_services.org_close(org=other_fed["union"], closed_on=TODAY, reason="撤销")
    assert "丙工厂工会" not in page(client.get(search, {"q": "丙工厂"}))


def test_org_search_needs_membership_rights(client, tree, make_user):
    client.force_login(make_user("upper", Role.UPPER, tree["fed"]))
    assert client.get(reverse("members:transfer_org_search"), {"q": "A"}).status_code == 404


def test_transfer_needs_exactly_one_destination(client, officer_a, tree, member):
    client.force_login(officer_a)
    r = client.post(url("membership_transfer", member.pk), {"on": TODAY.isoformat()})
    assert "请选择转入工会，或填写系统外的转入工会名称" in page(r)
    r = client.post(url("membership_transfer", member.pk),
                    {"on": TODAY.isoformat(), "to_org": tree["school"].pk, "to_org_name": "某工会"})
    assert "请只选择一种" in page(r)
    # The chosen union stays shown after the error, by name only.
    assert "乙学校工会" in page(r)
    r = client.post(url("membership_transfer", member.pk), {"on": TODAY.isoformat(), "to_org": member.org_id})
    assert "转入工会不能是当前所在工会" in page(r)
    assert member.transfers.count() == 0


def test_transfer_outside_the_system_ends_membership_at_once(client, officer_a, member):
    client.force_login(officer_a)
    r = client.post(url("membership_transfer", member.pk),
                    {"on": TODAY.isoformat(), "to_org_name": "外省某公司工会", "reason": "调动"}, follow=True)
    assert "已转出至系统外工会“外省某公司工会”" in page(r)
    member.refresh_from_db()
    assert member.member_status == Person.MemberStatus.TRANSFERRED_OUT
    assert member.transfers.get().status == Transfer.Status.OUTSIDE


# --- transfers: the receiving union ---------------------------------------------------------------------------
def test_receiving_union_in_another_federation_accepts(client, officer_a, officer_c, other_fed, member):
    union_c = other_fed["union"]
    client.force_login(officer_a)
    r = client.post(url("membership_transfer", member.pk),
                    {"on": TODAY.isoformat(), "to_org": union_c.pk, "reason": "工作调动"}, follow=True)
    assert "等待“丙工厂工会”接收" in page(r)
    assert 'id="pending-transfer"' in page(r)
    t = member.transfers.get()
    assert t.status == Transfer.Status.PENDING

    client.force_login(officer_c)
    # Not yet theirs: the person page is out of scope, the transfer is not.
    assert client.get(reverse("members:person_detail", args=[member.pk])).status_code == 404
    listing = page(client.get(reverse("members:transfer_list"), {"direction": "in", "status": "pending"}))
    assert "张晓明" in listing and url("transfer_accept", t.pk) in listing
    assert url("transfer_cancel", t.pk) not in listing
    assert reverse("members:person_detail", args=[member.pk]) not in listing  # no link to a page they cannot open
    detail = page(client.get(url("transfer_detail", t.pk)))
    assert "已等待0天" in detail and "工作调动" in detail

    r = client.post(url("transfer_accept", t.pk), {"on": TODAY.isoformat(), "member_no": "C-100"}, follow=True)
    assert "已接收张晓明转入，本会会员编号 C-100" in page(r)
    member.refresh_from_db()
    assert member.org == union_c and member.member_status == Person.MemberStatus.ACTIVE and member.member_no == "C-100"
    assert list(member.memberships.order_by("started_on", "id").values_list("org__code", "ended_on")) == [
        ("A", TODAY), ("C", None)]
    # Now theirs, and no longer the sending union's.
    assert client.get(reverse("members:person_detail", args=[member.pk])).status_code == 200
    client.force_login(officer_a)
    assert client.get(reverse("members:person_detail", args=[member.pk])).status_code == 404
    assert "已接收" in page(client.get(reverse("members:transfer_list"), {"direction": "out"}))


def test_double_post_of_accept_is_harmless(client, officer_b, tree, member):
    t = services.member_transfer_out(person=member, to_org=tree["school"], on=TODAY)
    client.force_login(officer_b)
    data = {"on": TODAY.isoformat()}
    assert client.post(url("transfer_accept", t.pk), data).status_code == 302
    second = client.post(url("transfer_accept", t.pk), data)
    assert second.status_code == 200 and "不能重复办理" in page(second)
    assert member.memberships.filter(ended_on__isnull=True).count() == 1
    assert member.memberships.count() == 2


def test_accepting_a_cancelled_transfer_is_refused(client, officer_b, tree, member):
    t = services.member_transfer_out(person=member, to_org=tree["school"], on=TODAY)
    services.transfer_cancel(transfer=t, on=TODAY)
    client.force_login(officer_b)
    assert "无需再办理" in page(client.get(url("transfer_accept", t.pk)))
    r = client.post(url("transfer_accept", t.pk), {"on": TODAY.isoformat()})
    assert r.status_code == 200 and "已撤回" in page(r)
    member.refresh_from_db()
    assert member.org == tree["company"] and member.member_status == Person.MemberStatus.ACTIVE


def test_accept_refuses_a_member_number_already_used(client, officer_b, tree, make_person, member):
    taken = make_person(tree["school"], "已有会员").member_no
    t = services.member_transfer_out(person=member, to_org=tree["school"], on=TODAY)
    client.force_login(officer_b)
    r = client.post(url("transfer_accept", t.pk), {"on": TODAY.isoformat(), "member_no": taken})
    assert r.status_code == 200 and "已被使用" in page(r)
    t.refresh_from_db()
    assert t.status == Transfer.Status.PENDING


def test_receiving_union_refuses_with_a_reason(client, officer_b, tree, member):
    t = services.member_transfer_out(person=member, to_org=tree["school"], on=TODAY)
    client.force_login(officer_b)
    r = client.post(url("transfer_reject", t.pk), {"on": TODAY.isoformat(), "note": ""})
    assert r.status_code == 200 and "请填写拒收原因" in page(r)
    r = client.post(url("transfer_reject", t.pk), {"on": TODAY.isoformat(), "note": "非本单位职工"}, follow=True)
    assert "已拒收张晓明的转会" in page(r)
    t.refresh_from_db()
    member.refresh_from_db()
    assert t.status == Transfer.Status.REJECTED and t.decision_note == "非本单位职工"
    assert member.org == tree["company"] and member.member_status == Person.MemberStatus.ACTIVE


def test_each_side_only_does_its_own_part(client, officer_a, officer_b, tree, member):
    t = services.member_transfer_out(person=member, to_org=tree["school"], on=TODAY)
    client.force_login(officer_a)  # sender: may withdraw, may not accept
    assert client.get(url("transfer_accept", t.pk)).status_code == 404
    assert client.post(url("transfer_reject", t.pk), {"on": TODAY.isoformat(), "note": "x"}).status_code == 404
    assert client.get(url("transfer_cancel", t.pk)).status_code == 200
    client.force_login(officer_b)  # receiver: may accept, may not withdraw
    assert client.post(url("transfer_cancel", t.pk), {"on": TODAY.isoformat()}).status_code == 404
    assert client.get(url("transfer_accept", t.pk)).status_code == 200
    t.refresh_from_db()
    assert t.status == Transfer.Status.PENDING


def test_another_unions_transfer_answers_404(client, officer_c, tree, member):
    t = services.member_transfer_out(person=member, to_org=tree["school"], on=TODAY)
    client.force_login(officer_c)
    for name in ("transfer_detail", "transfer_accept", "transfer_reject", "transfer_cancel"):
        assert client.get(url(name, t.pk)).status_code == 404, name
        if name != "transfer_detail":
            assert client.post(url(name, t.pk), {"on": TODAY.isoformat(), "note": "x"}).status_code == 404, name
    assert "张晓明" not in page(client.get(reverse("members:transfer_list")))
    t.refresh_from_db()
    assert t.status == Transfer.Status.PENDING


def test_transfer_never_accepted_waits_and_is_withdrawn_by_the_sender(client, officer_a, other_fed, member):
    requested = TODAY - datetime.timedelta(days=45)
    t = services.member_transfer_out(person=member, to_org=other_fed["union"], on=requested, reason="调动")
    client.force_login(officer_a)
    listing = page(client.get(reverse("members:transfer_list"), {"direction": "out", "status": "pending"}))
    assert "已等待45天" in listing and url("transfer_cancel", t.pk) in listing
    assert url("transfer_accept", t.pk) not in listing
    detail = page(client.get(url("transfer_detail", t.pk)))
    assert "已等待45天" in detail and "对方工会长期未接收的，可撤回转会" in detail

    r = client.post(url("transfer_cancel", t.pk), {"on": TODAY.isoformat(), "note": "对方工会未接收"}, follow=True)
    assert "已撤回张晓明的转会" in page(r)
    t.refresh_from_db()
    member.refresh_from_db()
    assert t.status == Transfer.Status.CANCELLED
    assert member.member_status == Person.MemberStatus.ACTIVE and member.org.code == "A"
    # Membership never broke: one period, still open.
    assert list(member.memberships.values_list("ended_on", flat=True)) == [None]
    assert member.membership_events.filter(kind=MembershipEvent.Kind.TRANSFER_CANCELLED).exists()


# --- the transfer list ----------------------------------------------------------------------------------------
def test_transfer_list_filters_by_direction_and_status(client, tree, make_user, make_person):
    officer = make_user("fed_officer", Role.OFFICER, tree["company"])
    out = make_person(tree["company"], "转出甲")
    incoming = make_person(tree["school"], "转入乙")
    t_out = services.member_transfer_out(person=out, to_org=tree["school"], on=TODAY)
    t_in = services.member_transfer_out(person=incoming, to_org=tree["branch"], on=TODAY)
    services.transfer_cancel(transfer=t_out, on=TODAY)
    client.force_login(officer)
    all_rows = page(client.get(reverse("members:transfer_list")))
    assert "转出甲" in all_rows and "转入乙" in all_rows
    assert 'id="incoming-pending"' in all_rows
    outs = page(client.get(reverse("members:transfer_list"), {"direction": "out"}))
    assert "转出甲" in outs and "转入乙" not in outs
    ins = page(client.get(reverse("members:transfer_list"), {"direction": "in", "status": "pending"}))
    assert "转入乙" in ins and "转出甲" not in ins and url("transfer_accept", t_in.pk) in ins
    assert "转出甲" not in page(client.get(reverse("members:transfer_list"), {"status": "pending"}))


def test_transfer_list_query_count_does_not_grow_with_rows(client, officer_a, tree, make_person,
                                                           django_assert_max_num_queries):
    client.force_login(officer_a)
    for i in range(3):
        services.member_transfer_out(person=make_person(tree["company"], f"甲{i}"), to_org=tree["school"], on=TODAY)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("members:transfer_list")).status_code == 200
    for i in range(10):
        services.member_transfer_out(person=make_person(tree["company"], f"乙{i}"), to_org=tree["school"], on=TODAY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("members:transfer_list")).status_code == 200
