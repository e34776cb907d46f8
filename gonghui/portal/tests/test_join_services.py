"""网上入会 services: apply, refuse duplicates and members elsewhere (without saying where), review, invitations."""
from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conftest import make_id
from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.members.models import MembershipEvent, Person
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Organization
from gonghui.portal import services_join as join
from gonghui.portal.models import Invitation, JoinApplication

PHONE = "13812345678"


def _apply(org, id_number=None, **extra):
    fields = dict(org=org, name="王小明", id_number=id_number or make_id(), phone=PHONE, employer="甲公司",
                  consent=True)
    fields.update(extra)
    return join.join_apply(**fields)


def test_apply_stores_parsed_id_and_number(tree):
    number = make_id(datetime.date(1990, 5, 6), female=True)
    app = _apply(tree["company"], number)
    assert app.status == JoinApplication.Status.PENDING
    assert app.number.startswith("RH") and app.gender == "F" and app.birth_date == datetime.date(1990, 5, 6)


@pytest.mark.parametrize("bad", ["110101199001011234", "123", "110101209901010014"])
def test_apply_refuses_bad_id_numbers(tree, bad):
    with pytest.raises(ServiceError, match="身份证号"):
        _apply(tree["company"], bad)


def test_apply_needs_consent_and_a_joinable_union(tree):
    with pytest.raises(ServiceError, match="章程"):
        _apply(tree["company"], consent=False)
    with pytest.raises(ServiceError, match="选择要加入的工会"):
        _apply(tree["branch"])  # a branch is part of a union, not one to join
    with pytest.raises(ServiceError, match="选择要加入的工会"):
        _apply(tree["fed"])


def test_apply_twice_while_pending_is_refused(tree):
    number = make_id()
    _apply(tree["company"], number)
    with pytest.raises(ServiceError, match="正在审核"):
        _apply(tree["school"], number)


def test_member_elsewhere_is_refused_without_saying_where(tree, make_person):
    member = make_person(tree["school"], "李四")
    with pytest.raises(ServiceError) as exc:
        _apply(tree["company"], member.id_number)
    message = " ".join(exc.value.messages)
    assert message == join.ALREADY_MEMBER
    assert "乙学校" not in message and tree["school"].code not in message


def test_approve_admits_with_member_number_and_issues_code(tree, officer_a):
    app = _apply(tree["company"])
    app, code = join.join_approve(actor=officer_a, application=app)
    person = Person.objects.get(id_number=app.id_number)
    assert app.status == JoinApplication.Status.APPROVED and app.person == person
    assert person.org == tree["company"] and person.member_status == Person.MemberStatus.ACTIVE
    assert app.person.member_no == person.member_no  # the caller's copy is the admitted one
    assert person.member_no.startswith("A-") and person.memberships.get().member_no == person.member_no
    kinds = list(person.membership_events.order_by("pk").values_list("kind", flat=True))
    assert kinds == [MembershipEvent.Kind.APPLY, MembershipEvent.Kind.JOIN]
    assert len(code.replace("-", "")) == 12
    invitation = Invitation.objects.get(person=person)
    assert code not in invitation.code_hash and invitation.used_at is None


def test_approve_is_all_or_nothing(tree, officer_a, make_person):
    app = _apply(tree["company"])
    # Someone registers the same ID number elsewhere (not a member) before the review: nothing is half-done.
    make_person(tree["school"], "王小明", id_number=app.id_number, member=False)
    with pytest.raises(ServiceError, match="其他组织登记"):
        join.join_approve(actor=officer_a, application=app)
    app.refresh_from_db()
    assert app.status == JoinApplication.Status.PENDING and not Invitation.objects.exists()


def test_approve_takes_a_person_already_registered_in_the_union(tree, officer_a, make_person):
    person = make_person(tree["branch"], "王小明", member=False)
    app = _apply(tree["company"], person.id_number)
    join.join_approve(actor=officer_a, application=app)
    person.refresh_from_db()
    assert person.member_status == Person.MemberStatus.ACTIVE and person.org == tree["branch"]


def test_officer_outside_scope_cannot_review(tree, officer_b):
    app = _apply(tree["company"])
    for call in (lambda: join.join_approve(actor=officer_b, application=app),
                 lambda: join.join_refuse(actor=officer_b, application=app, reason="x"),
                 lambda: join.join_ask_more(actor=officer_b, application=app, note="x")):
        with pytest.raises(ServiceError) as exc:
            call()
        assert exc.value.code == "out_of_scope"


def test_refuse_and_ask_for_more(tree, officer_a):
    app = _apply(tree["company"])
    with pytest.raises(ServiceError, match="原因"):
        join.join_refuse(actor=officer_a, application=app, reason=" ")
    join.join_ask_more(actor=officer_a, application=app, note="请补充劳动合同首页照片")
    seen = join.join_lookup(number=app.number, id_last6=app.id_number[-6:])
    assert seen.status == JoinApplication.Status.MORE_INFO and seen.reason == "请补充劳动合同首页照片"
    join.join_supplement(application=seen, text="合同已交人事部门，编号2024-18")
    app.refresh_from_db()
    assert app.status == JoinApplication.Status.PENDING and "2024-18" in app.supplement
    join.join_refuse(actor=officer_a, application=app, reason="非本单位职工")
    app.refresh_from_db()
    assert app.status == JoinApplication.Status.REFUSED and app.reason == "非本单位职工"
    with pytest.raises(ServiceError, match="审核完毕"):
        join.join_approve(actor=officer_a, application=app)
    # Refused: the worker may apply again.
    _apply(tree["company"], app.id_number)


def test_lookup_needs_the_right_id_tail(tree):
    app = _apply(tree["company"])
    assert join.join_lookup(number=app.number, id_last6="000000") is None
    assert join.join_lookup(number=app.number.lower(), id_last6=app.id_number[-6:].lower()) == app


def test_search_and_unaffiliated_union(tree):
    assert list(join.search_unions("甲公司")) == [tree["company"]]
    assert list(join.search_unions("一分会")) == []  # branches are not unions to join
    assert list(join.unaffiliated_unions()) == []
    joint = org_services.org_create(code="J", name="某街道联合工会", kind=Organization.Kind.JOINT, parent=tree["fed"])
    assert list(join.unaffiliated_unions()) == [joint]
    flagged = org_services.org_create(code="N", name="测试区新就业形态劳动者工会", kind=Organization.Kind.GRASSROOTS,
                                      parent=tree["fed"], accepts_unaffiliated=True)
    assert list(join.unaffiliated_unions()) == [flagged]


def test_activate_once_and_refuse_reuse_and_expiry(tree, officer_a):
    app, code = join.join_approve(actor=officer_a, application=_apply(tree["company"]))
    with pytest.raises(ServiceError, match="不正确"):
        join.account_activate(phone="13900000000", code=code, password="Zhiwei2025abc")
    with pytest.raises(ServiceError):
        join.account_activate(phone=PHONE, code=code, password="12345678")  # the password rules
    user = join.account_activate(phone=PHONE, code=code.lower(), password="Zhiwei2025abc")
    assert user.username == PHONE and user.person == app.person and user.check_password("Zhiwei2025abc")
    assert user.roles.get().role == Role.MEMBER
    with pytest.raises(ServiceError, match="已使用过"):
        join.account_activate(phone=PHONE, code=code, password="Zhiwei2025abc")
    assert User.objects.filter(username=PHONE).count() == 1


def test_expired_and_replaced_codes(tree, officer_a):
    app, old = join.join_approve(actor=officer_a, application=_apply(tree["company"]))
    [(_, new)] = join.invitations_issue(actor=officer_a, people=[app.person])
    with pytest.raises(ServiceError, match="作废"):
        join.account_activate(phone=PHONE, code=old, password="Zhiwei2025abc")
    Invitation.objects.filter(revoked=False).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ServiceError, match="过期"):
        join.account_activate(phone=PHONE, code=new, password="Zhiwei2025abc")


def test_bulk_issue_skips_people_with_accounts_and_checks_scope(tree, officer_a, officer_b, make_person):
    with_phone = make_person(tree["company"], "甲", phone="13700000001")
    no_phone = make_person(tree["company"], "乙")
    issued = join.invitations_issue(actor=officer_a, people=[with_phone, no_phone])
    assert [p for p, _ in issued] == [with_phone]
    with pytest.raises(ServiceError):
        join.invitations_issue(actor=officer_b, people=[with_phone])


def test_the_database_keeps_one_open_application_per_id(tree):
    """Two submissions at the same instant both pass the friendly check; the constraint stops the second."""
    app = _apply(tree["company"])
    twin = JoinApplication(number="RH-TWIN", org=app.org, name=app.name, id_number=app.id_number, gender=app.gender,
                           birth_date=app.birth_date, phone=app.phone, employer=app.employer,
                           consented_at=app.consented_at)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


# ---- messages (portal.messaging) ------------------------------------------------------------------------------

def test_new_application_tells_the_unions_admission_officers_once(tree, officer_a, officer_b, make_user):
    from gonghui.portal.models import Message

    above = make_user("fed_officer", Role.OFFICER, tree["fed"])  # the federation is another union: not told
    app = _apply(tree["company"])
    told = Message.objects.filter(kind=join.JOIN_NEW.key)
    assert list(told.values_list("recipient__username", flat=True)) == ["officer_a"]
    message = told.get()
    assert app.number in message.title and app.id_number not in message.body
    assert message.url.endswith(f"/join/review/{app.pk}/")
    assert not Message.objects.filter(recipient__in=[officer_b, above]).exists()
    # The applicant answers a request for more: the officers are not told a second time of the same application.
    join.join_ask_more(actor=officer_a, application=app, note="请补充")
    join.join_supplement(application=app, text="已补充")
    assert told.count() == 1


def test_decisions_reach_an_applicant_who_already_has_an_account(tree, officer_a, make_person, make_user):
    from gonghui.portal.models import Message

    worker = make_person(tree["company"], "王小明", member=False)
    account = make_user("13800000001", person=worker)
    app = _apply(tree["company"], worker.id_number)
    join.join_ask_more(actor=officer_a, application=app, note="请补充劳动合同")
    join.join_supplement(application=app, text="已补充")
    join.join_approve(actor=officer_a, application=app)
    got = Message.objects.filter(recipient=account, kind=join.JOIN_DECISION.key).order_by("pk")
    assert [m.title for m in got] == ["入会申请需补充材料", "入会申请已批准"]
    assert "请补充劳动合同" in got[0].body and app.number in got[1].body

    other = make_person(tree["company"], "李四", member=False)
    other_account = make_user("13800000002", person=other)
    refused = _apply(tree["company"], other.id_number)
    join.join_refuse(actor=officer_a, application=refused, reason="非本单位职工")
    assert Message.objects.get(recipient=other_account, kind=join.JOIN_DECISION.key).body.endswith("原因：非本单位职工")


def test_applicant_without_an_account_gets_no_message(tree, officer_a):
    from gonghui.portal.models import Message

    app = _apply(tree["company"])
    join.join_approve(actor=officer_a, application=app)
    assert not Message.objects.filter(kind=join.JOIN_DECISION.key).exists()
