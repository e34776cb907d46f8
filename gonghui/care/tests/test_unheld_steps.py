"""An approval step nobody holds: the application goes on to the next step that has a holder (or the union chair),
visibly and with the reason recorded; the settings page and `gonghui check_approvals` list such steps."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from gonghui.accounts.roles import Role
from gonghui.care import rules, services
from gonghui.care.models import ApprovalDecision, Assistance
from gonghui.core.models import AuditEntry

STEPS = [("group_leader", "小组长审核"), ("chair", "工会主席审批")]


@pytest.fixture
def flow(tree):
    return services.approval_flow_save(actor=None, org=tree["company"], steps=STEPS, name="两级审批")


@pytest.fixture
def group_member(tree, make_person):
    return make_person(tree["group"], "孙组员")


def _apply(officer, person):
    return services.assistance_create(actor=officer, person=person, kind=Assistance.Kind.DAILY, amount="500",
                                      reason="家庭困难", submit=True)


def test_step_nobody_holds_goes_to_the_next_step_with_the_reason_recorded(flow, officer_a, chair_a, member):
    a = _apply(officer_a, member)  # 甲公司工会 has no 小组长 at all
    assert a.current_step == 1 and a.awaiting_role == "chair"
    skipped = a.decisions.get(step=0)
    assert skipped.decision == ApprovalDecision.Decision.SKIP and skipped.decided_by is None
    assert "无人担任" in skipped.comment and "工会主席审批" in skipped.comment
    assert "无人担任，已转至“工会主席审批”" in a.approval_steps[0]["skipped"]
    entries = AuditEntry.objects.filter(content_type__model="approvaldecision", object_id=str(skipped.pk))
    assert any("无人担任" in str(e.changes) for e in entries)
    assert a in list(__import__("gonghui.care.selectors", fromlist=["x"]).assistance_awaiting(chair_a))
    a = services.assistance_decide(actor=chair_a, assistance=a, approve=True, comment="同意")
    assert a.status == Assistance.Status.APPROVED


def test_a_held_step_is_not_skipped(flow, officer_a, chair_a, group_leader, group_member):
    a = _apply(officer_a, group_member)
    assert a.current_step == 0 and a.awaiting_role == "group_leader" and not a.decisions.exists()
    a = services.assistance_decide(actor=group_leader, assistance=a, approve=True)
    assert a.current_step == 1 and a.awaiting_role == "chair"


def test_no_holder_left_goes_to_the_union_chair(tree, officer_a, chair_a, member):
    services.approval_flow_save(actor=None, org=tree["company"], steps=[("group_leader", "小组长审核"),
                                                                        ("women", "女职工委员会审核")])
    a = _apply(officer_a, member)
    assert [s["label"] for s in a.approval_steps] == ["小组长审核", "女职工委员会审核", "工会主席审批"]
    assert a.current_step == 2 and a.awaiting_role == "chair"
    assert a.decisions.filter(decision=ApprovalDecision.Decision.SKIP).count() == 2
    assert services.assistance_decide(actor=chair_a, assistance=a, approve=True).status == Assistance.Status.APPROVED


def test_without_a_chair_it_goes_to_those_who_approve_care(flow, officer_a, member):
    a = _apply(officer_a, member)  # no chair: the officers holding the care-approval permission
    assert a.approval_steps[-1]["role"] == "" and a.awaiting_role == "" and a.current_step == 2


def test_a_later_step_nobody_holds_is_passed_after_a_decision(tree, officer_a, chair_a, group_leader, group_member):
    services.approval_flow_save(actor=None, org=tree["company"], steps=[("group_leader", "小组长审核"),
                                                                        ("women", "女职工委员会审核")])
    a = _apply(officer_a, group_member)
    assert a.current_step == 0
    a = services.assistance_decide(actor=group_leader, assistance=a, approve=True)
    assert a.awaiting_role == "chair" and a.current_step_info["label"] == "工会主席审批"
    assert a.decisions.get(step=1).decision == ApprovalDecision.Decision.SKIP


def test_the_applicant_alone_does_not_count_as_a_holder(tree, make_user, make_person, officer_a, chair_a, flow):
    leader_person = make_person(tree["group"], "周组长")
    leader = make_user("leader_only", Role.GROUP_LEADER, tree["group"], person=leader_person)
    a = services.assistance_apply(actor=leader, kind=Assistance.Kind.DAILY, amount="300", reason="本人困难")
    assert a.awaiting_role == "chair"  # nobody but the applicant holds 小组长 there
    # A skipped step is no decision: the applicant may still withdraw.
    assert services.assistance_cancel(actor=leader, assistance=a).status == Assistance.Status.CANCELLED


def test_nobody_at_all_leaves_the_step_as_it_is(tree, chair_a):
    services.approval_flow_save(actor=None, org=tree["company"], steps=STEPS)
    a = services.assistance_apply(actor=chair_a, kind=Assistance.Kind.DAILY, amount="300", reason="本人困难")
    assert a.current_step == 0 and not a.decisions.exists()


def test_page_and_api_show_the_step_was_passed_on(client, flow, officer_a, chair_a, member):
    a = _apply(officer_a, member)
    client.force_login(chair_a)
    page = client.get(reverse("care:assistance_detail", args=[a.pk])).content.decode()
    assert "小组长审核：无人担任，已转至“工会主席审批”" in page and "decide-form" in page
    api = APIClient()
    api.force_authenticate(chair_a)
    decisions = api.get(f"/api/care/assistance/{a.pk}/").json()["decisions"]
    assert decisions[0]["decision"] == "skip" and "无人担任" in decisions[0]["comment"]
    assert "无人担任" in api.get(f"/api/care/assistance/{a.pk}/").json()["approval_steps"][0]["skipped"]


def test_member_page_shows_the_step_was_passed_on(client, flow, member_user, chair_a):
    a = services.assistance_apply(actor=member_user, kind=Assistance.Kind.DAILY, amount="300", reason="困难")
    client.force_login(member_user)
    page = client.get(reverse("care:my_detail", args=[a.pk])).content.decode()
    assert "无人担任，已转至“工会主席审批”" in page


def test_settings_check_lists_steps_nobody_holds_for_which_units(tree, flow, chair_a, group_leader, member,
                                                                   group_member, make_person):
    make_person(tree["branch"], "吴分会")
    found = rules.unheld_steps()
    assert [(f.flow.pk, f.step.label) for f in found] == [(flow.pk, "小组长审核")]
    units = {u.name for u in found[0].units}
    assert units == {"甲公司工会", "甲公司一分会"}  # 一分会第一小组 has its 小组长
    assert found[0].target == "工会主席审批"


def test_settings_page_and_command_show_the_check(client, tree, flow, chair_a, member):
    client.force_login(chair_a)
    page = client.get(reverse("care:ruleset_list"), {"tab": "flows"}).content.decode()
    assert "无人担任的审批环节" in page and "小组长审核" in page and "甲公司工会" in page
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_approvals", stdout=out)
    assert exit_info.value.code == 1
    text = out.getvalue()
    assert "小组长审核" in text and "甲公司工会" in text and "工会主席审批" in text


def test_command_reroutes_applications_already_stuck(tree, officer_a, member, make_user, make_person):
    services.approval_flow_save(actor=None, org=tree["company"], steps=STEPS)
    a = _apply(officer_a, member)  # no chair yet: goes to the officers (care approval)
    assert a.awaiting_role == ""
    # An application submitted before this rule existed: stuck at 小组长审核.
    Assistance.objects.filter(pk=a.pk).update(current_step=0, awaiting_role="group_leader",
                                              approval_steps=[{"order": 1, "role": "group_leader",
                                                               "label": "小组长审核"},
                                                              {"order": 2, "role": "chair", "label": "工会主席审批"}])
    ApprovalDecision.objects.filter(assistance=a).delete()
    chair = make_user("chair_late", Role.CHAIR, tree["company"], person=make_person(tree["company"], "郑主席"))
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_approvals", "--reroute", stdout=out)
    a.refresh_from_db()
    assert a.awaiting_role == "chair" and a.current_step == 1 and "已转" in out.getvalue()
    assert services.assistance_decide(actor=chair, assistance=a, approve=True).status == Assistance.Status.APPROVED
