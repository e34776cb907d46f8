"""Opinions and suggestions (职工意见建议, 意见箱): a member leaves one from the phone (named or anonymous), an officer
records those collected at a 座谈会 or 接待日, forwards them to a department, and records the answer, which the
member sees (a message when named; with the follow-up code when anonymous).

Anonymity (see models/opinions.py): an anonymous opinion is saved with no person, no user and no recorder, and its
creation is audited as the system (no actor, no address): `acting_as(None, source="anonymous")`. The member gets
a random 12-character code (60 bits) once; the row keeps only its keyed hash.
"""
from __future__ import annotations

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.models import User
from gonghui.accounts.roles import Perm
from gonghui.core.context import acting_as, acting_user
from gonghui.core.errors import ServiceError

from ._common import OUT_OF_SCOPE  # noqa: E402
from gonghui.members.models import Person
from gonghui.members.validators import date_problem
from gonghui.orgs.models import Organization

from ..models import Opinion, OpinionCategory
from ..selectors.opinions import CODE_ALPHABET, CODE_LENGTH, code_hash, union_of
from ._common import require

__all__ = ["opinion_submit", "opinion_record", "opinion_forward", "opinion_answer", "new_code"]

ANSWERED_KIND = "democracy.opinion_answered"  # declared in portal/opinions.py


def new_code() -> str:
    """A random follow-up code, shown as XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def _clean(title, content, category):
    title, content = (title or "").strip(), (content or "").strip()
    if not content:
        raise ServiceError("请填写意见建议的内容。")
    if not title:
        title = content.splitlines()[0][:30]
    if category not in OpinionCategory.values:
        raise ServiceError("请选择意见建议的类别。")
    if len(content) > 5000:
        raise ServiceError("内容太长，请控制在5000字以内。")
    return title[:100], content


def _check_day(day, label):
    problem = date_problem(day, label)
    if problem:
        raise ServiceError(problem + "。")


@transaction.atomic
def opinion_submit(*, actor, content: str, title: str = "", category: str = OpinionCategory.OTHER,
                   anonymous: bool = False, submit_key: str = "",
                   submitted_on: datetime.date | None = None) -> tuple[Opinion, str | None]:
    """A member leaves an opinion in the 意见箱 of their union. Returns (opinion, follow-up code): the code only for a
    new anonymous opinion (it is never stored; show it once). The same form sent twice (submit_key) records once:
    the second call returns the first opinion and no code. `submitted_on` (default today) is for recorded history
    (the demo); the pages and the API never pass it."""
    person = getattr(actor, "person", None) if actor is not None else None
    if person is None:
        raise ServiceError("您的账号未关联会员信息，不能在线提意见；请联系工会。")
    person = Person.objects.select_related("org").get(pk=person.pk)
    if not person.is_member:
        raise ServiceError("只有在册会员可以在线提意见建议。")
    title, content = _clean(title, content, category)
    org = union_of(person.org)
    submit_key = (submit_key or "").strip()[:40]
    if submit_key:
        found = Opinion.objects.filter(org=org, submit_key=submit_key).first()
        if found is not None:
            return found, None
    submitted_on = submitted_on or localdate()
    _check_day(submitted_on, "提出日期")
    values = dict(org=org, channel=Opinion.Channel.BOX, category=category, title=title, content=content,
                  submitted_on=submitted_on, submit_key=submit_key)
    code = None
    if anonymous:
        code = new_code()
        values.update(anonymous=True, follow_hash=code_hash(code))
    else:
        values.update(author=person)
    try:
        with transaction.atomic():
            if anonymous:
                # Neither the row nor its audit entry may name the author: audited as the system.
                with acting_as(None, ip=None, source="anonymous"):
                    opinion = Opinion.objects.create(**values)
            else:
                opinion = Opinion.objects.create(**values)
    except IntegrityError:  # the same form twice at once: the first one stands
        return Opinion.objects.get(org=org, submit_key=submit_key), None
    return opinion, code


@transaction.atomic
def opinion_record(*, actor, org: Organization, content: str, channel: str, submitted_on: datetime.date,
                   title: str = "", category: str = OpinionCategory.OTHER, occasion: str = "",
                   author: Person | None = None, author_name: str = "") -> Opinion:
    """An officer records an opinion collected at a 座谈会, a 接待日 or by letter (the proposer named, or not)."""
    require(actor, Perm.DEMOCRACY_EDIT, org)
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("意见建议登记在工会（基层工会、联合工会等）上，不能登记在分会或小组上。")
    if channel not in Opinion.Channel.values:
        raise ServiceError("请选择收集渠道。")
    title, content = _clean(title, content, category)
    _check_day(submitted_on, "提出日期")
    occasion = (occasion or "").strip()
    if channel in (Opinion.Channel.FORUM, Opinion.Channel.RECEPTION) and not occasion:
        raise ServiceError("座谈会、接待日收集的意见请填写会议或活动名称。")
    if author is not None and not author.org.path.startswith(org.path):
        raise ServiceError(f"{author.name}不是{org.name}（或其下属组织）的人员。")
    same = Opinion.objects.filter(org=org, channel=channel, occasion=occasion[:100], submitted_on=submitted_on,
                                  content=content, author=author)
    if same.exists():  # a double click records once
        return same.first()
    return Opinion.objects.create(org=org, channel=channel, occasion=occasion[:100], category=category, title=title,
                                  content=content, submitted_on=submitted_on, author=author,
                                  author_name="" if author else (author_name or "").strip()[:50],
                                  recorded_by=acting_user(actor))


def _lock(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update(of=("self",)).select_related("org", "author").get(pk=opinion.pk)


def _department(opinion: Opinion, department):
    """(Department or None, name): a Department of the opinion's union, or a name matched to one by name in the
    union; a name no department carries is kept as text only (an ad hoc department, or none set up yet)."""
    from ..models import Department

    if isinstance(department, Department):
        if department.org_id != opinion.org_id:
            raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")
        if not department.is_active:
            raise ServiceError(f"承办部门“{department.name}”已停用。")
        return department, department.name
    name = (department or "").strip()[:60]
    if not name:
        raise ServiceError("请选择或填写承办部门。")
    found = Department.objects.filter(org_id=opinion.org_id, name=name).first()
    if found is not None and not found.is_active:
        raise ServiceError(f"承办部门“{found.name}”已停用。")
    return found, name


@transaction.atomic
def opinion_forward(*, actor, opinion: Opinion, department, note: str = "",
                    forwarded_on: datetime.date | None = None) -> Opinion:
    """Forward to the department that handles it (承办部门: the proposals' Department of the union, or a name matched
    to one by name, else kept as text); again while unanswered to change the department."""
    opinion = _lock(opinion)
    require(actor, Perm.DEMOCRACY_EDIT, opinion.org)
    ref, department = _department(opinion, department)
    if opinion.status == Opinion.Status.ANSWERED:
        raise ServiceError("该意见建议已答复，不需要再转交。")
    forwarded_on = forwarded_on or localdate()
    _check_day(forwarded_on, "转交日期")
    if forwarded_on < opinion.submitted_on:
        raise ServiceError("转交日期不能早于提出日期。")
    if (opinion.status == Opinion.Status.FORWARDED and opinion.department == department
            and opinion.department_ref_id == getattr(ref, "pk", None)):
        return opinion  # a double click
    opinion.department, opinion.department_ref = department, ref
    opinion.forward_note = (note or "").strip()[:200]
    opinion.forwarded_on, opinion.status = forwarded_on, Opinion.Status.FORWARDED
    opinion.save()
    return opinion


@transaction.atomic
def opinion_answer(*, actor, opinion: Opinion, answer: str, outcome: str, answered_on: datetime.date | None = None,
                   answered_by: str = "") -> Opinion:
    """Record the answer (and what became of the opinion). A named author's accounts get a message; an anonymous
    author reads it with their code. Answering again corrects the answer (the history keeps the first)."""
    opinion = _lock(opinion)
    require(actor, Perm.DEMOCRACY_EDIT, opinion.org)
    answer = (answer or "").strip()
    if not answer:
        raise ServiceError("请填写答复内容。")
    if outcome not in Opinion.Outcome.values:
        raise ServiceError("请选择办理结果（采纳、部分采纳、暂不采纳或已知悉）。")
    answered_on = answered_on or localdate()
    _check_day(answered_on, "答复日期")
    if answered_on < opinion.submitted_on:
        raise ServiceError("答复日期不能早于提出日期。")
    if opinion.forwarded_on and answered_on < opinion.forwarded_on:
        raise ServiceError("答复日期不能早于转交日期。")
    answered_by = (answered_by or opinion.department or "").strip()[:60]
    if (opinion.status == Opinion.Status.ANSWERED and opinion.answer == answer and opinion.outcome == outcome
            and opinion.answered_on == answered_on):
        return opinion  # a double click
    opinion.answer, opinion.outcome, opinion.answered_on = answer, outcome, answered_on
    opinion.answered_by, opinion.status = answered_by, Opinion.Status.ANSWERED
    opinion.save()
    if not opinion.anonymous and opinion.author_id:
        from gonghui.portal import messaging

        url = reverse("democracy:opinions_my_detail", args=[opinion.pk])
        for user in User.objects.filter(person_id=opinion.author_id, is_active=True):
            messaging.send(user, ANSWERED_KIND, f"您的意见建议已答复：{opinion.title}",
                           f"您{opinion.submitted_on:%Y年%-m月%-d日}提出的意见建议“{opinion.title}”已答复"
                           f"（{opinion.get_outcome_display()}）。", url, dedupe_key=f"democracy.opinion:{opinion.pk}")
    return opinion
