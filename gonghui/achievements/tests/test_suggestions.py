"""Rational suggestions: submission (double submit once), scoring (range, author recusal), grading, adoption (once),
benefit (verification date required), messages to the author at each step, scope."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.achievements.models import Grade, Suggestion, SuggestionStep
from gonghui.achievements.services import suggestions as services
from gonghui.core.errors import ServiceError
from gonghui.portal.models import Message

from .conftest import DAY, full_scores, submit

S = Suggestion.State


def test_submit_once_per_token_and_code_per_union(world):
    first = submit(world, actor=world["member"], token="abc")
    again = submit(world, actor=world["member"], token="abc")
    assert again.pk == first.pk
    second = submit(world, actor=world["member"], token="def", title="另一条")
    assert first.code == "2025-0001" and second.code == "2025-0002"
    assert first.org == world["branch"] and first.union == world["company"]
    assert Suggestion.objects.filter(author=world["author"]).count() == 2
    assert list(first.steps.values_list("action", flat=True)) == ["提交建议"]


def test_member_submits_only_for_themself(world):
    with pytest.raises(ServiceError) as exc:
        services.suggestion_submit(actor=world["member"], author=world["coauthor"], title="代他人", problem="问题问题问题",
                                   proposal="建议建议建议")
    assert exc.value.code == "out_of_scope"


def test_coauthor_outside_union_and_empty_texts(world):
    with pytest.raises(ServiceError, match="不是甲公司工会的职工"):
        submit(world, coauthors=[world["b_person"]])
    with pytest.raises(ServiceError, match="存在的问题"):
        services.suggestion_submit(actor=None, author=world["author"], title="t", problem="", proposal="建议建议建议")


def test_attachment_checked(world):
    pdf = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    s = submit(world, attachments=[pdf])
    assert s.attachments.get().name == "方案.pdf"
    exe = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/octet-stream")
    with pytest.raises(ServiceError, match="附件只接受"):
        submit(world, attachments=[exe], title="带附件")


def test_scores_within_range_and_author_recused(world):
    s = submit(world, coauthors=[world["coauthor"]])
    with pytest.raises(ServiceError, match="应在0至30分之间"):
        services.suggestion_score(actor=None, suggestion=s, reviewer=world["judges"][0],
                                  scores=full_scores(world, (31, 20, 20)))
    with pytest.raises(ServiceError, match="请填写“经济效益”的得分"):
        services.suggestion_score(actor=None, suggestion=s, reviewer=world["judges"][0],
                                  scores={world["criteria"][0].pk: 10, world["criteria"][1].pk: 10})
    with pytest.raises(ServiceError, match="应当回避"):
        services.suggestion_score(actor=None, suggestion=s, reviewer=world["coauthor"], scores=full_scores(world))
    with pytest.raises(ServiceError, match="不是甲公司工会合理化建议评审小组成员"):
        services.suggestion_score(actor=None, suggestion=s, reviewer=world["author"], scores=full_scores(world))
    services.suggestion_score(actor=None, suggestion=s, reviewer=world["judges"][0], scores=full_scores(world))
    s = services.suggestion_score(actor=None, suggestion=s, reviewer=world["judges"][1],
                                  scores=full_scores(world, (20, 20, 30)))
    assert s.state == S.REVIEWING and s.total_score == Decimal("74.50")


def test_panel_member_scores_only_as_themself(world):
    s = submit(world)
    with pytest.raises(ServiceError) as exc:
        services.suggestion_score(actor=world["judge_user"], suggestion=s, reviewer=world["judges"][1],
                                  scores=full_scores(world))
    assert exc.value.code == "out_of_scope"
    services.suggestion_score(actor=world["judge_user"], suggestion=s, reviewer=world["judges"][0],
                              scores=full_scores(world))


def _through_grading(world, grade=Grade.SECOND):
    s = submit(world, actor=world["member"], token="t1")
    services.suggestion_score(actor=None, suggestion=s, reviewer=world["judges"][0], scores=full_scores(world), on=DAY)
    return services.suggestion_grade(actor=world["officer"], suggestion=s, grade=grade, on=DAY)


def test_grade_adopt_benefit_and_the_author_hears_each_step(world):
    s = _through_grading(world)
    assert s.state == S.GRADED
    assert services.suggestion_grade(actor=world["officer"], suggestion=s, grade=Grade.SECOND).pk == s.pk  # again
    with pytest.raises(ServiceError, match="不能改评"):
        services.suggestion_grade(actor=world["officer"], suggestion=s, grade=Grade.FIRST)
    s = services.suggestion_adopt(actor=world["officer"], suggestion=s, department="动力车间",
                                  on=datetime.date(2025, 3, 10))
    with pytest.raises(ServiceError, match="不能重复采纳"):
        services.suggestion_adopt(actor=world["officer"], suggestion=s, department="设备部",
                                  on=datetime.date(2025, 3, 11))
    with pytest.raises(ServiceError, match="效益核实日期"):
        services.suggestion_benefit(actor=world["officer"], suggestion=s, amount="52000", verified_on=None)
    with pytest.raises(ServiceError, match="不能早于采纳日期"):
        services.suggestion_benefit(actor=world["officer"], suggestion=s, amount="52000",
                                    verified_on=datetime.date(2025, 3, 1))
    s = services.suggestion_benefit(actor=world["officer"], suggestion=s, amount="52000.50",
                                    verified_on=datetime.date(2025, 9, 30), note="财务部核实")
    assert s.state == S.VERIFIED and s.benefit == Decimal("52000.50")
    assert list(SuggestionStep.objects.filter(suggestion=s).values_list("action", flat=True)) == [
        "提交建议", "评审打分", "评定等级", "决定采纳", "核实效益"]
    titles = list(Message.objects.filter(recipient=world["member"]).order_by("id").values_list("title", flat=True))
    assert titles == ["您的建议进入评审：空压机余热回收", "您的建议评为二等：空压机余热回收",
                      "您的建议已被采纳：空压机余热回收", "您的建议产生效益52,000.50元：空压机余热回收"]


def test_not_adopted_cannot_be_adopted(world):
    s = _through_grading(world, Grade.NOT_ADOPTED)
    assert s.state == S.NOT_ADOPTED
    with pytest.raises(ServiceError, match="不采纳"):
        services.suggestion_adopt(actor=world["officer"], suggestion=s, department="动力车间")


def test_grade_needs_scores_and_other_union_is_out_of_scope(world):
    s = submit(world)
    with pytest.raises(ServiceError, match="尚未评分"):
        services.suggestion_grade(actor=world["officer"], suggestion=s, grade=Grade.FIRST)
    with pytest.raises(ServiceError) as exc:
        services.suggestion_grade(actor=world["officer_b"], suggestion=s, grade=Grade.FIRST)
    assert exc.value.code == "out_of_scope"


def test_withdraw_before_review_only(world):
    s = submit(world, actor=world["member"])
    s = services.suggestion_withdraw(actor=world["member"], suggestion=s)
    assert s.state == S.WITHDRAWN
    s2 = submit(world, title="第二条")
    services.suggestion_score(actor=None, suggestion=s2, reviewer=world["judges"][0], scores=full_scores(world))
    with pytest.raises(ServiceError, match="不能撤回"):
        services.suggestion_withdraw(actor=world["member"], suggestion=s2)
