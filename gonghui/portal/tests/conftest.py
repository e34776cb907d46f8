"""Desk fixtures: a way to put N items of every to-do source into a union."""
from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils.timezone import localdate

from conftest import make_id
from gonghui.care import services as care
from gonghui.care.models import Assistance, HardshipLevel, LifeEventKind
from gonghui.members import services as members
from gonghui.portal import services_join as join
from gonghui.reports import submitting

_periods = itertools.count(2001)
_others = itertools.count(1)
_phones = itertools.count(13900000001)


@pytest.fixture
def must_visit(tree):
    return care.must_visit_rule_save(actor=None, org=tree["fed"], event_kind=LifeEventKind.HOSPITALISED, window_days=7)


@pytest.fixture
def fill(tree, make_person, must_visit):
    """fill(officer, org, n): n pending applications, n online applications (网上入会) waiting for review, n applications awaiting the officer's decision, n overdue
    hardship reviews, n events not visited in `org`; n transfers out of `org` and n into it (from and to a union of
    another federation, so that no other union's counts move), n members asking for a password reset; and n
    overdue and n open calls for reports from its parent."""
    from gonghui.accounts.models import User
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Organization
    from gonghui.portal import services_reset

    def _fill(officer, org, n):
        today = localdate()
        other = org_services.org_create(code=f"OTHER{next(_others)}", name="外区某工会",
                                        kind=Organization.Kind.GRASSROOTS) if n else None
        for _ in range(n):
            leaving = make_person(org, "转出人")
            members.member_transfer_out(person=leaving, to_org=other, on=today)
            coming = make_person(other, "转入人")
            members.member_transfer_out(person=coming, to_org=org, on=today)
            phone = str(next(_phones))
            forgot = make_person(org, "忘记密码的会员", phone=phone)
            User.objects.create_user(username=phone, password="x-Unused-123", person=forgot)
            services_reset.reset_request(phone=phone, id_last6=forgot.id_number[-6:])
            applicant = make_person(org, "申请人", member=False)
            members.member_apply(person=applicant, applied_on=today)
            join.join_apply(org=org, name="网上申请人", id_number=make_id(), phone="13812345678", employer="某公司",
                            consent=True)
            p = make_person(org, "困难户")
            care.assistance_create(actor=officer, person=p, kind=Assistance.Kind.DAILY, amount="200", reason="家中受灾",
                                   submit=True, applied_on=today - datetime.timedelta(days=5))
            care.hardship_file_open(actor=officer, person=p, level=HardshipLevel.ORDINARY, causes=["illness"],
                                    opened_on=today - datetime.timedelta(days=400),
                                    review_due_on=today - datetime.timedelta(days=30))
            care.life_event_report(actor=officer, person=p, kind=LifeEventKind.HOSPITALISED,
                                   occurred_on=today - datetime.timedelta(days=10))
            submitting.request_reports(None, org=org.parent, period=str(next(_periods)),
                                       due_on=today - datetime.timedelta(days=3))
            submitting.request_reports(None, org=org.parent, period=str(next(_periods)),
                                       due_on=today + datetime.timedelta(days=20))

    return _fill
