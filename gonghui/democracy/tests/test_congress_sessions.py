"""The congress room: rules, composition, sessions, attendance, quorum, resolutions and votes."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from gonghui.core.errors import ServiceError
from gonghui.democracy.models import CongressRuleSet, CongressSession, Resolution, SessionAttendance
from gonghui.democracy.selectors import congress as reads
from gonghui.democracy.services import congress as services

from .congress_setup import congress_with_delegates

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def setup(tree, officer_a, make_person):
    congress, term, delegates = congress_with_delegates(officer_a, tree["company"], make_person, n=9)
    session = services.session_create(actor=officer_a, term=term, opened_on=DAY, place="职工之家",
                                      agenda="听取行政工作报告\n审议集体合同草案")
    return {"term": term, "delegates": delegates, "session": session, "officer": officer_a}


def _attend(officer, session, delegates, present: int):
    for d in delegates[:present]:
        services.attendance_mark(actor=officer, session=session, delegate=d, status=SessionAttendance.Status.PRESENT)


def test_quorum_and_pass_mark_are_of_all_delegates():
    rules = reads.Rules(None)
    assert rules.quorum_of(60) == 40 and rules.quorum_of(61) == 41 and rules.quorum_of(9) == 6
    assert rules.pass_of(60) == 31 and rules.pass_of(61) == 31 and rules.pass_of(9) == 5


def test_session_numbered_and_dates_checked(setup):
    s = setup["session"]
    assert s.number == 1 and str(s) == "二届一次职代会" and s.agenda_items == ["听取行政工作报告", "审议集体合同草案"]
    with pytest.raises(ServiceError, match="任期内"):
        services.session_create(actor=setup["officer"], term=setup["term"], opened_on=datetime.date(2024, 1, 1))
    with pytest.raises(ServiceError, match="闭幕日期不能早于"):
        services.session_create(actor=setup["officer"], term=setup["term"], opened_on=DAY,
                                closed_on=DAY - datetime.timedelta(days=1))
    second = services.session_create(actor=setup["officer"], term=setup["term"], opened_on=DAY)
    assert second.number == 2


def test_valid_session_and_resolution_against_all_delegates(setup):
    o, s, ds = setup["officer"], setup["session"], setup["delegates"]
    services.session_open(actor=o, session=s)
    _attend(o, s, ds, 6)  # 6 of 9 = 2/3: quorate
    services.attendance_mark(actor=o, session=s, delegate=ds[6], status="leave", reason="出差")
    state = reads.session_state(s)
    assert (state.expected, state.present, state.leave, state.quorum, state.quorate) == (9, 6, 1, 6, True)
    assert "已达到法定人数" in state.verdict
    r = services.resolution_add(actor=o, session=s, title="关于行政工作报告的决议")
    assert services.resolution_add(actor=o, session=s, title="关于行政工作报告的决议").pk == r.pk
    # 4 for of 6 present is a majority of those present, but not more than half of ALL 9 delegates? 4 ≤ 4.5: fails
    r = services.resolution_vote(actor=o, resolution=r, votes_for=4, votes_against=1, votes_abstain=1)
    assert r.passed is False and r.verdict == "未通过" and r.expected == 9
    r2 = services.resolution_add(actor=o, session=s, title="关于集体合同草案的决议")
    r2 = services.resolution_vote(actor=o, resolution=r2, votes_for=5, votes_against=1, votes_abstain=0)
    assert r2.passed is True and r2.verdict == "通过"
    s = services.session_close(actor=o, session=s, closed_on=DAY)
    assert (s.status, s.expected, s.attended, s.quorum, s.is_valid) == ("closed", 9, 6, 6, True)
    # the two not marked are recorded absent
    assert SessionAttendance.objects.filter(session=s, status="absent", reason="未签到").count() == 2
    from gonghui.core.models import AuditEntry

    assert AuditEntry.objects.filter(note__contains="未签到代表记为缺席").count() == 2  # audited, in bulk
    assert services.session_close(actor=o, session=s).pk == s.pk  # closing twice changes nothing


def test_vote_recorded_once(setup):
    o, s, ds = setup["officer"], setup["session"], setup["delegates"]
    services.session_open(actor=o, session=s)
    _attend(o, s, ds, 8)
    r = services.resolution_add(actor=o, session=s, title="决议一")
    services.resolution_vote(actor=o, resolution=r, votes_for=7, votes_against=1, votes_abstain=0)
    # a double click: the same tally again changes nothing
    again = services.resolution_vote(actor=o, resolution=r, votes_for=7, votes_against=1, votes_abstain=0)
    assert (again.votes_for, again.passed) == (7, True)
    with pytest.raises(ServiceError, match="已登记"):
        services.resolution_vote(actor=o, resolution=r, votes_for=8, votes_against=0, votes_abstain=0)
    with pytest.raises(ServiceError, match="超过出席代表"):
        r2 = services.resolution_add(actor=o, session=s, title="决议二")
        services.resolution_vote(actor=o, resolution=r2, votes_for=9, votes_against=0, votes_abstain=0)
    # the database refuses half a tally
    with pytest.raises(IntegrityError), transaction.atomic():
        Resolution.objects.filter(pk=r.pk).update(votes_against=None)


def test_session_closed_without_quorum_is_invalid(setup):
    o, s, ds = setup["officer"], setup["session"], setup["delegates"]
    services.session_open(actor=o, session=s)
    _attend(o, s, ds, 5)  # 5 < 6
    r = services.resolution_add(actor=o, session=s, title="决议")
    with pytest.raises(ServiceError, match="未达到法定人数"):
        services.resolution_vote(actor=o, resolution=r, votes_for=5, votes_against=0, votes_abstain=0)
    s = services.session_close(actor=o, session=s, closed_on=DAY)
    assert s.is_valid is False and s.attended == 5
    assert "会议无效" in reads.session_state(s).verdict
    # never silently valid: the database refuses a valid verdict below the quorum
    with pytest.raises(IntegrityError), transaction.atomic():
        CongressSession.objects.filter(pk=s.pk).update(is_valid=True)
    with pytest.raises(ServiceError, match="已闭幕"):
        services.attendance_mark(actor=o, session=s, delegate=ds[8], status="present")


def test_phone_sign_in_once_and_only_while_open(setup):
    o, s, ds = setup["officer"], setup["session"], setup["delegates"]
    person = ds[0].person
    with pytest.raises(ServiceError, match="尚未开始签到"):
        services.attendance_sign_in(actor=None, session=s, person=person)
    services.session_open(actor=o, session=s)
    assert [x for x, _ in reads.open_sessions_for(person)] == [s]
    a = services.attendance_sign_in(actor=None, session=s, person=person)
    b = services.attendance_sign_in(actor=None, session=s, person=person)
    assert a.pk == b.pk and a.via == "phone" and SessionAttendance.objects.filter(session=s).count() == 1
    # an officer marking present again keeps the phone sign-in
    services.attendance_mark(actor=o, session=s, delegate=ds[0], status="present")
    assert SessionAttendance.objects.get(pk=a.pk).via == "phone"


def test_stranger_cannot_sign_in(setup, tree, make_person):
    o, s = setup["officer"], setup["session"]
    services.session_open(actor=o, session=s)
    outsider = make_person(tree["company"], "非代表")
    with pytest.raises(ServiceError, match="不是"):
        services.attendance_sign_in(actor=None, session=s, person=outsider)


def test_leave_needs_a_reason(setup):
    o, s, ds = setup["officer"], setup["session"], setup["delegates"]
    with pytest.raises(ServiceError, match="请假原因"):
        services.attendance_mark(actor=o, session=s, delegate=ds[0], status="leave")


def test_another_unions_officer_is_refused(setup, officer_b):
    with pytest.raises(ServiceError, match="管辖范围"):
        services.session_open(actor=officer_b, session=setup["session"])


def test_composition_against_rules(setup, tree, officer_a):
    term = setup["term"]
    comp = reads.composition(term, datetime.date(2026, 1, 1))
    # 9 delegates: 3 women (33.3%), 1 manager (11.1%); members are the 9 delegates: 3 women → 33.3% needed
    assert comp.total == 9 and comp.women == 3
    labels = {c.label: c for c in comp.checks}
    assert labels["中层以上管理人员比例"].holds and labels["女职工代表比例"].holds and comp.holds
    assert "11.1%" in labels["中层以上管理人员比例"].text
    fed_officer = officer_a  # the company's officer cannot set the federation's rules
    with pytest.raises(ServiceError):
        services.rule_set_save(actor=fed_officer, org=tree["fed"], name="区规则", effective_from=datetime.date(2025, 1, 1))
    services.rule_set_save(actor=officer_a, org=tree["company"], name="公司职代会规则",
                           effective_from=datetime.date(2025, 1, 1), manager_max_percent=Decimal("10"),
                           women_rule=CongressRuleSet.Women.MINIMUM, women_min_percent=Decimal("40"))
    comp = reads.composition(term, datetime.date(2026, 1, 1))
    labels = {c.label: c for c in comp.checks}
    assert not labels["中层以上管理人员比例"].holds and "超出规定" in labels["中层以上管理人员比例"].text
    assert not labels["女职工代表比例"].holds and "低于要求" in labels["女职工代表比例"].text
    assert not comp.holds
    # before the rules were in force, the defaults applied
    assert reads.rules_for(tree["company"], datetime.date(2024, 12, 31)).rule_set is None


def test_rules_nearest_ancestor_and_bad_input(tree, make_user):
    from gonghui.accounts.roles import Role

    fed = make_user("fed_officer", Role.OFFICER, tree["fed"])
    services.rule_set_save(actor=fed, org=tree["fed"], name="区规则", effective_from=datetime.date(2024, 1, 1),
                           quorum=(3, 4))
    assert reads.rules_for(tree["company"], datetime.date(2025, 1, 1)).quorum == (3, 4)
    with pytest.raises(ServiceError, match="已有"):
        services.rule_set_save(actor=fed, org=tree["fed"], name="重复", effective_from=datetime.date(2024, 1, 1))
    with pytest.raises(ServiceError, match="法定人数"):
        services.rule_set_save(actor=fed, org=tree["fed"], name="错", effective_from=datetime.date(2025, 1, 1),
                               quorum=(1, 3))
    with pytest.raises(ServiceError, match="0至100"):
        services.rule_set_save(actor=fed, org=tree["fed"], name="错", effective_from=datetime.date(2025, 1, 1),
                               manager_max_percent=Decimal("120"))
    with pytest.raises(ServiceError, match="最低比例"):
        services.rule_set_save(actor=fed, org=tree["fed"], name="错", effective_from=datetime.date(2025, 1, 1),
                               women_rule=CongressRuleSet.Women.MINIMUM)
