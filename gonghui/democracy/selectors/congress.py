"""Reads of congresses, terms and delegates."""
from __future__ import annotations

import datetime

from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import Congress, Delegate, Delegation, Term


def congresses(user, perm: str = Perm.DEMOCRACY_VIEW):
    return Congress.objects.filter(org_q(user, perm)).select_related("org")


def terms(user, perm: str = Perm.DEMOCRACY_VIEW):
    return Term.objects.filter(org_q(user, perm)).select_related("congress", "org")


def delegations(user, perm: str = Perm.DEMOCRACY_VIEW):
    return Delegation.objects.filter(org_q(user, perm)).select_related("term__congress", "leader__person")


def delegates(user, perm: str = Perm.DEMOCRACY_VIEW):
    return Delegate.objects.filter(org_q(user, perm)).select_related("person", "term__congress", "delegation", "org")


def current_term(congress: Congress, on: datetime.date | None = None) -> Term | None:
    """The term in office on the day (today by default)."""
    on = on or localdate()
    return (Term.objects.filter(congress=congress, started_on__lte=on).exclude(ended_on__lt=on)
            .order_by("-started_on").first())


def default_session(term: Term, on: datetime.date | None = None):
    """The session a proposal is raised for unless someone chooses another: the term's session in progress (进行中),
    else its next one in preparation (筹备中, the earliest opening on or after the day, else the earliest planned);
    None between sessions when nothing is planned (a proposal may be raised while the congress is not sitting)."""
    from ..models import CongressSession

    on = on or localdate()
    rows = list(CongressSession.objects.filter(term=term).exclude(status=CongressSession.Status.CLOSED)
                .select_related("term__congress").order_by("opened_on", "number"))
    for row in rows:
        if row.status == CongressSession.Status.OPEN:
            return row
    upcoming = [row for row in rows if row.opened_on >= on]
    return (upcoming or rows or [None])[0]


def session_choices(term: Term, *, include_closed: bool = True):
    """The sessions a proposal of the term may be linked to (closed ones too for officers entering old papers)."""
    from ..models import CongressSession

    qs = CongressSession.objects.filter(term=term).select_related("term__congress").order_by("number")
    return qs if include_closed else qs.exclude(status=CongressSession.Status.CLOSED)


def serving_delegacies(person, on: datetime.date | None = None):
    """The person's delegate rows in terms in office on the day: what lets a member raise and co-sign proposals."""
    on = on or localdate()
    return (Delegate.objects.filter(person=person, status=Delegate.Status.SERVING, term__started_on__lte=on)
            .exclude(term__ended_on__lt=on).select_related("term__congress", "org"))


# ---------------------------------------------------------------------------------------------------------------
# The congress room: rules, composition check, sessions, attendance, resolutions
# ---------------------------------------------------------------------------------------------------------------
import math  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from decimal import ROUND_HALF_UP, Decimal  # noqa: E402

from django.db.models import Count, Q  # noqa: E402
from django.http import Http404  # noqa: E402

from gonghui.members.models import Gender, Person  # noqa: E402
from gonghui.orgs.models import PATH_STEP  # noqa: E402

from ..models import (  # noqa: E402
    CongressRuleSet,
    CongressSession,
    DelegateCategory,
    Resolution,
    SessionAttendance,
    SessionReport,
)

MEMBER_STATUSES = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)
NOT_FOUND = "未找到该记录，或不在您的管辖范围内。"


@dataclass(frozen=True)
class Rules:
    """The congress rules that apply to a union on a day (a rule set's, or the defaults when none)."""

    rule_set: CongressRuleSet | None
    manager_max_percent: Decimal = Decimal("20.00")
    women_rule: str = CongressRuleSet.Women.PROPORTION
    women_min_percent: Decimal | None = None
    quorum: tuple[int, int] = (2, 3)
    pass_mark: tuple[int, int] = (1, 2)

    @property
    def source(self) -> str:
        if self.rule_set is None:
            return "默认规则（未设定本单位规则）"
        return f"{self.rule_set.org.name}《{self.rule_set.name}》（{self.rule_set.effective_from:%Y年%-m月%-d日}起施行）"

    def quorum_of(self, total: int) -> int:
        """The fewest present that make a session valid: at least quorum × ALL delegates (2/3 of 60 → 40)."""
        n, d = self.quorum
        return math.ceil(total * n / d)

    def pass_of(self, total: int) -> int:
        """The fewest votes for that pass a resolution: MORE than pass_mark × ALL delegates (1/2 of 60 → 31)."""
        n, d = self.pass_mark
        return total * n // d + 1

    @property
    def quorum_text(self) -> str:
        return _fraction_text(self.quorum)

    @property
    def pass_text(self) -> str:
        return _fraction_text(self.pass_mark)


def _fraction_text(fraction: tuple[int, int]) -> str:
    from gonghui.core.formatting import chinese_number

    n, d = fraction
    return "半数" if (n, d) == (1, 2) else f"{chinese_number(d)}分之{chinese_number(n)}"


def rule_sets(user, perm: str = Perm.DEMOCRACY_VIEW):
    return CongressRuleSet.objects.filter(org_q(user, perm)).select_related("org")


def rules_for(org, on: datetime.date) -> Rules:
    """The rule set of the nearest ancestor (itself included) in force on the day; the defaults without one."""
    paths = [org.path[: i + PATH_STEP] for i in range(0, len(org.path), PATH_STEP)]
    rule_set = (CongressRuleSet.objects.filter(org__path__in=paths, effective_from__lte=on).select_related("org")
                .order_by("-org__depth", "-effective_from").first())
    if rule_set is None:
        return Rules(None)
    return Rules(rule_set, rule_set.manager_max_percent, rule_set.women_rule, rule_set.women_min_percent,
                 (rule_set.quorum_numerator, rule_set.quorum_denominator),
                 (rule_set.pass_numerator, rule_set.pass_denominator))


def delegates_on(term: Term, day: datetime.date):
    """ALL delegates of the term on the day (应到): elected by then and not yet gone (serving, or left after it)."""
    return (Delegate.objects.filter(term=term, elected_on__lte=day)
            .filter(Q(status=Delegate.Status.SERVING) | Q(left_on__gt=day)))


def _percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Check:
    label: str
    holds: bool
    text: str


@dataclass(frozen=True)
class Composition:
    term: Term
    day: datetime.date
    rules: Rules
    total: int
    by_category: list[tuple[str, str, int, Decimal]]  # (code, label, count, %)
    women: int
    young: int
    women_percent: Decimal
    young_percent: Decimal
    members: int
    women_members: int
    checks: list[Check]

    @property
    def holds(self) -> bool:
        return all(c.holds for c in self.checks)


def composition(term: Term, on: datetime.date | None = None) -> Composition:
    """The composition of the term's delegates on the day (today, or the term's last day) against the rules in force:
    each check says plainly what holds and what breaks. Three queries."""
    day = on or min(localdate(), term.ended_on or localdate())
    rules = rules_for(term.org, day)
    rows = delegates_on(term, day).aggregate(
        total=Count("id"), women=Count("id", filter=Q(is_woman=True)), young=Count("id", filter=Q(is_young=True)),
        **{c: Count("id", filter=Q(category=c)) for c in DelegateCategory.values})
    total = rows["total"]
    by_category = [(c, label, rows[c], _percent(rows[c], total)) for c, label in DelegateCategory.choices]
    people = Person.objects.filter(org__path__startswith=term.org.path, member_status__in=MEMBER_STATUSES,
                                   died_on__isnull=True).aggregate(
        n=Count("id"), women=Count("id", filter=Q(gender=Gender.FEMALE)))
    women_percent = _percent(rows["women"], total)
    checks: list[Check] = []
    if term.seats:
        checks.append(Check("代表名额", total == term.seats,
                            f"本届代表名额{term.seats}名，现有在任代表{total}名"
                            + ("，名额已满。" if total == term.seats else
                               f"，{'尚缺' if total < term.seats else '超出'}{abs(term.seats - total)}名。")))
    managers = rows[DelegateCategory.MANAGER]
    manager_percent = _percent(managers, total)
    ok = total > 0 and Decimal(managers) * 100 <= rules.manager_max_percent * total
    checks.append(Check("中层以上管理人员比例", ok,
                        f"中层以上管理人员代表{managers}名，占{manager_percent}%，规定不超过"
                        f"{rules.manager_max_percent.normalize():f}%" + ("，符合。" if ok else "，超出规定。")))
    if rules.women_rule == CongressRuleSet.Women.MINIMUM and rules.women_min_percent is not None:
        need = rules.women_min_percent
        basis = f"规定最低比例{need.normalize():f}%"
    else:
        need = _percent(people["women"], people["n"])
        basis = f"女会员占会员的比例{need}%（会员{people['n']}名，其中女会员{people['women']}名）"
    ok = total > 0 and Decimal(rows["women"]) * 100 >= need * total
    checks.append(Check("女职工代表比例", ok,
                        f"女职工代表{rows['women']}名，占{women_percent}%，应不低于{basis}"
                        + ("，符合。" if ok else "，低于要求。")))
    frontline = rows[DelegateCategory.FRONTLINE] + rows[DelegateCategory.TECHNICAL]
    checks.append(Check("一线职工和专业技术人员", total > 0 and frontline * 2 > total,
                        f"一线职工和专业技术人员代表{frontline}名，占{_percent(frontline, total)}%"
                        + ("，为代表的多数。" if total and frontline * 2 > total else "，未过半数，请关注代表的广泛性。")))
    return Composition(term, day, rules, total, by_category, rows["women"], rows["young"], women_percent,
                       _percent(rows["young"], total), people["n"], people["women"], checks)


def sessions(user, perm: str = Perm.DEMOCRACY_VIEW):
    return CongressSession.objects.filter(org_q(user, perm)).select_related("term__congress", "org")


def session_get(user, pk, perm: str = Perm.DEMOCRACY_VIEW) -> CongressSession:
    session = sessions(user, perm).filter(pk=pk).first()
    if session is None:
        raise Http404(NOT_FOUND)
    return session


def term_get(user, pk, perm: str = Perm.DEMOCRACY_VIEW) -> Term:
    term = terms(user, perm).filter(pk=pk).first()
    if term is None:
        raise Http404(NOT_FOUND)
    return term


def rule_set_get(user, pk, perm: str = Perm.DEMOCRACY_VIEW) -> CongressRuleSet:
    rule_set = rule_sets(user, perm).filter(pk=pk).first()
    if rule_set is None:
        raise Http404(NOT_FOUND)
    return rule_set


def attendance(user, perm: str = Perm.DEMOCRACY_VIEW):
    return SessionAttendance.objects.filter(org_q(user, perm)).select_related(
        "delegate__person", "delegate__delegation", "session__term__congress")


def resolutions(user, perm: str = Perm.DEMOCRACY_VIEW):
    return Resolution.objects.filter(org_q(user, perm)).select_related("session__term__congress")


def resolution_get(user, pk, perm: str = Perm.DEMOCRACY_VIEW) -> Resolution:
    resolution = resolutions(user, perm).filter(pk=pk).first()
    if resolution is None:
        raise Http404(NOT_FOUND)
    return resolution


def session_reports(user, perm: str = Perm.DEMOCRACY_VIEW):
    return SessionReport.objects.filter(org_q(user, perm)).select_related("session__term__congress")


def session_report_get(user, pk, perm: str = Perm.DEMOCRACY_VIEW) -> SessionReport:
    report = session_reports(user, perm).filter(pk=pk).first()
    if report is None:
        raise Http404(NOT_FOUND)
    return report


@dataclass
class RollRow:
    delegate: Delegate
    attendance: SessionAttendance | None

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""

    @property
    def status_label(self) -> str:
        return self.attendance.get_status_display() if self.attendance else "未登记"


@dataclass
class SessionState:
    """What a session page says: 应到, 实到, the quorum and whether it is (or was) met, and the roll."""

    session: CongressSession
    rules: Rules
    expected: int
    present: int
    leave: int
    absent: int
    quorum: int
    pass_mark: int
    roll: list[RollRow]

    @property
    def unmarked(self) -> int:
        return self.expected - self.present - self.leave - self.absent

    @property
    def quorate(self) -> bool:
        return self.present >= self.quorum

    @property
    def verdict(self) -> str:
        s = self.session
        if s.status == CongressSession.Status.CLOSED:
            return ("会议有效：" if s.is_valid else "会议无效：") + (
                f"应到代表{s.expected}名，实到{s.attended}名，法定人数{s.quorum}名（全体代表的{self.rules.quorum_text}），"
                + ("已达到法定人数。" if s.is_valid else "未达到法定人数，会议记为无效，所作表决不具效力。"))
        return (f"应到代表{self.expected}名，目前实到{self.present}名，法定人数{self.quorum}名"
                f"（全体代表的{self.rules.quorum_text}）：" + (
                    "已达到法定人数，会议有效。" if self.quorate else
                    f"尚未达到法定人数，还差{self.quorum - self.present}名；未达法定人数闭幕的会议记为无效。"))


def session_state(session: CongressSession, *, with_roll: bool = True) -> SessionState:
    """The session's roll and counts (three queries with the roll): 应到 are ALL delegates of the term on the
    opening day (a closed session keeps the counts recorded at its close)."""
    rules = rules_for(session.org, session.opened_on)
    people = delegates_on(session.term, session.opened_on)
    marks = {a.delegate_id: a for a in SessionAttendance.objects.filter(session=session)}
    roll: list[RollRow] = []
    if with_roll:
        # Only what the roll shows and the services use (a Person row has ~60 columns: loading 2,000 of them whole
        # was a fifth of the session page's time).
        roll = [RollRow(d, marks.get(d.pk)) for d in people.select_related("person", "delegation")
                .only("id", "term_id", "org_id", "person_id", "delegation_id", "status", "person__id",
                      "person__name", "person__name_pinyin", "delegation__id", "delegation__name",
                      "delegation__order")
                .order_by("delegation__order", "delegation__id", "person__name_pinyin", "id")]
        expected = len(roll)
        ids = {r.delegate.pk for r in roll}
    else:
        ids = set(people.values_list("id", flat=True))
        expected = len(ids)
    counted = [a for d, a in marks.items() if d in ids]
    if session.status == CongressSession.Status.CLOSED and session.expected is not None:
        expected = session.expected
    return SessionState(
        session, rules, expected,
        present=sum(a.status == SessionAttendance.Status.PRESENT for a in counted),
        leave=sum(a.status == SessionAttendance.Status.LEAVE for a in counted),
        absent=sum(a.status == SessionAttendance.Status.ABSENT for a in counted),
        quorum=session.quorum if session.quorum is not None else rules.quorum_of(expected),
        pass_mark=rules.pass_of(expected), roll=roll)


def open_sessions_for(person, on: datetime.date | None = None):
    """Sessions open for sign-in (进行中) of the terms the person is a serving delegate of, with the delegate row."""
    on = on or localdate()
    rows = []
    for delegate in serving_delegacies(person, on):
        for session in CongressSession.objects.filter(term_id=delegate.term_id, status=CongressSession.Status.OPEN):
            rows.append((session, delegate))
    return rows
