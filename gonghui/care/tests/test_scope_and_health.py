"""Who sees what: roles, other unions, members; health checks; reminders."""
import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.accounts.roles import ROLE_PERMS, Perm, Role
from gonghui.care import selectors, services
from gonghui.care.models import Assistance, Campaign, HealthCheck, Occasion
from gonghui.core.errors import ServiceError

D = datetime.date


def test_role_permissions_for_care():
    for role in (Role.CHAIR, Role.OFFICER, Role.ADMIN):
        assert {Perm.CARE_VIEW, Perm.CARE_EDIT, Perm.CARE_APPROVE, Perm.CARE_SENSITIVE, Perm.CARE_FLAGGED} <= ROLE_PERMS[role]
    assert {Perm.CARE_VIEW, Perm.CARE_FLAGGED} <= ROLE_PERMS[Role.AUDITOR]
    assert Perm.CARE_SENSITIVE not in ROLE_PERMS[Role.AUDITOR] | ROLE_PERMS[Role.WOMEN] | ROLE_PERMS[Role.UPPER]
    assert Perm.CARE_VIEW in ROLE_PERMS[Role.WOMEN]
    assert Perm.CARE_STATS in ROLE_PERMS[Role.UPPER] and Perm.CARE_VIEW not in ROLE_PERMS[Role.UPPER]
    assert not any(p.startswith("care.") for p in ROLE_PERMS[Role.MEMBER])


def test_lists_are_scoped_and_other_unions_ids_answer_404(tree, rule_set, officer_a, officer_b, make_person):
    mine = make_person(tree["group"], "本单位")
    theirs = make_person(tree["school"], "外单位")
    c_mine = services.condolence_record(actor=officer_a, person=mine, occasion=Occasion.HOSPITAL, visited_on=D(2025, 3, 1))
    c_theirs = services.condolence_record(actor=officer_b, person=theirs, occasion=Occasion.HOSPITAL,
                                          visited_on=D(2025, 3, 1))
    assert list(selectors.condolence_list(officer_a)) == [c_mine]
    assert list(selectors.condolence_list(officer_a, within=tree["school"])) == []
    with pytest.raises(Http404):
        selectors.condolence_get(officer_a, c_theirs.pk)
    check = services.health_check_create(actor=officer_b, org=tree["school"], kind="serving", checked_on=D(2025, 4, 1))
    with pytest.raises(Http404):
        selectors.health_check_get(officer_a, check.pk)
    # Upper unions get figures, not records.
    from gonghui.accounts.models import RoleAssignment, User

    upper = User.objects.create(username="upper_x")
    RoleAssignment.objects.create(user=upper, org=tree["fed"], role=Role.UPPER)
    assert not selectors.condolence_list(upper).exists()
    assert selectors.metric_value(upper, "care.condolence.visits", org=tree["fed"], start=D(2025, 1, 1),
                                  end=D(2025, 12, 31)) == 2
    with pytest.raises(Http404):
        selectors.metric_records(upper, "care.condolence.visits", org=tree["fed"], start=D(2025, 1, 1),
                                 end=D(2025, 12, 31))
    with pytest.raises(Http404):
        selectors.metric_value(officer_a, "care.condolence.visits", org=tree["fed"], start=D(2025, 1, 1),
                               end=D(2025, 12, 31))


def test_rule_sets_of_ancestors_are_readable(tree, rule_set, officer_a, officer_b):
    assert list(selectors.rule_set_list(officer_a)) == [rule_set]
    own = services.rule_set_create(actor=officer_b, org=tree["school"], name="乙学校标准", effective_from=D(2025, 1, 1))
    assert own not in selectors.rule_set_list(officer_a)


def test_member_sees_only_own_records(tree, rule_set, officer_a, member, member_user, other_member):
    mine = services.condolence_record(actor=officer_a, person=member, occasion=Occasion.HOSPITAL, visited_on=D(2025, 3, 1))
    services.condolence_record(actor=officer_a, person=other_member, occasion=Occasion.HOSPITAL, visited_on=D(2025, 3, 1))
    draft = services.assistance_create(actor=officer_a, person=member, kind="daily", amount="100", applied_on=D(2025, 3, 1))
    assert list(selectors.condolence_list(member_user)) == [mine]
    assert list(selectors.my_condolences(member_user)) == [mine]
    assert not selectors.my_assistance_list(member_user).filter(pk=draft.pk).exists()  # officer's unsent draft
    services.assistance_submit(actor=officer_a, assistance=draft)
    assert selectors.my_assistance_list(member_user).filter(pk=draft.pk).exists()
    assert not selectors.campaign_list(member_user).exists()
    assert not selectors.in_care_people(member_user).exists()


def test_group_leader_sees_the_application_to_decide_and_nothing_else(tree, chair_a, group_leader, make_person,
                                                                         make_user):
    services.approval_flow_save(actor=chair_a, org=tree["company"],
                                steps=[(Role.GROUP_LEADER, "小组长审核"), (Role.CHAIR, "工会委员会审批")])
    in_group = make_person(tree["group"], "组员")
    in_branch = make_person(tree["branch"], "分会会员")
    a = services.assistance_create(actor=chair_a, person=in_group, kind="daily", amount="300", applied_on=D(2025, 3, 1),
                                   submit=True)
    b = services.assistance_create(actor=chair_a, person=in_branch, kind="daily", amount="300",
                                   applied_on=D(2025, 3, 1), submit=True)
    assert list(selectors.assistance_awaiting(group_leader)) == [a]  # the branch is not under the leader's group
    assert selectors.assistance_get(group_leader, a.pk) == a
    with pytest.raises(Http404):
        selectors.assistance_get(group_leader, b.pk)
    assert not selectors.assistance_list(group_leader).exists()
    services.assistance_decide(actor=group_leader, assistance=a, approve=True)
    with pytest.raises(Http404):  # decided: no longer theirs to see
        selectors.assistance_get(group_leader, a.pk)
    with pytest.raises(ServiceError, match="审批人|管辖范围"):
        services.assistance_decide(actor=group_leader, assistance=b, approve=True)


def test_health_check_batch(tree, officer_a, make_person):
    women = [make_person(tree["company"], f"女职工{i}", female=True) for i in range(3)]
    outsider = make_person(tree["school"], "外校")
    check = services.health_check_create(actor=officer_a, org=tree["company"], kind=HealthCheck.Kind.WOMEN,
                                         checked_on=D(2025, 3, 8), provider="市妇幼保健院", cost="1800")
    assert services.health_check_add_participants(actor=officer_a, check=check, people=women, cost_each="600") == 3
    assert services.health_check_add_participants(actor=officer_a, check=check, people=women[:1]) == 0
    with pytest.raises(ServiceError, match="不在"):
        services.health_check_add_participants(actor=officer_a, check=check, people=[outsider])
    assert selectors.health_check_list(officer_a).get().participant_count == 3
    assert services.health_check_remove_participants(actor=officer_a, check=check, person_ids=[women[0].pk]) == 1
    with pytest.raises(ServiceError, match="大于零"):
        services.health_check_create(actor=officer_a, org=tree["company"], kind="serving", checked_on=D(2025, 3, 8),
                                     cost="0")


def test_reminders_festival_reviews_and_visits(tree, officer_a, make_person):
    person = make_person(tree["company"], "待复核")
    services.hardship_file_open(actor=officer_a, person=person, level="ordinary", causes=["other"],
                                opened_on=D(2024, 1, 10), review_due_on=D(2025, 1, 10))
    on = D(2025, 1, 5)  # 春节 2025 is 1月29日
    kinds = {r.kind for r in selectors.reminders(officer_a, org=tree["company"], on=on)}
    assert {"festival_without_campaign", "reviews_due"} <= kinds
    services.campaign_create(actor=officer_a, org=tree["company"], kind=Campaign.Kind.SPRING, title="送温暖",
                             planned_on=D(2025, 1, 20))
    messages = [r.message for r in selectors.reminders(officer_a, org=tree["company"], on=on)]
    assert not any("春节" in m for m in messages)
    items = selectors.calendar_items(officer_a, org=tree["company"], start=D(2025, 1, 1), end=D(2025, 1, 31))
    assert [i["title"] for i in items if i["kind"] == "campaign"] == ["送温暖"]
    assert any(i["title"] == "春节" and i["date"] == D(2025, 1, 29) for i in items)


def test_assistance_amount_in_capitals(tree, officer_a, member):
    a = services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.DAILY, amount="1234.56",
                                   applied_on=D(2025, 3, 1))
    assert a.amount == Decimal("1234.56") and a.amount_in_capitals == "壹仟贰佰叁拾肆元伍角陆分"
