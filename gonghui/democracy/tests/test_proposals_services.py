"""Proposal services: the whole path, and every rule of the issue's "Bad input"."""
from __future__ import annotations

import datetime

import pytest

from gonghui.core.errors import ServiceError
from gonghui.democracy.models import Proposal, ProposalState, ProposalStep
from gonghui.democracy.selectors import proposals as selectors
from gonghui.democracy.services import proposals as services
from gonghui.portal.models import Message

from .proposals_fixtures import pworld, submit  # noqa: F401

D = datetime.date
S = ProposalState


def test_full_path_with_history_and_messages(pworld):
    w = pworld
    p = submit(w, actor=w["delegate_user"], cosigners=[w["people"][1], w["people"][2]])
    assert p.code == "第2-001号" and p.cosigner_count == 2 and p.state == S.SUBMITTED
    p = services.proposal_review(actor=w["committee"], proposal=p, decision=S.REGISTERED, on=D(2025, 3, 5))
    p = services.proposal_assign(actor=w["committee"], proposal=p, department=w["hr"], on=D(2025, 3, 6))
    assert p.due_on == D(2025, 4, 5)
    services.proposal_answer(actor=w["contact"], proposal=p, department=w["hr"], text="已列入年度技改计划。",
                             on=D(2025, 3, 30))
    p = services.proposal_rate(actor=w["delegate_user"], proposal=p, rating="unsatisfied", note="进度太慢",
                               on=D(2025, 4, 2))
    p = services.proposal_send_back(actor=w["committee"], proposal=p, on=D(2025, 4, 3))
    assert p.state == S.ASSIGNED and p.sent_back
    answer = services.proposal_answer(actor=w["contact"], proposal=p, department=w["hr"], text="六月底前完成更换。",
                                      on=D(2025, 4, 20))
    assert answer.round == 2
    p = services.proposal_rate(actor=w["delegate_user"], proposal=p, rating="satisfied", on=D(2025, 4, 21))
    with pytest.raises(ServiceError, match="评价为“不满意”"):
        services.proposal_send_back(actor=w["committee"], proposal=p)
    p = services.proposal_close(actor=w["committee"], proposal=p, on=D(2025, 4, 22))
    assert p.state == S.CLOSED and p.rating == "satisfied"
    actions = list(p.steps.values_list("action", flat=True))
    A = ProposalStep.Action
    assert actions == [A.SUBMIT, A.REGISTER, A.ASSIGN, A.ANSWER, A.RATE, A.SEND_BACK, A.ANSWER, A.RATE, A.CLOSE]
    kinds = sorted(Message.objects.values_list("kind", flat=True))
    assert kinds == sorted(["democracy.proposal_reviewed", "democracy.proposal_assigned",
                            "democracy.proposal_answered", "democracy.proposal_sent_back",
                            "democracy.proposal_answered"])
    # the proposer heard of the review and both answers; the contact of the assignment and the sending back
    assert Message.objects.filter(recipient=w["delegate_user"]).count() == 3
    assert Message.objects.filter(recipient=w["contact"]).count() == 2
    assert not Message.objects.filter(recipient=w["other_contact"]).exists()


def test_a_second_send_back_is_refused(pworld):
    w = pworld
    p = submit(w)
    services.proposal_review(actor=None, proposal=p, decision=S.REGISTERED, on=D(2025, 3, 2))
    services.proposal_assign(actor=None, proposal=p, department=w["hr"], on=D(2025, 3, 3))
    for i in range(2):
        services.proposal_answer(actor=None, proposal=p, department=w["hr"], text=f"答复{i}", on=D(2025, 3, 10 + i * 5))
        services.proposal_rate(actor=None, proposal=p, rating="unsatisfied", note="不满意", on=D(2025, 3, 11 + i * 5))
        if i == 0:
            services.proposal_send_back(actor=None, proposal=p, on=D(2025, 3, 12))
    with pytest.raises(ServiceError, match="已退回重办过一次"):
        services.proposal_send_back(actor=None, proposal=p, on=D(2025, 3, 20))


def test_numbers_follow_in_the_term(pworld):
    w = pworld
    codes = [submit(w, title=f"提案{i}").code for i in range(3)]
    assert codes == ["第2-001号", "第2-002号", "第2-003号"]


def test_proposer_not_a_delegate_of_the_term(pworld):
    w = pworld
    with pytest.raises(ServiceError, match="孙强不是.*在任职工代表，不能提出提案"):
        submit(w, proposer=w["outsider"])
    with pytest.raises(ServiceError, match="孙强不是.*不能附议"):
        submit(w, cosigners=[w["outsider"]])
    # a delegate of another union's term is not a delegate of this one
    with pytest.raises(ServiceError, match="周老师不是"):
        submit(w, proposer=w["b_person"])
    assert not Proposal.objects.exists()


def test_co_proposer_twice_or_the_proposer(pworld):
    w = pworld
    with pytest.raises(ServiceError, match="附议人李秀英重复填写了"):
        submit(w, cosigners=[w["people"][1], w["people"][1]])
    with pytest.raises(ServiceError, match="王建国是提案人"):
        submit(w, cosigners=[w["people"][0]])
    p = submit(w)
    with pytest.raises(ServiceError, match="提案人不能附议"):
        services.proposal_cosign(actor=w["delegate_user"], proposal=p, person=w["people"][0])
    row = services.proposal_cosign(actor=w["cosigner_user"], proposal=p, person=w["people"][1])
    again = services.proposal_cosign(actor=w["cosigner_user"], proposal=p, person=w["people"][1])
    assert row.pk == again.pk
    p.refresh_from_db()
    assert p.cosigner_count == 1 and p.cosigners.count() == 1
    # a member cannot co-sign in another person's name
    with pytest.raises(ServiceError) as e:
        services.proposal_cosign(actor=w["cosigner_user"], proposal=p, person=w["people"][2])
    assert e.value.code == "out_of_scope"


def test_answer_by_a_department_not_assigned(pworld):
    w = pworld
    p = submit(w)
    services.proposal_review(actor=None, proposal=p, decision=S.REGISTERED, on=D(2025, 3, 2))
    services.proposal_assign(actor=None, proposal=p, department=w["hr"], on=D(2025, 3, 3))
    with pytest.raises(ServiceError, match="未交办给“安全环保部”"):
        services.proposal_answer(actor=w["committee"], proposal=p, department=w["safety"], text="答复")
    with pytest.raises(ServiceError) as e:  # the other department's contact cannot even see it
        services.proposal_answer(actor=w["other_contact"], proposal=p, department=w["hr"], text="答复")
    assert e.value.code == "out_of_scope"
    assert selectors.proposals(w["other_contact"]).count() == 0
    assert list(selectors.proposals(w["contact"])) == [p]
    with pytest.raises(ServiceError, match="请填写答复内容"):
        services.proposal_answer(actor=w["contact"], proposal=p, department=w["hr"], text="  ")


def test_double_clicks_change_nothing(pworld):
    w = pworld
    p1 = submit(w, actor=w["delegate_user"])
    p2 = submit(w, actor=w["delegate_user"])
    assert p1.pk == p2.pk and Proposal.objects.count() == 1
    for _ in range(2):
        services.proposal_review(actor=w["committee"], proposal=p1, decision=S.REGISTERED, on=D(2025, 3, 2))
        services.proposal_assign(actor=w["committee"], proposal=p1, department=w["hr"], on=D(2025, 3, 3),
                                 due_on=D(2025, 4, 1))
    for _ in range(2):
        services.proposal_answer(actor=w["contact"], proposal=p1, department=w["hr"], text="已办理", on=D(2025, 3, 9))
        services.proposal_rate(actor=w["delegate_user"], proposal=p1, rating="fairly", on=D(2025, 3, 10))
        services.proposal_close(actor=w["committee"], proposal=p1, on=D(2025, 3, 11))
    assert p1.steps.count() == 6 and p1.answers.count() == 1
    with pytest.raises(ServiceError, match="不能重复审查"):
        services.proposal_review(actor=w["committee"], proposal=p1, decision=S.REJECTED, note="x")


def test_review_rules(pworld):
    w = pworld
    a, b = submit(w, title="甲"), submit(w, title="乙")
    with pytest.raises(ServiceError, match="不予立案的理由"):
        services.proposal_review(actor=None, proposal=a, decision=S.REJECTED)
    with pytest.raises(ServiceError, match="只能并入已立案"):
        services.proposal_review(actor=None, proposal=a, decision=S.MERGED, merged_into=b)
    services.proposal_review(actor=None, proposal=b, decision=S.REGISTERED, on=D(2025, 3, 2))
    a = services.proposal_review(actor=None, proposal=a, decision=S.MERGED, merged_into=b, on=D(2025, 3, 2))
    assert a.merged_into == b and "并入第2-002号" in a.review_note
    c = submit(w, title="丙")
    with pytest.raises(ServiceError, match="只有已立案"):
        services.proposal_assign(actor=None, proposal=c, department=w["hr"])
    with pytest.raises(ServiceError, match="审查日期不能早于提交日期"):
        services.proposal_review(actor=None, proposal=c, decision=S.REGISTERED, on=D(2025, 1, 1))
    with pytest.raises(ServiceError, match="不能评价"):
        services.proposal_rate(actor=None, proposal=c, rating="satisfied")


def test_other_unions_ids_are_out_of_scope(pworld):
    w = pworld
    p = submit(w)
    for call in (
        lambda: services.proposal_review(actor=w["officer_b"], proposal=p, decision=S.REGISTERED),
        lambda: services.proposal_close(actor=w["officer_b"], proposal=p),
        lambda: services.proposal_rate(actor=w["cosigner_user"], proposal=p, rating="satisfied"),
        lambda: submit(w, actor=w["officer_b"], title="x"),
        lambda: submit(w, actor=w["cosigner_user"], title="y"),  # a member raising for another delegate
        lambda: services.proposal_review(actor=w["contact"], proposal=p, decision=S.REGISTERED),
    ):
        with pytest.raises(ServiceError) as e:
            call()
        assert e.value.code == "out_of_scope"
    services.proposal_review(actor=None, proposal=p, decision=S.REGISTERED, on=D(2025, 3, 2))
    with pytest.raises(ServiceError) as e:
        services.proposal_assign(actor=None, proposal=p, department=w["b_dept"])
    assert e.value.code == "out_of_scope"
    assert selectors.proposals(w["officer_b"]).count() == 0


def test_overdue_list(pworld):
    w = pworld
    late, fine = submit(w, title="甲"), submit(w, title="乙")
    for p, due in ((late, D(2025, 4, 1)), (fine, D(2099, 1, 1))):
        services.proposal_review(actor=None, proposal=p, decision=S.REGISTERED, on=D(2025, 3, 2))
        services.proposal_assign(actor=None, proposal=p, department=w["hr"], on=D(2025, 3, 3), due_on=due)
    assert list(selectors.overdue(w["officer"])) == [late]
    assert list(selectors.overdue(w["officer"], on=D(2025, 3, 20))) == []
    assert selectors.overdue(w["officer_b"]).count() == 0
    assert selectors.to_answer(w["contact"]).count() == 2
    assert selectors.to_answer(w["other_contact"]).count() == 0


def test_department_rules(pworld):
    w = pworld
    with pytest.raises(ServiceError, match="已有承办部门"):
        services.department_save(actor=w["officer"], org=w["company"], name="人力资源部")
    with pytest.raises(ServiceError, match="没有.*承办部门联系人的角色"):
        services.department_save(actor=w["officer"], org=w["company"], name="财务部", contacts=[w["delegate_user"]])
    with pytest.raises(ServiceError) as e:
        services.department_save(actor=w["officer_b"], org=w["company"], name="财务部")
    assert e.value.code == "out_of_scope"


def test_member_selectors(pworld):
    w = pworld
    p = submit(w, actor=w["delegate_user"], cosigners=[w["people"][2]])
    other = submit(w, proposer=w["people"][3], title="另一件")
    assert set(selectors.mine(w["delegate_user"])) == {p}
    assert set(selectors.cosignable(w["cosigner_user"])) == {p, other}
    assert set(selectors.cosignable(w["delegate_user"])) == {other}
    services.proposal_review(actor=None, proposal=other, decision=S.REGISTERED, on=D(2025, 3, 2))
    assert set(selectors.cosignable(w["delegate_user"])) == set()
