"""A member starts their own transfer (转会) from the phone: the rules of member_transfer_out, messages to both
unions' officers and to the member on the decision, the desk's to-dos, and the member's pages (another member's
transfer: 404)."""
import datetime

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.members import services
from gonghui.members.models import Person, Transfer
from gonghui.portal import desk, member
from gonghui.portal.models import Message

TODAY = localdate()


@pytest.fixture
def li(tree, make_user, make_person):
    return make_user("member_li", Role.MEMBER, tree["company"], person=make_person(tree["company"], "李会员"))


@pytest.fixture
def zhao(tree, make_user, make_person):
    return make_user("member_zhao", Role.MEMBER, tree["company"], person=make_person(tree["company"], "赵会员"))


def _kinds(user):
    return list(Message.objects.filter(recipient=user).values_list("kind", flat=True))


# ---- services ---------------------------------------------------------------------------------------------------

def test_a_member_starts_a_transfer_and_both_unions_officers_are_told(tree, li, officer_a, officer_b):
    t = services.member_transfer_request(actor=li, to_org=tree["school"], on=TODAY, reason="调往乙学校")
    assert t.status == Transfer.Status.PENDING and t.from_org == tree["company"] and t.person == li.person
    li.person.refresh_from_db()
    assert li.person.member_status == Person.MemberStatus.TRANSFERRING  # still a member of the company
    assert _kinds(officer_a) == ["members.transfer_new"] and _kinds(officer_b) == ["members.transfer_new"]
    message = Message.objects.get(recipient=officer_a)
    assert "李会员" in message.title and li.person.id_number not in message.body
    assert message.url == reverse("members:transfer_detail", args=[t.pk])


def test_to_a_union_outside_the_system_the_membership_ends_at_once(li, officer_a):
    t = services.member_transfer_request(actor=li, to_org_name="外省某工会", on=TODAY)
    li.person.refresh_from_db()
    assert t.status == Transfer.Status.OUTSIDE
    assert li.person.member_status == Person.MemberStatus.TRANSFERRED_OUT
    assert "会籍已于" in Message.objects.get(recipient=officer_a).body


def test_bad_requests_are_refused_in_chinese(tree, li, make_user, make_person):
    with pytest.raises(ServiceError, match="不能是当前所在工会"):
        services.member_transfer_request(actor=li, to_org=tree["company"], on=TODAY)
    with pytest.raises(ServiceError, match="请选择转入工会"):
        services.member_transfer_request(actor=li, on=TODAY)
    with pytest.raises(ServiceError, match="转出日期"):
        services.member_transfer_request(actor=li, to_org=tree["school"], on=TODAY + datetime.timedelta(days=1))
    services.member_transfer_request(actor=li, to_org=tree["school"], on=TODAY)
    with pytest.raises(ServiceError, match="已有一笔待接收的转会"):  # a second open transfer
        services.member_transfer_request(actor=li, to_org=tree["school"], on=TODAY)
    worker = make_user("worker", Role.MEMBER, tree["company"],
                       person=make_person(tree["company"], "非会员", member=False))
    with pytest.raises(ServiceError, match="目前不是会员"):
        services.member_transfer_request(actor=worker, to_org=tree["school"], on=TODAY)
    with pytest.raises(ServiceError, match="未关联人员信息"):
        services.member_transfer_request(actor=make_user("nobody"), to_org=tree["school"], on=TODAY)
    assert Transfer.objects.count() == 1


@pytest.mark.parametrize("decide, state", [
    (lambda t: services.transfer_accept(transfer=t, on=TODAY), "已接收"),
    (lambda t: services.transfer_reject(transfer=t, on=TODAY, note="编制不符"), "已拒收"),
    (lambda t: services.transfer_cancel(transfer=t, on=TODAY, note="对方未回复"), "已撤回"),
])
def test_the_member_is_told_of_the_decision(tree, li, decide, state):
    t = services.member_transfer_request(actor=li, to_org=tree["school"], on=TODAY)
    decide(t)
    message = Message.objects.get(recipient=li, kind="members.transfer_decision")
    assert message.title == f"转会{state}" and message.url == reverse("members:my_transfer", args=[t.pk])
    if state == "已拒收":
        assert "编制不符" in message.body


def test_the_member_withdraws_their_own_transfer_and_is_not_told_of_it(tree, li, zhao):
    t = services.member_transfer_request(actor=li, to_org=tree["school"], on=TODAY)
    with pytest.raises(ServiceError) as exc:
        services.member_transfer_withdraw(actor=zhao, transfer=t)
    assert exc.value.code == "out_of_scope"
    services.member_transfer_withdraw(actor=li, transfer=t)
    t.refresh_from_db()
    li.person.refresh_from_db()
    assert t.status == Transfer.Status.CANCELLED and t.decision_note == "会员本人撤回"
    assert li.person.member_status == Person.MemberStatus.ACTIVE
    assert not Message.objects.filter(recipient=li).exists()
    with pytest.raises(ServiceError, match="不能重复办理"):  # a double click
        services.member_transfer_withdraw(actor=li, transfer=t)


def test_the_desk_lists_transfers_waiting_on_either_side(tree, li, officer_a, officer_b):
    services.member_transfer_request(actor=li, to_org=tree["school"], on=TODAY)
    a = {t.key: t.count for t in desk.todos(officer_a, tree["company"])}
    b = {t.key: t.count for t in desk.todos(officer_b, tree["school"])}
    assert a.get("members.transfers_out") == 1 and "members.transfers_in" not in a
    assert b.get("members.transfers_in") == 1 and "members.transfers_out" not in b


def test_the_members_todo_and_applications(tree, li):
    assert [i for i in member.todos(li) if "转会" in i.label] == []
    t = services.member_transfer_request(actor=li, to_org=tree["school"], on=TODAY)
    item = next(i for i in member.todos(li) if "转会" in i.label)
    assert item.label == "转会待乙学校工会接收" and item.url == reverse("members:my_transfer", args=[t.pk])
    rows = dict((s.key, r) for s, r in member.applications(li))["members.transfer"]
    assert [(r.title, r.state) for r in rows] == [("转入乙学校工会", "待接收")]


# ---- pages ------------------------------------------------------------------------------------------------------

def test_the_member_starts_a_transfer_on_the_page(client, tree, li):
    client.force_login(li)
    url = reverse("members:my_transfer_start")
    html = client.get(url).content.decode()
    assert "申请转会" in html and "李会员" in html
    r = client.post(url, {"on": TODAY.isoformat(), "to_org": tree["school"].pk, "reason": "调动"})
    t = Transfer.objects.get(person=li.person)
    assert r.status_code == 302 and r["Location"] == reverse("members:my_transfer", args=[t.pk])
    html = client.get(r["Location"]).content.decode()
    assert "待接收" in html and "乙学校工会" in html and 'id="withdraw-transfer"' in html
    assert "正在等待接收" in client.get(url).content.decode()  # the form says a transfer is already waiting
    html = client.get(reverse("portal:member_applications")).content.decode()
    assert "转入乙学校工会" in html and "待接收" in html
    assert client.post(reverse("members:my_transfer_withdraw", args=[t.pk])).status_code == 302
    t.refresh_from_db()
    assert t.status == Transfer.Status.CANCELLED


def test_outside_needs_a_confirmation_and_empty_form_loses_nothing(client, li):
    client.force_login(li)
    url = reverse("members:my_transfer_start")
    html = client.post(url, {"on": TODAY.isoformat(), "to_org_name": "外省某工会"}).content.decode()
    assert "请勾选确认" in html and "外省某工会" in html
    html = client.post(url, {"on": TODAY.isoformat()}).content.decode()
    assert "请选择转入工会" in html
    assert not Transfer.objects.exists()
    client.post(url, {"on": TODAY.isoformat(), "to_org_name": "外省某工会", "confirm_outside": "on"})
    assert Transfer.objects.get().status == Transfer.Status.OUTSIDE


def test_another_members_transfer_is_404(client, tree, li, zhao):
    t = services.member_transfer_request(actor=li, to_org=tree["school"], on=TODAY)
    client.force_login(zhao)
    assert client.get(reverse("members:my_transfer", args=[t.pk])).status_code == 404
    assert client.post(reverse("members:my_transfer_withdraw", args=[t.pk])).status_code == 404
    t.refresh_from_db()
    assert t.status == Transfer.Status.PENDING


def test_the_union_search_needs_two_characters_and_leaves_out_ones_own_union(client, tree, li):
    client.force_login(li)
    url = reverse("members:my_transfer_unions")
    assert "乙学校工会" not in client.get(url, {"q": "乙"}).content.decode()
    html = client.get(url, {"q": "工会"}).content.decode()
    assert "乙学校工会" in html and f'value="{tree["company"].pk}"' not in html


def test_a_member_sees_family_and_membership_periods(client, li):
    services.family_member_add(person=li.person, relation="spouse", name="李家属")
    client.force_login(li)
    html = client.get(reverse("members:me")).content.decode()
    assert 'id="my-family"' in html and "李家属" in html and 'id="my-memberships"' in html
    assert "甲公司工会" in html
