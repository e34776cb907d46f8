"""Congress, terms and delegates (职代会、届、代表)."""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError
from gonghui.members.models import Gender, Person
from gonghui.members.validators import check_date
from gonghui.orgs.models import Organization

from ..models import YOUNG_MAX_AGE, Congress, Delegate, DelegateCategory, Delegation, Term
from ._common import require

__all__ = ["congress_create", "term_open", "term_close", "delegation_create", "delegate_elect", "rule_set_save",
           "session_create", "session_update", "session_open", "session_close", "attendance_mark",
           "attendance_sign_in", "resolution_add", "resolution_vote", "resolution_correct", "report_add"]


@transaction.atomic
def congress_create(*, actor, org: Organization, kind: str = Congress.Kind.WORKERS, name: str = "") -> Congress:
    require(actor, Perm.DEMOCRACY_EDIT, org)
    if kind not in Congress.Kind.values:
        raise ServiceError("请选择职代会类别。")
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("职代会只能建在工会（基层工会、联合工会等）上，不能建在工会小组或分会上。")
    if Congress.objects.filter(org=org, kind=kind).exists():
        raise ServiceError(f"{org.name}已有{Congress.Kind(kind).label}，请在原职代会下新建一届。")
    name = (name or "").strip() or f"{org.name}{Congress.Kind(kind).label}"
    return Congress.objects.create(org=org, kind=kind, name=name[:100])


@transaction.atomic
def term_open(*, actor, congress: Congress, number: int, started_on: datetime.date,
              ends_on: datetime.date | None = None, seats: int | None = None) -> Term:
    """A new term (届). The open term before it, if any, ends the day before this one starts."""
    require(actor, Perm.DEMOCRACY_EDIT, congress.org)
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    if not number or number < 1:
        raise ServiceError("届次应为正整数。")
    if started_on is None:
        raise ServiceError("请填写本届开始日期。")
    if ends_on is not None and ends_on <= started_on:
        raise ServiceError("任期届满日期应晚于开始日期。")
    if seats is not None and seats < 1:
        raise ServiceError("代表名额应为正整数。")
    if Term.objects.filter(congress=congress, number=number).exists():
        raise ServiceError(f"第{number}届已存在。")
    later = Term.objects.filter(congress=congress, started_on__gte=started_on).first()
    if later is not None:
        raise ServiceError(f"新的一届应在{later}开始（{later.started_on:%Y年%-m月%-d日}）之后。")
    for previous in Term.objects.filter(congress=congress, ended_on__isnull=True):
        previous.ended_on = started_on - datetime.timedelta(days=1)
        previous.save(update_fields=["ended_on"])
    return Term.objects.create(congress=congress, org=congress.org, number=number, started_on=started_on,
                               ends_on=ends_on, seats=seats)


@transaction.atomic
def term_close(*, actor, term: Term, ended_on: datetime.date) -> Term:
    require(actor, Perm.DEMOCRACY_EDIT, term.org)
    if ended_on < term.started_on:
        raise ServiceError("结束日期不能早于本届开始日期。")
    term.ended_on = ended_on
    term.save(update_fields=["ended_on"])
    return term


@transaction.atomic
def delegation_create(*, actor, term: Term, name: str, order: int = 0) -> Delegation:
    require(actor, Perm.DEMOCRACY_EDIT, term.org)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写代表团（组）名称。")
    if Delegation.objects.filter(term=term, name=name).exists():
        raise ServiceError(f"本届已有“{name}”。")
    return Delegation.objects.create(term=term, org=term.org, name=name[:60], order=order)


@transaction.atomic
def delegate_elect(*, actor, term: Term, person: Person, category: str, elected_on: datetime.date | None = None,
                   delegation: Delegation | None = None, note: str = "") -> Delegate:
    """A person elected delegate of a term: a member of the union (or a union below it) on the day of the election,
    never twice in the same term. 女职工 and 青年 are taken from the person on that day."""
    require(actor, Perm.DEMOCRACY_EDIT, term.org)
    elected_on = elected_on or term.started_on
    check_date(elected_on, "当选日期", person=person)
    if category not in DelegateCategory.values:
        raise ServiceError("请选择代表构成（一线职工、专业技术人员、中层以上管理人员或其他人员）。")
    if not person.org.path.startswith(term.org.path):
        raise ServiceError(f"{person.name}不是{term.org.name}（或其下属组织）的人员，不能当选本届代表。")
    if not person.is_member:
        raise ServiceError(f"{person.name}不是在册会员，不能当选职工代表。")
    if delegation is not None and delegation.term_id != term.pk:
        raise ServiceError("所选代表团（组）不属于本届。")
    if Delegate.objects.filter(term=term, person=person).exists():
        raise ServiceError(f"{person.name}已是本届代表。")
    age = person.age_on(elected_on)
    try:
        with transaction.atomic():
            return Delegate.objects.create(
                term=term, org=term.org, person=person, delegation=delegation, category=category,
                is_woman=person.gender == Gender.FEMALE, is_young=age is not None and age <= YOUNG_MAX_AGE,
                elected_on=elected_on, note=(note or "").strip()[:200])
    except IntegrityError:  # two officers at once: the constraint holds
        raise ServiceError(f"{person.name}已是本届代表。") from None


# ---------------------------------------------------------------------------------------------------------------
# The congress room: rules, sessions, attendance, resolutions and votes, reports heard
# ---------------------------------------------------------------------------------------------------------------
from decimal import Decimal  # noqa: E402

from django.utils import timezone  # noqa: E402

from gonghui.core.context import acting_user  # noqa: E402
from gonghui.core.uploads import check_attachment  # noqa: E402

from ..models import (  # noqa: E402
    CongressRuleSet,
    CongressSession,
    Resolution,
    ResolutionCorrection,
    SessionAttendance,
    SessionReport,
)
from ..selectors import congress as reads  # noqa: E402

PRESENT = SessionAttendance.Status.PRESENT


def _percent(value, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    value = Decimal(value)
    if value < 0 or value > 100:
        raise ServiceError(f"{label}应在0至100之间。")
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def rule_set_save(*, actor, org: Organization, name: str, effective_from: datetime.date,
                  manager_max_percent=Decimal("20"), women_rule: str = CongressRuleSet.Women.PROPORTION,
                  women_min_percent=None, quorum: tuple[int, int] = (2, 3), pass_mark: tuple[int, int] = (1, 2),
                  note: str = "", rule_set: CongressRuleSet | None = None) -> CongressRuleSet:
    """A federation's or union's congress rules from a day (a new set, or `rule_set` corrected). The quorum is at
    least half of all delegates and the pass mark at least half (a resolution passes with MORE than it)."""
    require(actor, Perm.DEMOCRACY_EDIT, org if rule_set is None else rule_set.org)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写规则名称，如：职代会代表构成和议事规则（2026年）。")
    if effective_from is None:
        raise ServiceError("请填写生效日期。")
    check_date(effective_from, "生效日期", future_days=None)
    manager = _percent(manager_max_percent, "中层以上管理人员最高比例")
    if manager is None:
        raise ServiceError("请填写中层以上管理人员最高比例（一般为20%）。")
    if women_rule not in CongressRuleSet.Women.values:
        raise ServiceError("请选择女职工代表比例要求。")
    women = _percent(women_min_percent, "女职工代表最低比例")
    if women_rule == CongressRuleSet.Women.MINIMUM and women is None:
        raise ServiceError("选择“不低于规定的最低比例”时，请填写女职工代表最低比例。")
    (qn, qd), (pn, pd) = quorum, pass_mark
    if not (qd and 2 * qn >= qd and qn <= qd):
        raise ServiceError("法定人数应不少于全体代表的半数，且不超过全体代表。")
    if not (pd and 2 * pn >= pd and pn < pd):
        raise ServiceError("通过比例应不低于全体代表的半数（表决时赞成票须超过该比例）。")
    target = rule_set or CongressRuleSet(org=org)
    clash = CongressRuleSet.objects.filter(org=target.org, effective_from=effective_from).exclude(pk=target.pk)
    if clash.exists():
        raise ServiceError(f"{target.org.name}已有自{effective_from:%Y年%-m月%-d日}起施行的规则，请修改该规则。")
    target.name, target.effective_from, target.note = name[:100], effective_from, (note or "").strip()
    target.manager_max_percent, target.women_rule, target.women_min_percent = manager, women_rule, women
    target.quorum_numerator, target.quorum_denominator = qn, qd
    target.pass_numerator, target.pass_denominator = pn, pd
    target.save()
    return target


def _check_session_dates(term: Term, opened_on, closed_on) -> None:
    if opened_on is None:
        raise ServiceError("请填写开幕日期。")
    check_date(opened_on, "开幕日期", future_days=366)
    if closed_on is not None and closed_on < opened_on:
        raise ServiceError("闭幕日期不能早于开幕日期。")
    if opened_on < term.started_on or (term.ended_on and opened_on > term.ended_on):
        raise ServiceError(f"开幕日期应在{term}任期内（{term.started_on:%Y年%-m月%-d日}起"
                           + (f"至{term.ended_on:%Y年%-m月%-d日}）。" if term.ended_on else "）。"))


@transaction.atomic
def session_create(*, actor, term: Term, opened_on: datetime.date, closed_on: datetime.date | None = None,
                   kind: str = CongressSession.Kind.REGULAR, place: str = "", agenda: str = "",
                   number: int | None = None) -> CongressSession:
    """A session (次) of a term, numbered next within the term unless given."""
    require(actor, Perm.DEMOCRACY_EDIT, term.org)
    term = Term.objects.select_for_update().get(pk=term.pk)
    if kind not in CongressSession.Kind.values:
        raise ServiceError("请选择会议类别（例会或临时会议）。")
    _check_session_dates(term, opened_on, closed_on)
    if number is None:
        last = CongressSession.objects.filter(term=term).order_by("-number").first()
        number = (last.number + 1) if last else 1
    if number < 1:
        raise ServiceError("会次应为正整数。")
    if CongressSession.objects.filter(term=term, number=number).exists():
        raise ServiceError(f"{term}第{number}次会议已登记。")
    return CongressSession.objects.create(term=term, org=term.org, number=number, kind=kind, opened_on=opened_on,
                                          closed_on=closed_on, place=(place or "").strip()[:100],
                                          agenda=(agenda or "").strip())


@transaction.atomic
def session_update(*, actor, session: CongressSession, opened_on: datetime.date,
                   closed_on: datetime.date | None = None, kind: str = CongressSession.Kind.REGULAR,
                   place: str = "", agenda: str = "", note: str = "") -> CongressSession:
    require(actor, Perm.DEMOCRACY_EDIT, session.org)
    session = CongressSession.objects.select_for_update().get(pk=session.pk)
    if kind not in CongressSession.Kind.values:
        raise ServiceError("请选择会议类别（例会或临时会议）。")
    _check_session_dates(session.term, opened_on, closed_on)
    if session.status == CongressSession.Status.CLOSED and opened_on != session.opened_on:
        raise ServiceError("会议已闭幕，应到、实到人数已按开幕日期登记，不能再改开幕日期。")
    if (opened_on != session.opened_on
            and SessionAttendance.objects.filter(session=session).exists()):
        raise ServiceError("已登记出席情况，不能再改开幕日期（应到代表按开幕日期确定）。")
    session.opened_on, session.closed_on, session.kind = opened_on, closed_on, kind
    session.place, session.agenda, session.note = (place or "").strip()[:100], (agenda or "").strip(), note or ""
    session.save()
    return session


@transaction.atomic
def session_open(*, actor, session: CongressSession) -> CongressSession:
    """The session begins: delegates may sign in on their phones. Opening an open session changes nothing."""
    require(actor, Perm.DEMOCRACY_EDIT, session.org)
    session = CongressSession.objects.select_for_update().get(pk=session.pk)
    if session.status == CongressSession.Status.OPEN:
        return session
    if session.status == CongressSession.Status.CLOSED:
        raise ServiceError("会议已闭幕，不能再开始签到。")
    if session.opened_on > timezone.localdate():
        raise ServiceError(f"会议定于{session.opened_on:%Y年%-m月%-d日}开幕，当天才能开始签到。")
    session.status = CongressSession.Status.OPEN
    session.save(update_fields=["status"])
    return session


def _editable(session: CongressSession) -> CongressSession:
    session = CongressSession.objects.select_for_update().get(pk=session.pk)
    if session.status == CongressSession.Status.CLOSED:
        raise ServiceError("会议已闭幕，出席和表决情况已定，不能再修改。")
    return session


def _delegate_of(session: CongressSession, delegate: Delegate) -> None:
    if not reads.delegates_on(session.term, session.opened_on).filter(pk=delegate.pk).exists():
        raise ServiceError(f"{delegate.person.name}不是{session.term}在会议开幕时的在任代表。")


@transaction.atomic
def attendance_mark(*, actor, session: CongressSession, delegate: Delegate, status: str,
                    reason: str = "") -> SessionAttendance:
    """An officer records a delegate present, on leave (请假) or absent (缺席, with the reason). Marking the same again
    changes nothing; a delegate who signed in on the phone stays signed in unless the officer says otherwise."""
    require(actor, Perm.DEMOCRACY_EDIT, session.org)
    session = _editable(session)
    if status not in SessionAttendance.Status.values:
        raise ServiceError("请选择出席、请假或缺席。")
    _delegate_of(session, delegate)
    reason = (reason or "").strip()[:200]
    if status == PRESENT:
        reason = ""
    elif not reason and status == SessionAttendance.Status.LEAVE:
        raise ServiceError(f"请填写{delegate.person.name}的请假原因。")
    row, created = SessionAttendance.objects.select_for_update().get_or_create(
        session=session, delegate=delegate,
        defaults={"org": session.org, "status": status, "reason": reason, "via": SessionAttendance.Via.OFFICER})
    if not created and (row.status, row.reason) != (status, reason):
        row.status, row.reason = status, reason
        if status != PRESENT:
            row.via = SessionAttendance.Via.OFFICER
        row.save()
    return row


@transaction.atomic
def attendance_sign_in(*, actor, session: CongressSession, person) -> SessionAttendance:
    """A delegate signs in on their phone while the session is open (进行中). A second tap changes nothing."""
    session = CongressSession.objects.select_for_update().get(pk=session.pk)
    if session.status != CongressSession.Status.OPEN:
        raise ServiceError("会议尚未开始签到或已闭幕，不能签到。")
    delegate = reads.delegates_on(session.term, session.opened_on).filter(person=person).first()
    if delegate is None:
        raise ServiceError(f"您不是{session.term}的在任代表，无需签到。")
    row, created = SessionAttendance.objects.select_for_update().get_or_create(
        session=session, delegate=delegate,
        defaults={"org": session.org, "status": PRESENT, "via": SessionAttendance.Via.PHONE})
    if not created and row.status != PRESENT:
        row.status, row.reason, row.via = PRESENT, "", SessionAttendance.Via.PHONE
        row.save()
    return row


@transaction.atomic
def session_close(*, actor, session: CongressSession, closed_on: datetime.date | None = None) -> CongressSession:
    """The session closes: 应到, 实到 and the quorum are recorded, and the session is valid only when 实到 reaches the
    quorum of ALL delegates; otherwise it is recorded as invalid (the database refuses anything else). Delegates not
    marked are recorded absent. Closing a closed session changes nothing."""
    require(actor, Perm.DEMOCRACY_EDIT, session.org)
    session = CongressSession.objects.select_for_update().get(pk=session.pk)
    if session.status == CongressSession.Status.CLOSED:
        return session
    closed_on = closed_on or session.closed_on or max(session.opened_on, timezone.localdate())
    if closed_on < session.opened_on:
        raise ServiceError("闭幕日期不能早于开幕日期。")
    check_date(closed_on, "闭幕日期")
    state = reads.session_state(session)
    unmarked = [row.delegate for row in state.roll if row.attendance is None]
    if unmarked:  # one insert and one audit insert, whatever their number (2,000 delegates close in a blink)
        from gonghui.core import audit
        from gonghui.core.models import AuditEntry

        made = SessionAttendance.objects.bulk_create([
            SessionAttendance(session=session, org=session.org, delegate=d, status=SessionAttendance.Status.ABSENT,
                              reason="未签到", via=SessionAttendance.Via.OFFICER) for d in unmarked])
        audit.record_rows(AuditEntry.Action.CREATE, SessionAttendance, [
            (a.pk, f"{d.person.name}：缺席", session.org.path,
             {"status": [None, "absent"], "reason": [None, "未签到"], "session": [None, session.pk]})
            for a, d in zip(made, unmarked)], note=f"{session}闭幕：未签到代表记为缺席")
    session.expected, session.attended, session.quorum = state.expected, state.present, state.quorum
    session.is_valid = state.present >= state.quorum and state.expected > 0
    session.status, session.closed_on, session.closed_at = CongressSession.Status.CLOSED, closed_on, timezone.now()
    session.save()
    if not session.is_valid:  # the votes of an invalid session carry no force
        Resolution.objects.filter(session=session, voted_at__isnull=False).update(passed=False)
    return session


@transaction.atomic
def resolution_add(*, actor, session: CongressSession, title: str) -> Resolution:
    require(actor, Perm.DEMOCRACY_EDIT, session.org)
    session = _editable(session)
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写表决事项。")
    existing = Resolution.objects.filter(session=session, title=title[:200]).first()
    if existing is not None:
        return existing  # a double click adds it once
    last = Resolution.objects.filter(session=session).order_by("-order").first()
    return Resolution.objects.create(session=session, org=session.org, title=title[:200],
                                     order=(last.order + 1) if last else 1)


def _count(value, label: str) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ServiceError(f"请填写{label}票数。") from None
    if value < 0:
        raise ServiceError(f"{label}票数不能为负数。")
    return value


@transaction.atomic
def resolution_vote(*, actor, resolution: Resolution, votes_for, votes_against, votes_abstain) -> Resolution:
    """The tally, recorded once: it passes only when the votes for are MORE than the pass mark of ALL delegates of
    the term (not of those present). The same tally again (a double click, a second submit) changes nothing; a
    different one is refused (the row is locked, so two submits at once are counted once)."""
    require(actor, Perm.DEMOCRACY_EDIT, resolution.org)
    resolution = Resolution.objects.select_for_update().select_related("session__term").get(pk=resolution.pk)
    counts = (_count(votes_for, "赞成"), _count(votes_against, "反对"), _count(votes_abstain, "弃权"))
    if resolution.is_voted:
        if counts == (resolution.votes_for, resolution.votes_against, resolution.votes_abstain):
            return resolution
        raise ServiceError(f"“{resolution.title}”的表决结果已登记（赞成{resolution.votes_for}票），不能重复登记。")
    session = _editable(resolution.session)
    if session.status != CongressSession.Status.OPEN:
        raise ServiceError("会议开始后才能登记表决结果。")
    state = reads.session_state(session, with_roll=False)
    if sum(counts) > state.present:
        raise ServiceError(f"赞成、反对、弃权合计{sum(counts)}票，超过出席代表{state.present}名。")
    if not state.quorate:
        raise ServiceError(f"出席代表{state.present}名，未达到法定人数{state.quorum}名，不能进行表决。")
    resolution.votes_for, resolution.votes_against, resolution.votes_abstain = counts
    resolution.expected = state.expected
    resolution.passed = counts[0] >= state.pass_mark
    resolution.voted_at, resolution.voted_by = timezone.now(), acting_user(actor)
    resolution.save()
    return resolution


@transaction.atomic
def resolution_correct(*, actor, resolution: Resolution, votes_for, votes_against, votes_abstain,
                       reason: str) -> Resolution:
    """计票更正: a recorded tally is corrected (a counting or entry error), with the reason. The old tally is kept as
    a ResolutionCorrection row (and in the audit trail); the verdict is recomputed with the pass mark of ALL
    delegates at the vote (`expected`, unchanged); a resolution of a session closed without quorum stays not passed.
    The counts may not exceed those present (实到 recorded at the close, or present now). The same correction again
    (a double click) changes nothing."""
    require(actor, Perm.DEMOCRACY_EDIT, resolution.org)
    resolution = Resolution.objects.select_for_update().select_related("session__term").get(pk=resolution.pk)
    if not resolution.is_voted:
        raise ServiceError(f"“{resolution.title}”尚未登记表决结果，请直接登记，不需要更正。")
    counts = (_count(votes_for, "赞成"), _count(votes_against, "反对"), _count(votes_abstain, "弃权"))
    current = (resolution.votes_for, resolution.votes_against, resolution.votes_abstain)
    reason = (reason or "").strip()
    if counts == current:
        last = resolution.corrections.order_by("-id").first()
        if last is not None and (last.new_for, last.new_against, last.new_abstain) == counts:
            return resolution  # a double click of the same correction
        raise ServiceError("更正后的票数与现登记的票数相同，无需更正。")
    if not reason:
        raise ServiceError("请填写更正原因（如：计票时漏计第三计票组的票数）。")
    session = resolution.session
    if session.status == CongressSession.Status.CLOSED:
        present = session.attended or 0
    else:
        present = reads.session_state(session, with_roll=False).present
    if sum(counts) > present:
        raise ServiceError(f"赞成、反对、弃权合计{sum(counts)}票，超过出席代表{present}名。")
    rules = reads.rules_for(session.org, session.opened_on)
    passed = counts[0] >= rules.pass_of(resolution.expected)
    if session.status == CongressSession.Status.CLOSED and not session.is_valid:
        passed = False  # the votes of an invalid session carry no force
    ResolutionCorrection.objects.create(
        resolution=resolution, org=resolution.org, old_for=current[0], old_against=current[1],
        old_abstain=current[2], old_passed=bool(resolution.passed), new_for=counts[0], new_against=counts[1],
        new_abstain=counts[2], new_passed=passed, reason=reason[:300], corrected_by=acting_user(actor))
    resolution.votes_for, resolution.votes_against, resolution.votes_abstain = counts
    resolution.passed = passed
    resolution.save(update_fields=["votes_for", "votes_against", "votes_abstain", "passed"])
    return resolution


@transaction.atomic
def report_add(*, actor, session: CongressSession, kind: str, title: str = "", presenter: str = "", file=None,
               name: str = "") -> SessionReport:
    """A report heard at the session, kept as a document (the file is checked by core.uploads.check_attachment)."""
    require(actor, Perm.DEMOCRACY_EDIT, session.org)
    if kind not in SessionReport.Kind.values:
        raise ServiceError("请选择报告类别。")
    title = (title or "").strip() or SessionReport.Kind(kind).label
    report = SessionReport(session=session, org=session.org, kind=kind, title=title[:200],
                           presenter=(presenter or "").strip()[:60], uploaded_by=acting_user(actor))
    if file is not None:
        original = check_attachment(file, name)
        report.name, report.size = original[:200], file.size
        report.file.save(original, file, save=False)
    else:
        report.name = ""
    report.save()
    return report
