"""Proposals (提案): departments, raising and co-signing, review, assignment, answer, rating, sending back, closing.

Who may do what:
- raise (提交) and co-sign (附议): a serving delegate of the proposal's term, for themself (their own account), or an
  officer (DEMOCRACY_EDIT or PROPOSAL_REVIEW on the union) entering a paper proposal for a delegate;
- review (立案 / 并案 / 作为意见建议处理 / 不予立案), assign (交办), send back (退回重办), close (办结): the proposals
  committee (PROPOSAL_REVIEW) or officers with DEMOCRACY_EDIT;
- answer (答复): a contact of the department the proposal is assigned to (PROPOSAL_ANSWER), or the committee / an
  officer recording a department's written answer — for that department only;
- rate (评价): the proposer (their own account), or the committee recording a paper rating.

Every step is a ProposalStep row. Repeating a step with the same input (a double click) changes nothing and returns
the proposal as it is; the same step with different input after it was taken is refused with the reason.
Messages: the proposer hears of the review and the answer; the department's contacts hear of an assignment and of a
proposal sent back (portal/proposals.py declares the kinds).
"""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.errors import ServiceError
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from ..models import (
    REGISTERED_STATES,
    CongressSession,
    Delegate,
    Department,
    Proposal,
    ProposalAnswer,
    ProposalCategory,
    ProposalCosigner,
    ProposalState,
    ProposalStep,
    Satisfaction,
    Term,
)
from ._common import OUT_OF_SCOPE, require

__all__ = ["department_save", "department_delete", "department_uses", "proposal_submit", "proposal_update", "proposal_cosign", "proposal_review", "proposal_assign",
           "proposal_answer", "proposal_rate", "proposal_send_back", "proposal_close", "can_review", "can_answer",
           "DEFAULT_DUE_DAYS", "REVIEW_DECISIONS"]

#: 答复期限: departments commonly answer within a month of assignment.
DEFAULT_DUE_DAYS = 30
REVIEW_DECISIONS = {
    ProposalState.REGISTERED: ProposalStep.Action.REGISTER,
    ProposalState.MERGED: ProposalStep.Action.MERGE,
    ProposalState.OPINION: ProposalStep.Action.OPINION,
    ProposalState.REJECTED: ProposalStep.Action.REJECT,
}
S = ProposalState


def can_review(user, org: Organization) -> bool:
    """The proposals committee, or an officer who edits democracy records, on the union."""
    return user is None or can_on_org(user, Perm.PROPOSAL_REVIEW, org) or can_on_org(user, Perm.DEMOCRACY_EDIT, org)


def _require_review(actor, org) -> None:
    if actor is None:
        return
    if not getattr(actor, "is_authenticated", False) or not can_review(actor, org):
        raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")


def can_answer(user, proposal: Proposal) -> bool:
    """A contact of the assigned department (with PROPOSAL_ANSWER on the union), or the committee / an officer."""
    if user is None or can_review(user, proposal.org):
        return True
    if proposal.department_id is None or not can_on_org(user, Perm.PROPOSAL_ANSWER, proposal.org):
        return False
    return proposal.department.contacts.filter(pk=user.pk).exists()


def _is_own(actor, person: Person) -> bool:
    return actor is not None and getattr(actor, "person_id", None) == person.pk


def _step(proposal: Proposal, action: str, actor, on: datetime.date, note: str = "") -> ProposalStep:
    return ProposalStep.objects.create(proposal=proposal, org=proposal.org, action=action, state=proposal.state,
                                       note=(note or "")[:500], actor=actor if getattr(actor, "pk", None) else None,
                                       on=on)


def _locked(proposal: Proposal) -> Proposal:
    return (Proposal.objects.select_for_update(of=("self",)).select_related("term__congress", "org", "department",
                                                                            "proposer__person")
            .get(pk=proposal.pk))


def _text(value: str, label: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"请填写{label}。")
    if max_length and len(value) > max_length:
        raise ServiceError(f"{label}不能超过{max_length}个字。")
    return value


def _notify(proposal: Proposal, users, kind: str, title: str, body: str, key: str) -> None:
    from gonghui.portal import messaging

    url = proposal.get_absolute_url()
    for user in users:
        messaging.send(user, kind, title, body, url, dedupe_key=f"{kind}:{proposal.pk}:{key}")


def _proposer_accounts(proposal: Proposal):
    from gonghui.accounts.models import User

    return list(User.objects.filter(person_id=proposal.proposer.person_id, is_active=True))


# ---------------------------------------------------------------------------------------------------------------
# Departments
# ---------------------------------------------------------------------------------------------------------------

@transaction.atomic
def department_save(*, actor, org: Organization, name: str, contacts=(), order: int = 0,
                    department: Department | None = None, is_active: bool = True) -> Department:
    """Create a department of the union (or change one): name unique in the union; contacts are accounts that hold
    the role 承办部门联系人 (or another role that may answer) on the union."""
    if department is not None:
        org = department.org
    _require_review(actor, org)
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("承办部门只能建在工会（基层工会、联合工会等）上。")
    name = _text(name, "部门名称", 60)
    twin = Department.objects.filter(org=org, name=name)
    if department is not None:
        twin = twin.exclude(pk=department.pk)
    if twin.exists():
        raise ServiceError(f"已有承办部门“{name}”。")
    contacts = list(contacts or ())
    for user in contacts:
        if not can_on_org(user, Perm.PROPOSAL_ANSWER, org):
            raise ServiceError(f"{user}没有{org.name}承办部门联系人的角色，请先为其分配角色“提案承办部门联系人”。")
    if department is None:
        department = Department.objects.create(org=org, name=name, order=order, is_active=is_active)
    else:
        department.name, department.order, department.is_active = name, order, is_active
        department.save(update_fields=["name", "order", "is_active"])
    department.contacts.set(contacts)
    return department


def department_uses(department: Department) -> dict[str, int]:
    """What refers to the department: proposals assigned, answers given, opinions forwarded to it."""
    from ..models import Opinion

    uses = {"提案": Proposal.objects.filter(department=department).count(),
            "答复": ProposalAnswer.objects.filter(department=department).count()}
    if any(f.name == "department_ref" for f in Opinion._meta.get_fields()):
        uses["意见建议"] = Opinion.objects.filter(department_ref=department).count()
    return {k: v for k, v in uses.items() if v}


@transaction.atomic
def department_delete(*, actor, department: Department) -> None:
    """Delete a department entered by mistake. One that has been used (proposals, answers, opinions) is kept for
    the records and can only be deactivated (停用)."""
    _require_review(actor, department.org)
    department = Department.objects.select_for_update().get(pk=department.pk)
    uses = department_uses(department)
    if uses:
        said = "、".join(f"{k}{v}件" for k, v in uses.items())
        raise ServiceError(f"承办部门“{department.name}”已有{said}，不能删除；如不再承办，请将其停用。")
    department.contacts.clear()
    department.delete()


# ---------------------------------------------------------------------------------------------------------------
# Raising and co-signing
# ---------------------------------------------------------------------------------------------------------------

def _delegate_of(term: Term, person: Person, role: str) -> Delegate:
    found = Delegate.objects.filter(term=term, person=person, status=Delegate.Status.SERVING).first()
    if found is None:
        raise ServiceError(f"{person.name}不是{term}的在任职工代表，不能{role}。")
    return found


@transaction.atomic
def proposal_submit(*, actor, term: Term, proposer: Person, title: str, category: str, reasons: str,
                    measures: str, cosigners=(), session: CongressSession | None = None,
                    submitted_on: datetime.date | None = None) -> Proposal:
    """A delegate raises a proposal (alone or with co-proposers). The number is the next in the term.
    A second click (the same proposer, term and title still 已提交) returns the proposal already made."""
    on = submitted_on or localdate()
    if not _is_own(actor, proposer):
        if actor is not None and not (can_review(actor, term.org)):
            # Not their own proposal and no officer's right: the member may not act for another person.
            raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")
    title = _text(title, "案由（提案标题）", 100)
    if category not in ProposalCategory.values:
        raise ServiceError("请选择提案类别。")
    reasons = _text(reasons, "提案理由")
    measures = _text(measures, "建议措施")
    if on > localdate():
        raise ServiceError("提交日期不能晚于今天。")
    if on < term.started_on or (term.ended_on is not None and on > term.ended_on):
        raise ServiceError(f"提交日期不在{term}任期内。")
    if session is not None and session.term_id != term.pk:
        raise ServiceError("所选会议不属于本届。")
    term = Term.objects.select_for_update().select_related("congress").get(pk=term.pk)
    delegate = _delegate_of(term, proposer, "提出提案")
    people = list(cosigners or ())
    seen: set[int] = set()
    for person in people:
        if person.pk == proposer.pk:
            raise ServiceError(f"{person.name}是提案人，不能再作为附议人。")
        if person.pk in seen:
            raise ServiceError(f"附议人{person.name}重复填写了。")
        seen.add(person.pk)
    co_delegates = [_delegate_of(term, person, "附议提案") for person in people]
    twin = Proposal.objects.filter(term=term, proposer=delegate, title=title, state=S.SUBMITTED).first()
    if twin is not None:
        return twin
    number = (Proposal.objects.filter(term=term).aggregate(n=Max("number"))["n"] or 0) + 1
    # 代为录入: an officer (or the committee) entering a delegate's paper proposal is recorded as its enterer.
    entered_by = actor if getattr(actor, "pk", None) and not _is_own(actor, proposer) else None
    proposal = Proposal.objects.create(
        org=term.org, term=term, session=session, number=number, title=title, category=category, reasons=reasons,
        measures=measures, proposer=delegate, cosigner_count=len(co_delegates), submitted_on=on,
        entered_by=entered_by)
    for d in co_delegates:
        ProposalCosigner.objects.create(proposal=proposal, org=proposal.org, delegate=d)
    names = "、".join(p.name for p in people)
    note = f"附议人：{names}" if names else ""
    if entered_by is not None:
        note = f"书面提案，由{entered_by.get_full_name() or entered_by.get_username()}代为录入。" + note
    _step(proposal, ProposalStep.Action.SUBMIT, actor, on, note)
    return proposal


@transaction.atomic
def proposal_update(*, actor, proposal: Proposal, title: str | None = None, category: str | None = None,
                    reasons: str | None = None, measures: str | None = None,
                    session: CongressSession | None | bool = False) -> Proposal:
    """Change a proposal: its text while it waits for review (已提交) — by the proposer or the committee — and the
    session it is raised for (the committee at any time: a proposal raised between sessions goes to the next one).
    `session=False` leaves the session as it is; None unlinks it."""
    proposal = _locked(proposal)
    own = _is_own(actor, proposal.proposer.person)
    reviewer = actor is None or can_review(actor, proposal.org)
    if not own and not reviewer:
        raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")
    fields = []
    text_change = {}
    for name, value, label, size in (("title", title, "案由（提案标题）", 100), ("reasons", reasons, "提案理由", None),
                                     ("measures", measures, "建议措施", None)):
        if value is not None:
            value = _text(value, label, size)
            if value != getattr(proposal, name):
                text_change[name] = value
    if category is not None:
        if category not in ProposalCategory.values:
            raise ServiceError("请选择提案类别。")
        if category != proposal.category:
            text_change["category"] = category
    if text_change and proposal.state != S.SUBMITTED:
        raise ServiceError(f"该提案已审查（{proposal.get_state_display()}），内容不能再修改。")
    for name, value in text_change.items():
        setattr(proposal, name, value)
        fields.append(name)
    if session is not False and getattr(session, "pk", None) != proposal.session_id:
        if session is not None and session.term_id != proposal.term_id:
            raise ServiceError("所选会议不属于本届。")
        if not reviewer and proposal.state != S.SUBMITTED:
            raise ServiceError("该提案已审查，提交会议只能由提案委员会调整。")
        proposal.session = session
        fields.append("session")
    if not fields:
        return proposal  # nothing changed (a double click)
    proposal.save(update_fields=fields)
    labels = {"title": "案由", "category": "类别", "reasons": "理由", "measures": "建议措施", "session": "提交会议"}
    note = "修改" + "、".join(labels[f] for f in fields)
    if "session" in fields:
        note += f"（提交会议：{proposal.session or '闭会期间'}）"
    _step(proposal, ProposalStep.Action.EDIT, actor, localdate(), note)
    return proposal


@transaction.atomic
def proposal_cosign(*, actor, proposal: Proposal, person: Person) -> ProposalCosigner:
    """A delegate of the same term co-signs (附议) a proposal not yet reviewed. Signing again returns the row."""
    proposal = _locked(proposal)
    if not _is_own(actor, person) and actor is not None and not can_review(actor, proposal.org):
        raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")
    if proposal.proposer.person_id == person.pk:
        raise ServiceError("提案人不能附议自己的提案。")
    delegate = _delegate_of(proposal.term, person, "附议提案")
    found = ProposalCosigner.objects.filter(proposal=proposal, delegate=delegate).first()
    if found is not None:
        return found
    if proposal.state != S.SUBMITTED:
        raise ServiceError("该提案已审查，不能再附议。")
    try:
        with transaction.atomic():
            row = ProposalCosigner.objects.create(proposal=proposal, org=proposal.org, delegate=delegate)
    except IntegrityError:  # the same delegate at the same moment
        return ProposalCosigner.objects.get(proposal=proposal, delegate=delegate)
    proposal.cosigner_count = ProposalCosigner.objects.filter(proposal=proposal).count()
    proposal.save(update_fields=["cosigner_count"])
    _step(proposal, ProposalStep.Action.COSIGN, actor, localdate(), f"{person.name}附议")
    return row


# ---------------------------------------------------------------------------------------------------------------
# The committee: review, assign, send back, close
# ---------------------------------------------------------------------------------------------------------------

@transaction.atomic
def proposal_review(*, actor, proposal: Proposal, decision: str, note: str = "", merged_into: Proposal | None = None,
                    on: datetime.date | None = None) -> Proposal:
    """立案, 并案 (into another proposal of the same term), 作为意见建议处理 or 不予立案 (with the reason)."""
    _require_review(actor, proposal.org)
    proposal = _locked(proposal)
    on = on or localdate()
    if decision not in REVIEW_DECISIONS:
        raise ServiceError("请选择审查结果（立案、并案、作为意见建议处理或不予立案）。")
    note = (note or "").strip()
    if proposal.state != S.SUBMITTED:
        same = (proposal.state == decision and (decision != S.MERGED or proposal.merged_into_id == getattr(
            merged_into, "pk", None))) or (decision == S.REGISTERED and proposal.state in REGISTERED_STATES)
        if same:
            return proposal  # a double click
        raise ServiceError(f"该提案已审查（{proposal.get_state_display()}），不能重复审查。")
    if decision in (S.REJECTED, S.OPINION) and not note:
        raise ServiceError("请填写不予立案的理由。" if decision == S.REJECTED else "请填写转作意见建议处理的说明。")
    if decision == S.MERGED:
        if merged_into is None:
            raise ServiceError("请选择并入的提案。")
        if merged_into.pk == proposal.pk:
            raise ServiceError("提案不能并入自身。")
        merged_into = Proposal.objects.select_related("term").get(pk=merged_into.pk)
        if merged_into.term_id != proposal.term_id:
            raise ServiceError("只能并入同一届的提案。")
        if merged_into.state not in REGISTERED_STATES:
            raise ServiceError(f"只能并入已立案的提案（{merged_into.code}为“{merged_into.get_state_display()}”）。")
        note = note or f"并入{merged_into.code}《{merged_into.title}》办理"
    if on < proposal.submitted_on:
        raise ServiceError("审查日期不能早于提交日期。")
    proposal.state = decision
    proposal.review_note = note[:500]
    proposal.reviewed_on = on
    proposal.merged_into = merged_into if decision == S.MERGED else None
    proposal.save(update_fields=["state", "review_note", "reviewed_on", "merged_into"])
    _step(proposal, REVIEW_DECISIONS[decision], actor, on, note)
    label = ProposalState(decision).label
    _notify(proposal, _proposer_accounts(proposal), "democracy.proposal_reviewed", f"您的提案已审查：{label}",
            f"{proposal.code}《{proposal.title}》经提案委员会审查：{label}。{note}", "reviewed")
    return proposal


def _check_department(proposal: Proposal, department: Department) -> None:
    if department is None:
        raise ServiceError("请选择承办部门。")
    if department.org_id != proposal.org_id:
        raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")
    if not department.is_active:
        raise ServiceError(f"承办部门“{department.name}”已停用。")


@transaction.atomic
def proposal_assign(*, actor, proposal: Proposal, department: Department, due_on: datetime.date | None = None,
                    on: datetime.date | None = None, note: str = "") -> Proposal:
    """交办: a registered proposal goes to the responsible department with a due date (30 days by default)."""
    _require_review(actor, proposal.org)
    proposal = _locked(proposal)
    on = on or localdate()
    _check_department(proposal, department)
    due_on = due_on or on + datetime.timedelta(days=DEFAULT_DUE_DAYS)
    if proposal.state in REGISTERED_STATES and proposal.state != S.REGISTERED \
            and proposal.department_id == department.pk and (proposal.due_on == due_on or proposal.state != S.ASSIGNED):
        return proposal  # a double click (or the page sent again after the department answered)
    if proposal.state not in (S.REGISTERED, S.ASSIGNED):
        raise ServiceError(f"只有已立案的提案才能交办（该提案为“{proposal.get_state_display()}”）。")
    if proposal.state == S.ASSIGNED and proposal.answers.exists():
        raise ServiceError("退回重办的提案已交办，不能改交其他部门。")
    if on < (proposal.reviewed_on or proposal.submitted_on):
        raise ServiceError("交办日期不能早于立案日期。")
    if due_on <= on:
        raise ServiceError("答复期限应晚于交办日期。")
    changed = proposal.state == S.ASSIGNED
    proposal.state = S.ASSIGNED
    proposal.department = department
    proposal.assigned_on = on
    proposal.due_on = due_on
    proposal.save(update_fields=["state", "department", "assigned_on", "due_on"])
    text = f"交{department.name}办理，{due_on:%Y年%-m月%-d日}前答复"
    _step(proposal, ProposalStep.Action.ASSIGN, actor, on, (("改" if changed else "") + text + "。" + (note or "")))
    _notify(proposal, department.contacts.filter(is_active=True), "democracy.proposal_assigned",
            f"新交办提案：{proposal.code}", f"{proposal.code}《{proposal.title}》已{text}。",
            f"assigned:{department.pk}:{on.isoformat()}")
    return proposal


@transaction.atomic
def proposal_answer(*, actor, proposal: Proposal, department: Department, text: str,
                    on: datetime.date | None = None) -> ProposalAnswer:
    """答复: by the department the proposal is assigned to (its contact, or the committee recording it)."""
    proposal = _locked(proposal)
    if actor is not None and not can_answer(actor, proposal):
        raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")
    on = on or localdate()
    text = _text(text, "答复内容")
    if department is None:
        raise ServiceError("请选择答复部门。")
    if proposal.department_id != department.pk:
        raise ServiceError(f"该提案未交办给“{department.name}”，只能由承办部门"
                           f"“{proposal.department.name if proposal.department else '（未交办）'}”答复。")
    round_ = proposal.answers.count() + (1 if proposal.state == S.ASSIGNED else 0)
    last = proposal.answers.order_by("-round").first()
    if proposal.state != S.ASSIGNED:
        if last is not None and last.text == text and last.department_id == department.pk:
            return last  # a double click
        raise ServiceError(f"该提案当前为“{proposal.get_state_display()}”，不能答复。")
    if on < (proposal.assigned_on or proposal.submitted_on):
        raise ServiceError("答复日期不能早于交办日期。")
    if on > localdate():
        raise ServiceError("答复日期不能晚于今天。")
    answer = ProposalAnswer.objects.create(proposal=proposal, org=proposal.org, round=round_, department=department,
                                           text=text, answered_on=on,
                                           answered_by=actor if getattr(actor, "pk", None) else None)
    proposal.state = S.ANSWERED
    proposal.answered_on = on
    proposal.rating = ""
    proposal.rated_on = None
    proposal.save(update_fields=["state", "answered_on", "rating", "rated_on"])
    _step(proposal, ProposalStep.Action.ANSWER, actor, on, f"{department.name}第{round_}次答复")
    _notify(proposal, _proposer_accounts(proposal), "democracy.proposal_answered", f"您的提案已答复：{proposal.code}",
            f"{proposal.code}《{proposal.title}》已由{department.name}答复，请查看并评价。", f"answered:{round_}")
    return answer


@transaction.atomic
def proposal_rate(*, actor, proposal: Proposal, rating: str, note: str = "",
                  on: datetime.date | None = None) -> Proposal:
    """评价: the proposer says whether they are satisfied with the answer (满意 / 基本满意 / 不满意)."""
    proposal = _locked(proposal)
    if not _is_own(actor, proposal.proposer.person) and actor is not None and not can_review(actor, proposal.org):
        raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")
    on = on or localdate()
    if rating not in Satisfaction.values:
        raise ServiceError("请选择满意、基本满意或不满意。")
    note = (note or "").strip()
    if proposal.state in (S.RATED, S.CLOSED) and proposal.rating == rating:
        return proposal  # a double click
    if proposal.state != S.ANSWERED:
        raise ServiceError(f"该提案当前为“{proposal.get_state_display()}”，不能评价。")
    if rating == Satisfaction.UNSATISFIED and not note:
        raise ServiceError("请写明不满意的原因，以便承办部门再次办理。")
    if on < proposal.answered_on:
        raise ServiceError("评价日期不能早于答复日期。")
    answer = proposal.answers.order_by("-round").first()
    answer.rating, answer.rating_note, answer.rated_on = rating, note[:500], on
    answer.save(update_fields=["rating", "rating_note", "rated_on"])
    proposal.state = S.RATED
    proposal.rating = rating
    proposal.rated_on = on
    proposal.save(update_fields=["state", "rating", "rated_on"])
    label = Satisfaction(rating).label
    _step(proposal, ProposalStep.Action.RATE, actor, on, label + (f"：{note}" if note else ""))
    return proposal


@transaction.atomic
def proposal_send_back(*, actor, proposal: Proposal, due_on: datetime.date | None = None, note: str = "",
                       on: datetime.date | None = None) -> Proposal:
    """退回重办: an answer rated 不满意 goes back to the same department once, for a second answer."""
    _require_review(actor, proposal.org)
    proposal = _locked(proposal)
    on = on or localdate()
    if proposal.state == S.ASSIGNED and proposal.sent_back:
        return proposal  # a double click
    if proposal.state != S.RATED or proposal.rating != Satisfaction.UNSATISFIED:
        raise ServiceError("只有评价为“不满意”的提案才能退回重办。")
    if proposal.sent_back:
        raise ServiceError("该提案已退回重办过一次，不能再次退回；请办结并在办理情况报告中说明。")
    due_on = due_on or on + datetime.timedelta(days=DEFAULT_DUE_DAYS)
    if due_on <= on:
        raise ServiceError("答复期限应晚于退回日期。")
    proposal.state = S.ASSIGNED
    proposal.sent_back = True
    proposal.assigned_on = on
    proposal.due_on = due_on
    proposal.save(update_fields=["state", "sent_back", "assigned_on", "due_on"])
    _step(proposal, ProposalStep.Action.SEND_BACK, actor, on,
          f"退回{proposal.department.name}重新办理，{due_on:%Y年%-m月%-d日}前再次答复。{(note or '').strip()}")
    _notify(proposal, proposal.department.contacts.filter(is_active=True), "democracy.proposal_sent_back",
            f"提案退回重办：{proposal.code}",
            f"{proposal.code}《{proposal.title}》的答复提案人不满意，退回重新办理，请于{due_on:%Y年%-m月%-d日}前再次答复。",
            "sent_back")
    return proposal


@transaction.atomic
def proposal_close(*, actor, proposal: Proposal, note: str = "", on: datetime.date | None = None) -> Proposal:
    """办结: an answered proposal (rated, or not rated by the proposer) is closed by the committee."""
    _require_review(actor, proposal.org)
    proposal = _locked(proposal)
    on = on or localdate()
    if proposal.state == S.CLOSED:
        return proposal
    if proposal.state not in (S.ANSWERED, S.RATED):
        raise ServiceError(f"只有已答复的提案才能办结（该提案为“{proposal.get_state_display()}”）。")
    if on < (proposal.rated_on or proposal.answered_on):
        raise ServiceError("办结日期不能早于答复或评价日期。")
    proposal.state = S.CLOSED
    proposal.closed_on = on
    proposal.save(update_fields=["state", "closed_on"])
    _step(proposal, ProposalStep.Action.CLOSE, actor, on, (note or "").strip() or
          ("提案人未评价" if not proposal.rating else f"提案人评价：{proposal.get_rating_display()}"))
    return proposal
