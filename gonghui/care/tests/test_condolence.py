import datetime
from decimal import Decimal

import pytest

from gonghui.care import rules, selectors, services
from gonghui.care.models import AidRuleSet, Assistance, Condolence, LifeEventKind, Occasion, RecipientKind
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services
from gonghui.members.models import Person

D = datetime.date


def test_standard_amount_is_proposed_by_kind_of_recipient(tree, rule_set, officer_a, member, make_person):
    retiree = make_person(tree["company"], "老张", birth=D(1950, 1, 1))
    member_services.member_retire(person=retiree, on=D(2015, 1, 1))
    wife = member_services.family_member_add(person=member, relation="spouse", name="周妻")
    group = tree["group"]  # a union group follows the federation's rules (nearest ancestor with a rule set)
    assert rules.propose_amount(group, Occasion.HOSPITAL, RecipientKind.SERVING, D(2025, 3, 1)) == Decimal("800")
    c1 = services.condolence_record(actor=officer_a, person=member, occasion=Occasion.HOSPITAL,
                                    visited_on=D(2025, 3, 1), visitors="赵主席、张委员")
    c2 = services.condolence_record(actor=officer_a, person=member, family_member=wife, occasion=Occasion.HOSPITAL,
                                    visited_on=D(2025, 4, 1))
    retiree.refresh_from_db()
    c3 = services.condolence_record(actor=officer_a, person=retiree, occasion=Occasion.HOSPITAL,
                                    visited_on=D(2025, 5, 1))
    assert (c1.amount, c1.recipient_kind) == (Decimal("800.00"), RecipientKind.SERVING)
    assert (c2.amount, c2.recipient_kind) == (Decimal("500.00"), RecipientKind.FAMILY)
    assert (c3.amount, c3.recipient_kind) == (Decimal("300.00"), RecipientKind.RETIREE)
    assert c1.rule_set == rule_set and c1.cap_amount == Decimal("1000.00") and not c1.over_cap


def test_amount_above_cap_needs_a_reason_and_is_flagged(tree, rule_set, officer_a, auditor_a, member):
    with pytest.raises(ServiceError, match="超标准的原因"):
        services.condolence_record(actor=officer_a, person=member, occasion=Occasion.HOSPITAL,
                                   visited_on=D(2025, 3, 1), amount="1500")
    assert not Condolence.objects.exists()
    c = services.condolence_record(actor=officer_a, person=member, occasion=Occasion.HOSPITAL,
                                   visited_on=D(2025, 3, 1), amount="1500", over_cap_reason="重大手术，经委员会研究")
    assert c.over_cap and c.over_cap_reason
    flagged = selectors.flagged_list(auditor_a)
    assert list(flagged.condolences) == [c] and flagged.count == 1
    assert selectors.flagged_list(officer_a).count == 1


def test_yearly_total_above_cap_is_flagged(tree, rule_set, officer_a, member):
    # Festival gifts: 500 standard, ≤1000 a visit, ≤1500 a year; a 送温暖 payment counts too.
    services.condolence_record(actor=officer_a, person=member, occasion=Occasion.FESTIVAL, visited_on=D(2025, 1, 20),
                               amount="800")
    a = services.assistance_create(actor=None, person=member, kind=Assistance.Kind.FESTIVAL, amount="500",
                                   applied_on=D(2025, 6, 1), submit=True)
    services.assistance_decide(actor=officer_a, assistance=a, approve=True)
    mid = services.condolence_record(actor=officer_a, person=member, occasion=Occasion.FESTIVAL,
                                     visited_on=D(2025, 9, 10), amount="200")
    assert not mid.yearly_over_cap  # 800 + 500 + 200 = 1500
    late = services.condolence_record(actor=officer_a, person=member, occasion=Occasion.FESTIVAL,
                                      visited_on=D(2025, 10, 1), amount="100")
    assert late.yearly_over_cap and not late.over_cap
    next_year = services.condolence_record(actor=officer_a, person=member, occasion=Occasion.FESTIVAL,
                                           visited_on=D(2026, 1, 20), amount="500")
    assert not next_year.yearly_over_cap


@pytest.mark.parametrize("amount,message", [("-1", "负数"), ("0", "大于零"), ("2000000", "超出合理范围")])
def test_bad_condolence_amounts(tree, rule_set, officer_a, member, amount, message):
    with pytest.raises(ServiceError, match=message):
        services.condolence_record(actor=officer_a, person=member, occasion=Occasion.HOSPITAL,
                                   visited_on=D(2025, 3, 1), amount=amount)


def test_visit_only_is_zero_and_needs_no_rule(tree, officer_a, member):
    c = services.condolence_record(actor=officer_a, person=member, occasion=Occasion.HOSPITAL,
                                   visited_on=D(2025, 3, 1), form=Condolence.Form.VISIT_ONLY)
    assert c.amount == 0
    with pytest.raises(ServiceError, match="仅看望"):
        services.condolence_record(actor=officer_a, person=member, occasion=Occasion.HOSPITAL,
                                   visited_on=D(2025, 3, 2), form=Condolence.Form.VISIT_ONLY, amount="100")
    with pytest.raises(ServiceError, match="请填写金额"):  # no rule set, no amount
        services.condolence_record(actor=officer_a, person=member, occasion=Occasion.HOSPITAL,
                                   visited_on=D(2025, 3, 2))


def test_condolence_outside_scope(tree, rule_set, officer_b, member):
    with pytest.raises(ServiceError, match="管辖范围"):
        services.condolence_record(actor=officer_b, person=member, occasion=Occasion.HOSPITAL, visited_on=D(2025, 3, 1))


def test_correction_is_audited_and_rechecks_caps(tree, rule_set, officer_a, member):
    c = services.condolence_record(actor=officer_a, person=member, occasion=Occasion.HOSPITAL, visited_on=D(2025, 3, 1))
    with pytest.raises(ServiceError, match="超标准"):
        services.condolence_update(actor=officer_a, condolence=c, amount="1200")
    c = services.condolence_update(actor=officer_a, condolence=c, amount="900", visitors="赵主席")
    assert c.amount == Decimal("900.00")
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(c.pk)).latest("id")
    assert entry.changes["amount"] == ["800.00", "900.00"]


# --- Rule sets -------------------------------------------------------------------------------------------------


def test_rule_sets_of_one_org_cannot_overlap(tree, rule_set, chair_a, make_user):
    from gonghui.accounts.roles import Role

    fed_chair = make_user("fed_chair", Role.CHAIR, tree["fed"])
    with pytest.raises(ServiceError, match="重叠"):  # the 2024 set is open-ended
        services.rule_set_create(actor=fed_chair, org=tree["fed"], name="2025标准", effective_from=D(2025, 1, 1))
    services.rule_set_update(actor=fed_chair, rule_set=rule_set, effective_to=D(2024, 12, 31))
    new = services.rule_set_create(actor=fed_chair, org=tree["fed"], name="2025标准", effective_from=D(2025, 1, 1),
                                   rules=[{"occasion": "hospital", "standard": "600", "cap": "1000"}])
    with pytest.raises(ServiceError, match="重叠"):
        services.rule_set_update(actor=fed_chair, rule_set=rule_set, effective_to=D(2025, 1, 1))
    with pytest.raises(ServiceError, match="重叠"):
        services.rule_set_create(actor=fed_chair, org=tree["fed"], name="年中", effective_from=D(2024, 6, 1),
                                 effective_to=D(2024, 7, 1))
    assert AidRuleSet.objects.filter(org=tree["fed"]).count() == 2
    # History: a visit in 2024 is proposed the 2024 amount, in 2025 the new one.
    assert rules.propose_amount(tree["company"], "hospital", "serving", D(2024, 12, 31)) == Decimal("800")
    assert rules.propose_amount(tree["company"], "hospital", "serving", D(2025, 1, 1)) == Decimal("600")
    # A union's own set overrides its federation's (nearest ancestor wins); a different org may overlap.
    services.rule_set_create(actor=chair_a, org=tree["company"], name="甲公司标准", effective_from=D(2025, 1, 1),
                             rules=[{"occasion": "hospital", "standard": "700", "cap": "900"}])
    assert rules.propose_amount(tree["group"], "hospital", "serving", D(2025, 2, 1)) == Decimal("700")
    assert rules.propose_amount(tree["school"], "hospital", "serving", D(2025, 2, 1)) == Decimal("600")
    assert rules.applicable_rule_set(tree["company"], D(2025, 2, 1)).org == tree["company"]
    assert new.rules.count() == 1


def test_rule_lines_are_checked(tree, chair_a):
    with pytest.raises(ServiceError, match="不能高于单次上限"):
        services.rule_set_create(actor=chair_a, org=tree["company"], name="x", effective_from=D(2025, 1, 1),
                                 rules=[{"occasion": "hospital", "standard": "1200", "cap": "1000"}])
    with pytest.raises(ServiceError, match="管辖范围"):
        services.rule_set_create(actor=chair_a, org=tree["school"], name="x", effective_from=D(2025, 1, 1))


# --- Birthdays -------------------------------------------------------------------------------------------------


def test_birthday_gifts_for_the_month_in_one_action_idempotent(tree, rule_set, officer_a, make_person):
    may = [make_person(tree["company"], f"五月{i}", birth=D(1980 + i, 5, 3 + i)) for i in range(3)]
    make_person(tree["company"], "六月", birth=D(1985, 6, 1))
    make_person(tree["school"], "别校五月", birth=D(1985, 5, 9))
    listed = selectors.birthdays_in_month(officer_a, within=tree["company"], month=5, year=2025)
    assert [p.name for p in listed] == ["五月0", "五月1", "五月2"] and not any(p.gifted for p in listed)
    result = services.birthday_gifts_record(actor=officer_a, org=tree["company"], month=5, visited_on=D(2025, 5, 1))
    assert (result.created, result.skipped, result.total_amount) == (3, 0, Decimal("600.00"))
    again = services.birthday_gifts_record(actor=officer_a, org=tree["company"], month=5, visited_on=D(2025, 5, 2))
    assert (again.created, again.skipped) == (0, 3)
    assert Condolence.objects.filter(occasion=Occasion.BIRTHDAY).count() == 3
    assert all(p.gifted for p in selectors.birthdays_in_month(officer_a, within=tree["company"], month=5, year=2025))
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE,
                                     note__contains="生日慰问").count() == 3
    with pytest.raises(ServiceError, match="已登记过"):
        services.condolence_record(actor=officer_a, person=may[0], occasion=Occasion.BIRTHDAY, visited_on=D(2025, 5, 20))
    # Next year is a new year.
    assert services.birthday_gifts_record(actor=officer_a, org=tree["company"], month=5,
                                          visited_on=D(2026, 5, 1)).created == 3


def test_birthday_gift_above_cap_needs_reason(tree, rule_set, officer_a, make_person):
    make_person(tree["company"], "五月", birth=D(1980, 5, 3))
    with pytest.raises(ServiceError, match="上限"):
        services.birthday_gifts_record(actor=officer_a, org=tree["company"], month=5, visited_on=D(2025, 5, 1),
                                       amount="500")
    assert not Condolence.objects.exists()


# --- 五必访 ----------------------------------------------------------------------------------------------------


def test_must_visit_lists_events_not_yet_visited(tree, rule_set, officer_a, chair_a, member, other_member):
    services.must_visit_rule_save(actor=None, org=tree["fed"], event_kind=LifeEventKind.HOSPITALISED, window_days=7)
    services.must_visit_rule_save(actor=None, org=tree["fed"], event_kind=LifeEventKind.MARRIED, window_days=30)
    ill = services.life_event_report(actor=officer_a, person=member, kind=LifeEventKind.HOSPITALISED,
                                     occurred_on=D(2025, 3, 1), note="阑尾炎手术")
    wed = services.life_event_report(actor=officer_a, person=other_member, kind=LifeEventKind.MARRIED,
                                     occurred_on=D(2025, 3, 5))
    services.life_event_report(actor=officer_a, person=other_member, kind=LifeEventKind.RETIRED,
                               occurred_on=D(2025, 3, 5))  # no rule: not listed
    todo = list(selectors.not_yet_visited(officer_a, within=tree["company"], on=D(2025, 3, 10)))
    assert todo == [ill, wed]
    assert [selectors.due_on(e) for e in todo] == [D(2025, 3, 8), D(2025, 4, 4)]
    overdue = list(selectors.not_yet_visited(officer_a, within=tree["company"], on=D(2025, 3, 10), overdue_only=True))
    assert overdue == [ill]
    c = services.condolence_record(actor=officer_a, person=member, occasion=Occasion.HOSPITAL, visited_on=D(2025, 3, 11))
    assert c.life_event == ill
    assert list(selectors.not_yet_visited(officer_a, within=tree["company"], on=D(2025, 3, 12))) == [wed]
    # A union's own rules replace its federation's for its subtree.
    services.must_visit_rule_save(actor=chair_a, org=tree["company"], event_kind=LifeEventKind.RETIRED, window_days=10)
    assert [e.kind for e in selectors.not_yet_visited(officer_a, within=tree["company"], on=D(2025, 3, 12))] == ["retired"]


def test_member_reports_own_event_but_not_anothers(tree, member_user, member, other_member):
    event = services.life_event_report(actor=member_user, person=member, kind=LifeEventKind.CHILDBIRTH,
                                       occurred_on=D(2025, 7, 1))
    assert event.source == "member"
    with pytest.raises(ServiceError, match="管辖范围"):
        services.life_event_report(actor=member_user, person=other_member, kind=LifeEventKind.CHILDBIRTH,
                                   occurred_on=D(2025, 7, 1))
    assert list(selectors.life_event_list(member_user)) == [event]


def test_person_level_sync_does_not_lose_a_concurrent_person_edit(tree, officer_a, member):
    stale = Person.objects.get(pk=member.pk)
    services.hardship_file_open(actor=officer_a, person=member, level="deep", causes=["illness"], opened_on=D(2025, 1, 1))
    from gonghui.core.errors import ConflictError

    with pytest.raises(ConflictError):
        member_services.person_update(person=stale, version=stale.version, department="二车间")
    assert Person.objects.get(pk=member.pk).hardship_level == "deep"
