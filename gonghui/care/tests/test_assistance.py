import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404

from gonghui.accounts.roles import Role
from gonghui.care import selectors, services
from gonghui.care.models import ApprovalDecision, Assistance, AssistanceAttachment
from gonghui.core.errors import ServiceError
from gonghui.members import services as member_services

D = datetime.date


@pytest.fixture
def two_step_flow(tree, chair_a):
    """甲公司: 小组长 → 工会委员会（主席）."""
    return services.approval_flow_save(actor=chair_a, org=tree["company"],
                                       steps=[(Role.GROUP_LEADER, "小组长审核"), (Role.CHAIR, "工会委员会审批")])


def test_member_applies_steps_are_recorded_then_paid_with_receipt(tree, settings, tmp_path, member_user, member,
                                                                   officer_a, chair_a, make_user, two_step_flow):
    settings.MEDIA_ROOT = tmp_path
    leader = make_user("leader_company", Role.GROUP_LEADER, tree["company"])
    a = services.assistance_apply(actor=member_user, kind=Assistance.Kind.SERIOUS_ILLNESS, amount="3000",
                                  reason="本人住院手术，自付费用较高")
    assert a.status == Assistance.Status.SUBMITTED and a.applicant_user == member_user
    assert [s["label"] for s in a.approval_steps] == ["小组长审核", "工会委员会审批"]
    att = services.assistance_attach(actor=member_user, assistance=a,
                                     file=SimpleUploadedFile("诊断证明.pdf", b"%PDF-1.4 test"))
    assert att.file.name.startswith(f"care/assistance/{a.pk}/") and att.name == "诊断证明.pdf"
    assert (tmp_path / att.file.name).exists()

    assert list(selectors.assistance_awaiting(leader)) == [a]
    assert not selectors.assistance_awaiting(chair_a).exists()  # not the chair's step yet
    with pytest.raises(ServiceError, match="小组长审核"):
        services.assistance_decide(actor=chair_a, assistance=a, approve=True)
    a = services.assistance_decide(actor=leader, assistance=a, approve=True, comment="情况属实")
    assert a.status == Assistance.Status.IN_REVIEW
    assert list(selectors.assistance_awaiting(chair_a)) == [a]
    a = services.assistance_decide(actor=chair_a, assistance=a, approve=True)
    assert a.status == Assistance.Status.APPROVED
    assert [(d.step_label, d.decision, d.decided_by) for d in a.decisions.all()] == [
        ("小组长审核", "approve", leader), ("工会委员会审批", "approve", chair_a)]

    a = services.assistance_disburse(actor=officer_a, assistance=a, disbursed_on=a.applied_on)
    assert a.status == Assistance.Status.DISBURSED and a.receipt_no.startswith("A-JZ")
    assert a.amount_in_capitals == "叁仟元整"
    again = services.assistance_disburse(actor=officer_a, assistance=a, disbursed_on=a.applied_on)
    assert again.receipt_no == a.receipt_no  # paying twice is harmless
    voucher = selectors.assistance_voucher(officer_a, a.pk)
    assert voucher["amount_in_capitals"] == "叁仟元整" and len(voucher["decisions"]) == 2
    # The member follows it and sees it; another member does not.
    assert selectors.my_assistance_get(member_user, a.pk) == a


def test_nobody_approves_their_own_application(tree, chair_a):
    a = services.assistance_apply(actor=chair_a, kind=Assistance.Kind.DAILY, amount="500", reason="家中受灾")
    with pytest.raises(ServiceError, match="本人"):
        services.assistance_decide(actor=chair_a, assistance=a, approve=True)
    assert not selectors.assistance_awaiting(chair_a).exists()
    # An application entered by an officer for the chair as beneficiary is the chair's own too.
    b = services.assistance_create(actor=chair_a, person=chair_a.person, kind=Assistance.Kind.DAILY, amount="200",
                                   reason="x", submit=True, applied_on=D(2025, 5, 1))
    with pytest.raises(ServiceError, match="本人"):
        services.assistance_decide(actor=chair_a, assistance=b, approve=True)
    assert not ApprovalDecision.objects.exists()


def test_rejection_needs_a_comment_and_ends_the_application(tree, officer_a, member_user):
    a = services.assistance_apply(actor=member_user, kind=Assistance.Kind.DAILY, amount="800", reason="生活困难")
    with pytest.raises(ServiceError, match="审批意见"):
        services.assistance_decide(actor=officer_a, assistance=a, approve=False)
    a = services.assistance_decide(actor=officer_a, assistance=a, approve=False, comment="不符合条件")
    assert a.status == Assistance.Status.REJECTED
    with pytest.raises(ServiceError, match="批准后"):
        services.assistance_disburse(actor=officer_a, assistance=a, disbursed_on=a.applied_on)


def test_a_step_is_decided_once_even_by_two_approvers(tree, officer_a, chair_a, member_user):
    a = services.assistance_apply(actor=member_user, kind=Assistance.Kind.DAILY, amount="800", reason="生活困难")
    services.assistance_decide(actor=officer_a, assistance=a, approve=True)
    with pytest.raises(ServiceError, match="不在审批中"):
        services.assistance_decide(actor=chair_a, assistance=a, approve=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalDecision.objects.create(assistance=a, step=0, step_label="工会审批", decision="approve")


@pytest.mark.parametrize("amount,message", [
    ("-100", "负数"), ("0", "大于零"), ("0.00", "大于零"), ("1000000", "超出合理范围"), ("99999999999", "超出合理范围"),
    ("12.345", "两位小数"), ("abc", "数字"), (12.5, "格式"), (None, "请填写"),
])
def test_bad_amounts_are_refused(tree, officer_a, member, amount, message):
    with pytest.raises(ServiceError, match=message):
        services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.DAILY, amount=amount,
                                   applied_on=D(2025, 3, 1))
    assert not Assistance.objects.exists()


def test_database_refuses_bad_amounts_too(tree, member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assistance.objects.create(org=tree["company"], person=member, kind="daily", amount=Decimal("-5"),
                                  applied_on=D(2025, 1, 1))


def test_assistance_to_a_person_outside_the_officers_scope(tree, officer_b, member):
    with pytest.raises(ServiceError, match="管辖范围") as exc:
        services.assistance_create(actor=officer_b, person=member, kind=Assistance.Kind.DAILY, amount="500",
                                   applied_on=D(2025, 3, 1))
    assert member.name not in str(exc.value)
    a = services.assistance_create(actor=None, person=member, kind=Assistance.Kind.DAILY, amount="500",
                                   applied_on=D(2025, 3, 1), submit=True)
    with pytest.raises(ServiceError, match="管辖范围"):
        services.assistance_decide(actor=officer_b, assistance=a, approve=True)
    with pytest.raises(ServiceError, match="管辖范围"):
        services.assistance_disburse(actor=officer_b, assistance=a, disbursed_on=D(2025, 3, 2))
    with pytest.raises(Http404):
        selectors.assistance_get(officer_b, a.pk)


def test_a_member_cannot_read_another_members_application(tree, member_user, other_member_user):
    a = services.assistance_apply(actor=member_user, kind=Assistance.Kind.DAILY, amount="500", reason="生活困难")
    with pytest.raises(Http404):
        selectors.my_assistance_get(other_member_user, a.pk)
    with pytest.raises(Http404):
        selectors.assistance_get(other_member_user, a.pk)
    assert not selectors.assistance_list(other_member_user).exists()
    assert list(selectors.assistance_list(member_user)) == [a]
    with pytest.raises(ServiceError):
        services.assistance_cancel(actor=other_member_user, assistance=a)


def test_member_may_cancel_before_any_decision_only(tree, member_user, officer_a):
    a = services.assistance_apply(actor=member_user, kind=Assistance.Kind.DAILY, amount="500", reason="生活困难")
    b = services.assistance_apply(actor=member_user, kind=Assistance.Kind.DAILY, amount="300", reason="生活困难")
    assert services.assistance_cancel(actor=member_user, assistance=a).status == Assistance.Status.CANCELLED
    services.assistance_decide(actor=officer_a, assistance=b, approve=True)
    with pytest.raises(ServiceError, match="审批"):
        services.assistance_cancel(actor=member_user, assistance=b)


def test_education_needs_a_child_and_school_survivor_needs_deceased_and_reverification(tree, officer_a, member):
    child = member_services.family_member_add(person=member, relation="child", name="李小明")
    with pytest.raises(ServiceError, match="子女"):
        services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.EDUCATION, amount="2000",
                                   applied_on=D(2025, 8, 20))
    with pytest.raises(ServiceError, match="学校"):
        services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.EDUCATION, amount="2000",
                                   family_member=child, applied_on=D(2025, 8, 20))
    a = services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.EDUCATION, amount="2000",
                                   family_member=child, school="南京大学", grade="大一", applied_on=D(2025, 8, 20))
    assert a.school == "南京大学"
    with pytest.raises(ServiceError, match="已故"):
        services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.SURVIVOR, amount="600",
                                   family_member=child, applied_on=D(2025, 8, 20), reverify_due_on=D(2026, 8, 20))


def test_goods_amount_is_the_total_value(tree, officer_a, member):
    goods = [{"name": "大米", "quantity": "2", "unit": "袋", "value": "120.00"},
             {"name": "食用油", "quantity": 1, "unit": "桶", "value": "80"}]
    a = services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.DAILY, form="goods",
                                   goods=goods, applied_on=D(2025, 1, 10))
    assert a.amount == Decimal("200.00")
    with pytest.raises(ServiceError, match="不一致"):
        services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.DAILY, form="goods",
                                   goods=goods, amount="300", applied_on=D(2025, 1, 10))
    with pytest.raises(ServiceError, match="物品清单"):
        services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.DAILY, form="goods",
                                   amount="300", applied_on=D(2025, 1, 10))


def test_festival_assistance_over_cap_needs_reason(tree, rule_set, officer_a, member):
    with pytest.raises(ServiceError, match="超标准"):
        services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.FESTIVAL, amount="1200",
                                   applied_on=D(2025, 1, 20))
    a = services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.FESTIVAL, amount="1200",
                                   applied_on=D(2025, 1, 20), over_cap_reason="深度困难户，经委员会研究")
    assert a.over_cap and not a.yearly_over_cap


def test_receipt_numbers_are_unique_in_a_union(tree, officer_a, member):
    first = services.assistance_create(actor=officer_a, person=member, kind="daily", amount="100",
                                       applied_on=D(2025, 1, 2), submit=True)
    second = services.assistance_create(actor=officer_a, person=member, kind="daily", amount="100",
                                        applied_on=D(2025, 1, 2), submit=True)
    for a in (first, second):
        services.assistance_decide(actor=_approver(tree), assistance=a, approve=True)
    services.assistance_disburse(actor=officer_a, assistance=first, disbursed_on=D(2025, 1, 3), receipt_no="2025-001")
    with pytest.raises(ServiceError, match="已被使用"):
        services.assistance_disburse(actor=officer_a, assistance=second, disbursed_on=D(2025, 1, 3),
                                     receipt_no="2025-001")


def _approver(tree):
    from gonghui.accounts.models import RoleAssignment, User

    user, _ = User.objects.get_or_create(username="approver_x")
    RoleAssignment.objects.get_or_create(user=user, org=tree["company"], role=Role.CHAIR)
    return user


def test_attachments_refuse_unknown_types_and_empty_files(tree, settings, tmp_path, member_user):
    settings.MEDIA_ROOT = tmp_path
    a = services.assistance_apply(actor=member_user, kind=Assistance.Kind.DAILY, amount="500", reason="生活困难")
    with pytest.raises(ServiceError, match="只接受"):
        services.assistance_attach(actor=member_user, assistance=a, file=SimpleUploadedFile("x.exe", b"MZ"))
    with pytest.raises(ServiceError, match="空文件"):
        services.assistance_attach(actor=member_user, assistance=a, file=SimpleUploadedFile("x.pdf", b""))
    assert not AssistanceAttachment.objects.exists()


def test_member_without_membership_cannot_apply(tree, make_person, make_user):
    p = make_person(tree["company"], "非会员", member=False)
    user = make_user("nonmember", Role.MEMBER, tree["company"], person=p)
    with pytest.raises(ServiceError, match="只有会员"):
        services.assistance_apply(actor=user, kind=Assistance.Kind.DAILY, amount="100", reason="x")


def test_amount_is_fixed_once_a_step_is_decided(tree, officer_a, chair_a, member_user, two_step_flow, make_user):
    leader = make_user("leader_c", Role.GROUP_LEADER, tree["company"])
    a = services.assistance_apply(actor=member_user, kind=Assistance.Kind.DAILY, amount="500", reason="生活困难")
    a = services.assistance_update(actor=member_user, assistance=a, amount="600")
    assert a.amount == Decimal("600.00")
    with pytest.raises(ServiceError, match="由工会填写"):
        services.assistance_update(actor=member_user, assistance=a, funding_source="upper")
    services.assistance_decide(actor=leader, assistance=a, approve=True)
    with pytest.raises(ServiceError, match="已有审批意见"):
        services.assistance_update(actor=officer_a, assistance=a, amount="5000")
    with pytest.raises(ServiceError, match="进入审批"):
        services.assistance_update(actor=member_user, assistance=a, amount="5000")
    a = services.assistance_update(actor=officer_a, assistance=a, funding_source="upper")
    assert a.funding_source == "upper" and a.amount == Decimal("600.00")
