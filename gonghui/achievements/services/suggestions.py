"""Rational suggestions (合理化建议): criteria, the review panel, submission, scoring, grading, adoption, benefit.

Every step repeated with the same input returns the record unchanged (double clicks); a different decision after the
fact is refused with the date and what was decided. The author's account hears of each step (portal messages, kinds
in portal/suggestions.py), inside the step's transaction.
"""
from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core import uploads
from gonghui.core.errors import ServiceError
from gonghui.core.models import Sequence
from gonghui.core.money import to_money
from gonghui.members.models import Person
from gonghui.orgs.models import Organization
from gonghui.portal import messaging

from ..models import (ADOPTABLE_GRADES, Grade, PanelMember, Suggestion, SuggestionAttachment, SuggestionCoauthor,
                      SuggestionCriterion, SuggestionScore, SuggestionStep)
from ._common import past_date, require, text, union_of

__all__ = ["criterion_set", "panel_add", "panel_remove", "suggestion_submit", "suggestion_score", "suggestion_grade",
           "suggestion_adopt", "suggestion_implement", "suggestion_benefit", "suggestion_withdraw", "panel_of",
           "is_panel_member", "MAX_COAUTHORS"]

S = Suggestion.State
MAX_COAUTHORS = 10
MAX_BENEFIT = Decimal("999999999999.99")
OPEN_STATES = (S.SUBMITTED, S.REVIEWING)


def _day(day) -> str:
    return f"{day:%Y年%-m月%-d日}"


# --- criteria and panel -------------------------------------------------------------------------------------------

@transaction.atomic
def criterion_set(*, actor, org: Organization, name: str, max_score: int, order: int = 0,
                  active: bool = True) -> SuggestionCriterion:
    """A criterion of the union's panel (created, or its maximum/order/active changed by name)."""
    require(actor, Perm.ACHIEVE_EDIT, org)
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("评分标准由工会设置，不能建在分会或小组上。")
    name = text(name, 50)
    if not name:
        raise ServiceError("请填写评分项名称。")
    if max_score is None or not 1 <= int(max_score) <= 100:
        raise ServiceError("满分应为1至100之间的整数。")
    row, created = SuggestionCriterion.objects.select_for_update().get_or_create(
        org=org, name=name, defaults={"max_score": max_score, "order": order or 0, "active": active})
    if not created and (row.max_score, row.order, row.active) != (max_score, order or 0, active):
        row.max_score, row.order, row.active = max_score, order or 0, active
        row.save(update_fields=["max_score", "order", "active"])
    return row


@transaction.atomic
def panel_add(*, actor, org: Organization, person: Person, role: str = "", since: datetime.date | None = None
              ) -> PanelMember:
    require(actor, Perm.ACHIEVE_EDIT, org)
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("评审小组由工会设立。")
    if not person.org.path.startswith(org.path):
        raise ServiceError(f"{person.name}不是{org.name}的职工，不能加入评审小组。")
    since = past_date(since or localdate(), "加入日期")
    row, created = PanelMember.objects.select_for_update().get_or_create(
        org=org, person=person, defaults={"role": text(role, 30), "since": since})
    if not created and row.until is not None:  # back on the panel
        row.until, row.since, row.role = None, since, text(role, 30) or row.role
        row.save(update_fields=["until", "since", "role"])
    return row


@transaction.atomic
def panel_remove(*, actor, member: PanelMember, until: datetime.date | None = None) -> PanelMember:
    require(actor, Perm.ACHIEVE_EDIT, member.org)
    if member.until is None:
        member.until = past_date(until or localdate(), "退出日期")
        member.save(update_fields=["until"])
    return member


def panel_of(union: Organization):
    return PanelMember.objects.filter(org=union, until__isnull=True).select_related("person")


def is_panel_member(person: Person | None, suggestion: Suggestion) -> bool:
    if person is None:
        return False
    return panel_of(suggestion.union).filter(person=person).exists()


# --- submission ---------------------------------------------------------------------------------------------------

def _accounts(people) -> list:
    User = get_user_model()
    return list(User.objects.filter(person__in=people, is_active=True))


def _tell(suggestion: Suggestion, kind: str, title: str, body: str, step: str) -> None:
    """The author and co-authors hear of a step (once per step: dedupe key)."""
    people = [suggestion.author_id, *suggestion.coauthors.values_list("person_id", flat=True)]
    url = reverse("achievements:my_suggestion", args=[suggestion.pk])
    for user in _accounts(people):
        messaging.send(user, kind, title, body, url, dedupe_key=f"achievements.suggestion:{suggestion.pk}:{step}")


def _step(suggestion: Suggestion, actor, action: str, on: datetime.date, note: str = "") -> None:
    SuggestionStep.objects.create(suggestion=suggestion, action=action, state=suggestion.state, note=note[:300],
                                  actor=actor if getattr(actor, "pk", None) else None, on=on)


def _own_person(actor):
    return getattr(actor, "person", None) if getattr(actor, "person_id", None) else None


def _may_enter_for(actor, person: Person) -> bool:
    """A member submits for themself; an officer (ACHIEVE_EDIT on the author's organisation) enters a paper one."""
    if actor is None:
        return True
    if getattr(actor, "person_id", None) == person.pk:
        return True
    return can_on_org(actor, Perm.ACHIEVE_EDIT, person.org)


@transaction.atomic
def suggestion_submit(*, actor, author: Person, title: str, problem: str, proposal: str, expected_benefit: str = "",
                      coauthors=(), attachments=(), token: str = "",
                      submitted_on: datetime.date | None = None) -> Suggestion:
    """A suggestion raised by `author` (with co-authors). The same token twice (a double click, a resent form) gives
    back the first suggestion."""
    if not _may_enter_for(actor, author):
        raise ServiceError("只能以本人名义提交建议。", code="out_of_scope")
    token = text(token, 40)
    if token:
        same = Suggestion.objects.filter(author=author, token=token).first()
        if same is not None:
            return same
    if author.left_on or author.died_on or author.work_status == Person.WorkStatus.LEFT_OFFICE:
        raise ServiceError(f"{author.name}已不在职，不能提交建议。")
    title, problem, proposal = text(title, 100), (problem or "").strip(), (proposal or "").strip()
    if not title:
        raise ServiceError("请填写建议名称。")
    if len(problem) < 5:
        raise ServiceError("请写明存在的问题（现状），至少5个字。")
    if len(proposal) < 5:
        raise ServiceError("请写明建议内容（怎么改），至少5个字。")
    union = union_of(author.org)
    coauthors = list(dict.fromkeys(coauthors))
    if len(coauthors) > MAX_COAUTHORS:
        raise ServiceError(f"共同建议人最多{MAX_COAUTHORS}人。")
    for person in coauthors:
        if person.pk == author.pk:
            raise ServiceError("建议人本人不必再列为共同建议人。")
        if not person.org.path.startswith(union.path):
            raise ServiceError(f"共同建议人{person.name}不是{union.name}的职工。")
    files = []
    for upload in attachments or ():
        files.append((upload, uploads.check_attachment(upload)))
    on = past_date(submitted_on or localdate(), "提交日期")
    year = on.year
    number = Sequence.next(f"achievements.suggestion:{union.pk}:{year}")
    try:
        with transaction.atomic():
            s = Suggestion.objects.create(
                org=author.org, union=union, code=f"{year}-{number:04d}", author=author, title=title, problem=problem[:4000],
                proposal=proposal[:4000], expected_benefit=(expected_benefit or "").strip()[:2000],
                submitted_on=on, token=token, submitted_by=actor if getattr(actor, "pk", None) else None)
    except IntegrityError:  # the same token raced in from a second request
        same = Suggestion.objects.filter(author=author, token=token).first() if token else None
        if same is None:
            raise ServiceError("提交未成功，请重试。") from None
        return same
    SuggestionCoauthor.objects.bulk_create([SuggestionCoauthor(suggestion=s, person=p) for p in coauthors])
    for upload, name in files:
        SuggestionAttachment.objects.create(suggestion=s, name=name, file=upload, size=upload.size or 0,
                                            uploaded_by=actor if getattr(actor, "pk", None) else None)
    _step(s, actor, "提交建议", on)
    return s


@transaction.atomic
def suggestion_withdraw(*, actor, suggestion: Suggestion, reason: str = "") -> Suggestion:
    """The author withdraws a suggestion not yet scored."""
    s = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not _may_enter_for(actor, s.author):
        raise ServiceError("只能撤回本人的建议。", code="out_of_scope")
    if s.state == S.WITHDRAWN:
        return s
    if s.state != S.SUBMITTED:
        raise ServiceError(f"该建议已进入评审（{s.get_state_display()}），不能撤回。")
    s.state = S.WITHDRAWN
    s.save(update_fields=["state"])
    _step(s, actor, "撤回建议", localdate(), text(reason, 300))
    return s


# --- review -------------------------------------------------------------------------------------------------------

def _authors(s: Suggestion) -> set[int]:
    return {s.author_id, *s.coauthors.values_list("person_id", flat=True)}


@transaction.atomic
def suggestion_score(*, actor, suggestion: Suggestion, reviewer: Person, scores: dict,
                     on: datetime.date | None = None) -> Suggestion:
    """A panel member's scores, one per active criterion of the union (each within 0 and its maximum). A reviewer
    who is an author or co-author is refused. Scores entered again replace the reviewer's own."""
    s = Suggestion.objects.select_for_update().select_related("org", "union").get(pk=suggestion.pk)
    union = s.union
    own = _own_person(actor)
    if actor is not None and not (own is not None and own.pk == reviewer.pk) \
            and not can_on_org(actor, Perm.ACHIEVE_EDIT, s.org):
        raise ServiceError("只能录入本人的评分。", code="out_of_scope")
    if not panel_of(union).filter(person=reviewer).exists():
        raise ServiceError(f"{reviewer.name}不是{union.name}合理化建议评审小组成员，不能评分。")
    if reviewer.pk in _authors(s):
        raise ServiceError(f"{reviewer.name}是该建议的建议人（或共同建议人），应当回避，不能评分。")
    if s.state not in OPEN_STATES:
        raise ServiceError(f"该建议已{s.get_state_display()}，不能再评分。")
    criteria = list(SuggestionCriterion.objects.filter(org=union, active=True).order_by("order", "id"))
    if not criteria:
        raise ServiceError(f"{union.name}尚未设置评分标准，请先设置。")
    clean = {}
    for c in criteria:
        raw = scores.get(c.pk, scores.get(str(c.pk)))
        if raw in (None, ""):
            raise ServiceError(f"请填写“{c.name}”的得分。")
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            raise ServiceError(f"“{c.name}”的得分“{raw}”不是数字。") from None
        if value < 0 or value > c.max_score:
            raise ServiceError(f"“{c.name}”的得分应在0至{c.max_score}分之间，填写的是{value.normalize():f}分。")
        if value != value.quantize(Decimal("0.1")):
            raise ServiceError(f"“{c.name}”的得分最多保留一位小数。")
        clean[c] = value
    unknown = {str(k) for k in scores} - {str(c.pk) for c in criteria}
    if unknown:
        raise ServiceError("评分项不属于本工会的评分标准。")
    on = past_date(on or localdate(), "评分日期")
    for c, value in clean.items():
        SuggestionScore.objects.update_or_create(suggestion=s, reviewer=reviewer, criterion=c,
                                                 defaults={"score": value, "scored_on": on})
    totals = list(SuggestionScore.objects.filter(suggestion=s).values("reviewer").annotate(t=Sum("score"))
                  .values_list("t", flat=True))
    s.total_score = (sum(Decimal(str(t)) for t in totals) / len(totals)).quantize(Decimal("0.01"))
    first = s.state == S.SUBMITTED
    s.state = S.REVIEWING
    s.save(update_fields=["total_score", "state"])
    _step(s, actor, "评审打分", on, f"评审人{reviewer.name}")
    if first:
        from ..portal import suggestions as kinds

        _tell(s, kinds.REVIEWING.key, f"您的建议进入评审：{s.title}", f"建议{s.code}《{s.title}》已由评审小组开始评审。",
              "reviewing")
    return s


@transaction.atomic
def suggestion_grade(*, actor, suggestion: Suggestion, grade: str, note: str = "",
                     on: datetime.date | None = None) -> Suggestion:
    """The panel's grade (一等/二等/三等/鼓励, or 不采纳) once it has scored."""
    s = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    require(actor, Perm.ACHIEVE_EDIT, s.org)
    if grade not in Grade.values:
        raise ServiceError("请选择评定等级（一等、二等、三等、鼓励或不采纳）。")
    if s.grade:
        if s.grade == grade:
            return s
        raise ServiceError(f"该建议已于{_day(s.graded_on)}评定为{s.get_grade_display()}，不能改评。")
    if s.state == S.WITHDRAWN:
        raise ServiceError("该建议已撤回。")
    if not s.scores.exists():
        raise ServiceError("评审小组尚未评分，不能评定等级。")
    on = past_date(on or localdate(), "评定日期")
    if on < s.submitted_on:
        raise ServiceError("评定日期不能早于提交日期。")
    s.grade, s.graded_on, s.grade_note = grade, on, text(note, 300)
    s.state = S.NOT_ADOPTED if grade == Grade.NOT_ADOPTED else S.GRADED
    s.save(update_fields=["grade", "graded_on", "grade_note", "state"])
    _step(s, actor, "评定等级", on, f"{s.get_grade_display()}" + (f"：{s.grade_note}" if s.grade_note else ""))
    from ..portal import suggestions as kinds

    title = (f"您的建议未被采纳：{s.title}" if grade == Grade.NOT_ADOPTED
             else f"您的建议评为{s.get_grade_display()}：{s.title}")
    _tell(s, kinds.GRADED.key, title, f"建议{s.code}《{s.title}》评定为{s.get_grade_display()}。{s.grade_note}", "graded")
    return s


@transaction.atomic
def suggestion_adopt(*, actor, suggestion: Suggestion, department: str, on: datetime.date | None = None,
                     note: str = "") -> Suggestion:
    """Adoption (采纳) with the department that implements it. A suggestion is adopted once: a second adoption is
    refused with the first one's date and department."""
    s = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    require(actor, Perm.ACHIEVE_EDIT, s.org)
    if s.adopted_on is not None:
        raise ServiceError(f"该建议已于{_day(s.adopted_on)}采纳（实施部门：{s.department}），不能重复采纳。")
    if s.grade == Grade.NOT_ADOPTED:
        raise ServiceError("该建议评定为不采纳，不能采纳。")
    if s.grade not in ADOPTABLE_GRADES:
        raise ServiceError("请先评定等级，再决定采纳。")
    department = text(department, 50)
    if not department:
        raise ServiceError("请填写实施部门。")
    on = past_date(on or localdate(), "采纳日期")
    if on < s.submitted_on:
        raise ServiceError("采纳日期不能早于提交日期。")
    s.adopted_on, s.department, s.state = on, department, S.ADOPTED
    s.save(update_fields=["adopted_on", "department", "state"])
    _step(s, actor, "决定采纳", on, f"实施部门：{department}" + (f"；{text(note, 200)}" if note else ""))
    from ..portal import suggestions as kinds

    _tell(s, kinds.ADOPTED.key, f"您的建议已被采纳：{s.title}", f"建议{s.code}《{s.title}》已采纳，由{department}实施。",
          "adopted")
    return s


@transaction.atomic
def suggestion_implement(*, actor, suggestion: Suggestion, on: datetime.date) -> Suggestion:
    s = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    require(actor, Perm.ACHIEVE_EDIT, s.org)
    if s.adopted_on is None:
        raise ServiceError("建议尚未采纳，不能登记实施。")
    if s.implemented_on is not None:
        if s.implemented_on == on:
            return s
        raise ServiceError(f"该建议已于{_day(s.implemented_on)}登记实施。")
    on = past_date(on, "实施日期")
    if on < s.adopted_on:
        raise ServiceError("实施日期不能早于采纳日期。")
    s.implemented_on = on
    if s.state == S.ADOPTED:
        s.state = S.IMPLEMENTED
    s.save(update_fields=["implemented_on", "state"])
    _step(s, actor, "实施", on, f"{s.department}实施")
    return s


@transaction.atomic
def suggestion_benefit(*, actor, suggestion: Suggestion, amount, verified_on: datetime.date | None,
                       note: str = "") -> Suggestion:
    """The benefit achieved (元, e.g. cost saved), verified on a date (required). Recorded again with another
    amount replaces it (the step keeps the earlier figure)."""
    s = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    require(actor, Perm.ACHIEVE_EDIT, s.org)
    if s.adopted_on is None:
        raise ServiceError("建议尚未采纳，不能登记效益。")
    if amount in (None, ""):
        raise ServiceError("请填写经济效益金额（元）。")
    if isinstance(amount, float):
        raise ServiceError("金额格式不正确。")
    try:
        amount = to_money(amount)
    except (InvalidOperation, ValueError):
        raise ServiceError(f"经济效益“{amount}”不是金额。") from None
    if amount < 0 or amount > MAX_BENEFIT:
        raise ServiceError("经济效益金额应为不小于0的金额。")
    if verified_on is None:
        raise ServiceError("请填写效益核实日期：效益须经核实（财务或实施部门确认）后登记。")
    verified_on = past_date(verified_on, "效益核实日期")
    if verified_on < s.adopted_on:
        raise ServiceError(f"效益核实日期不能早于采纳日期{_day(s.adopted_on)}。")
    note = text(note, 300)
    if (s.benefit, s.benefit_verified_on, s.benefit_note) == (amount, verified_on, note):
        return s
    before = s.benefit
    s.benefit, s.benefit_verified_on, s.benefit_note, s.state = amount, verified_on, note, S.VERIFIED
    if s.implemented_on is None:
        s.implemented_on = s.adopted_on
    s.save(update_fields=["benefit", "benefit_verified_on", "benefit_note", "state", "implemented_on"])
    _step(s, actor, "核实效益", verified_on,
          f"经济效益{amount:,}元" + (f"（原登记{before:,}元）" if before is not None else "") + (f"；{note}" if note else ""))
    from ..portal import suggestions as kinds

    _tell(s, kinds.BENEFIT.key, f"您的建议产生效益{amount:,}元：{s.title}",
          f"建议{s.code}《{s.title}》经核实（{_day(verified_on)}）产生经济效益{amount:,}元。", f"benefit:{amount}")
    return s
