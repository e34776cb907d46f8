"""Reports upward (上报): a union sends its document and its figures to its parent; the parent collects them.

Services (every write; keyword-only; `actor=None` is the system itself — demo data, commands — with no scope check):

    request_reports(actor, *, org, kind, period, due_on, note="")   上报通知: the parent asks its child unions for a
                                        kind of document for a period, due by a date (REPORT_RECEIVE on `org`).
                                        One per (org, kind, period): issuing it again changes the due date.
    submit(actor, *, draft)             the draft's union sends it to its parent (REPORT_DRAFT on the draft's union).
                                        The document is frozen as it is (draft.content) and so are the figures:
                                        every registered figure computed for the union's subtree and the period
                                        (registry.compute: one query per source), as JSON (documents.value_to_json).
                                        Revision = the previous one + 1. Refused while the newest revision waits for
                                        the parent or was accepted; allowed again after a return or a withdrawal.
                                        A second click (same draft, same text) gives back the row just made.
    withdraw(actor, *, submission)      the sender takes it back before the parent has acted (REPORT_DRAFT).
    return_for_revision(actor, *, submission, comment)   the parent sends it back with what to change
    accept(actor, *, submission)                         or accepts it (REPORT_RECEIVE on the parent).

Selectors (every read, scoped to the acting user):

    visible_submissions(actor)          what the sender's scope (REPORT_DRAFT on the sending union) and the
                                        receiver's scope (REPORT_RECEIVE on the parent) may see; nothing else.
    submission_get(actor, pk)           one of those, or 404.
    submissions_of(actor, *, org)       a union's own submissions, newest first.
    requests_for(actor, *, org)         the parent's calls the union has to answer, with the union's state in each.
    inbox(actor, *, org, kind, period)  上报情况: each child union of `org` with its newest submission and its state;
                                        three queries whatever the number of children.
    consistency(submission)             the submitted figures against what the records say now (bulk compute).
    key_figures(actor, inbox)           the child unions' submitted key figures side by side, and the total computed
                                        from the records of the whole subtree (not the sum of the submissions).

Which unions report. A report goes from a union to its parent (`Organization.parent`). Only organisations of the
union kinds report on their own: 总工会, 产业/集团工会, 基层工会, 联合工会 (UNION_KINDS). 分工会, 二级/三级分会 and
工会小组 are parts of their grassroots union: their records are in the union's figures (a subtree), they do not
submit, and a parent's 上报情况 lists only its direct children of the union kinds.

States of a child union in 上报情况 (for a kind and a period):
    未上报     nothing sent (or the newest was withdrawn) and the due date not passed (or no due date set)
    逾期未报   nothing sent and the due date passed
    已上报     sent, waiting for the parent, and the first sending was on or before the due date
    逾期上报   sent, waiting for the parent, first sent after the due date
    已退回     returned for revision (the union must send a new revision)
    已审核     accepted
Lateness is judged on the first revision that was not withdrawn: a union that sent on time and was asked to
revise is not late for the revision. The days are Beijing days (settings.TIME_ZONE).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.accounts.scope import Perm, can_on_org, org_q, require, require_actor
from gonghui.core.context import acting_user
from gonghui.core.errors import ServiceError
from gonghui.core.formatting import percent_text
from gonghui.core.metrics import Rate
from gonghui.orgs.models import Organization

from . import documents, registry
from .models import DocumentKind, Draft, ReportRequest, Submission
from .periods import Period, PeriodError, parse

Kind = Organization.Kind
UNION_KINDS = Organization.UNION_KINDS
OUT_OF_SCOPE = "未找到该记录，或不在您的管辖范围内。"
COMMENT_MAX = 2000
NOTE_MAX = 500
KEY_FALLBACK = 4  # figures per area in the side-by-side table when an area names no key figures


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------


def _require(actor, perm: str, org: Organization) -> None:
    """accounts.scope.require_actor (views answer 404 or 403, see views_submissions)."""
    require_actor(actor, perm, org, OUT_OF_SCOPE)


def _period(key: str) -> Period:
    try:
        return parse(key)
    except PeriodError as exc:
        raise ServiceError(str(exc)) from None


def _kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise ServiceError(f"未知的文稿类型“{kind}”。")
    return kind


def is_reporting_union(org: Organization) -> bool:
    return org.kind in UNION_KINDS


def due_passed(due_on: datetime.date | None, today: datetime.date | None = None) -> bool:
    return due_on is not None and (today or timezone.localdate()) > due_on


def sent_late(submitted_at: datetime.datetime | None, due_on: datetime.date | None) -> bool:
    return submitted_at is not None and due_on is not None and timezone.localdate(submitted_at) > due_on


def figures_snapshot(org: Organization, period: Period) -> dict[str, object]:
    """Every registered figure for the subtree and period, as JSON ({code: value}; null where absent)."""
    values = registry.compute([m.code for m in registry.all()], org, period)
    return {code: documents.value_to_json(value) for code, value in values.items()}


def _lock(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


# ---------------------------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def request_reports(actor, *, org: Organization, kind: str = DocumentKind.SUMMARY, period: str,
                    due_on: datetime.date | None, note: str = "") -> ReportRequest:
    """Issue (or change) the call for reports of `kind` for `period` to the child unions of `org`."""
    _require(actor, Perm.REPORT_RECEIVE, org)
    kind = _kind(kind)
    key = _period(period).key
    if due_on is None:
        raise ServiceError("请填写截止日期。")
    if not isinstance(due_on, datetime.date):
        raise ServiceError("截止日期格式不正确。")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ServiceError(f"说明最多{NOTE_MAX}字。")
    existing = ReportRequest.objects.select_for_update().filter(org=org, kind=kind, period=key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return ReportRequest.objects.create(org=org, kind=kind, period=key, due_on=due_on, note=note,
                                                    created_by=acting_user(actor))
        except IntegrityError:  # issued at the same moment by someone else: change that one
            existing = ReportRequest.objects.select_for_update().get(org=org, kind=kind, period=key)
    if (existing.due_on, existing.note) != (due_on, note):
        existing.due_on, existing.note = due_on, note
        existing.save(update_fields=["due_on", "note"])
    return existing


@transaction.atomic
def submit(actor, *, draft: Draft) -> Submission:
    """Send a draft to the parent union: a new revision with the document and the figures frozen."""
    _require(actor, Perm.REPORT_DRAFT, draft.org)
    draft = Draft.objects.select_for_update(of=("self",)).select_related("org").get(pk=draft.pk)
    org = draft.org
    if not is_reporting_union(org):
        raise ServiceError(f"{org.get_kind_display()}不单独上报，请由所在的工会汇总后上报。")
    if org.parent_id is None:
        raise ServiceError(f"{org.name}没有上级工会，无需上报。")
    period = _period(draft.period)
    content = draft.content or {}
    try:
        document = documents.from_dict(content)
    except (KeyError, TypeError, ValueError):
        raise ServiceError("文稿内容无法读取，请重新生成文稿后再上报。") from None
    if not document.blocks:
        raise ServiceError("文稿没有正文，不能上报。")

    newest = (Submission.objects.select_for_update().filter(org=org, kind=draft.kind, period=period.key)
              .order_by("-revision").first())
    if newest is not None:
        if newest.status == Submission.Status.SUBMITTED:
            if newest.draft_id == draft.pk and newest.document == content:
                return newest  # the same click twice: the row already made
            sent = timezone.localtime(newest.submitted_at)
            raise ServiceError(f"{period.label}{draft.get_kind_display()}已于{sent:%Y-%m-%d %H:%M}上报"
                               f"（第{newest.revision}次），上级工会尚未处理；如需修改，请先撤回再重新上报。")
        if newest.status == Submission.Status.ACCEPTED:
            raise ServiceError(f"{period.label}{draft.get_kind_display()}已经上级工会审核通过，不能再次上报。")

    submission = Submission(
        org=org, parent=org.parent, kind=draft.kind, period=period.key,
        period_label=draft.period_label or period.label, revision=(newest.revision + 1) if newest else 1,
        draft=draft, title=draft.title or document.title, document=content,
        figures=figures_snapshot(org, period), status=Submission.Status.SUBMITTED,
        submitted_by=acting_user(actor), submitted_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:  # the same revision made at the same moment (two windows, two servers)
        same = Submission.objects.filter(org=org, kind=draft.kind, period=period.key,
                                         revision=submission.revision).first()
        if same is not None and same.draft_id == draft.pk and same.document == content:
            return same
        raise ServiceError("刚刚已有人上报了这份材料，请刷新页面查看。") from None
    return submission


def _waiting(submission: Submission, doing: str) -> None:
    if submission.status != Submission.Status.SUBMITTED:
        raise ServiceError(f"该上报材料{submission.get_status_display()}，不能{doing}。")


def _review(actor, submission: Submission, status: str, **fields) -> Submission:
    """The parent's decision on a (locked) submission: its status, who decided and when."""
    values = {"status": status, "reviewed_by": acting_user(actor), "reviewed_at": timezone.now(), **fields}
    for name, value in values.items():
        setattr(submission, name, value)
    submission.save(update_fields=list(values))
    return submission


@transaction.atomic
def withdraw(actor, *, submission: Submission) -> Submission:
    """The sender takes the submission back while the parent has not acted on it."""
    _require(actor, Perm.REPORT_DRAFT, submission.org)
    submission = _lock(submission)
    if submission.status == Submission.Status.WITHDRAWN:
        return submission  # a second click
    _waiting(submission, "撤回（上级工会已处理）")
    submission.status = Submission.Status.WITHDRAWN
    submission.save(update_fields=["status"])
    return submission


@transaction.atomic
def return_for_revision(actor, *, submission: Submission, comment: str) -> Submission:
    """The parent sends the submission back for revision, saying what to change."""
    _require(actor, Perm.REPORT_RECEIVE, submission.parent)
    comment = (comment or "").strip()
    submission = _lock(submission)
    if submission.status == Submission.Status.RETURNED and (not comment or comment == submission.comment):
        return submission  # a second click
    if not comment:
        raise ServiceError("请填写退回意见，说明需要修改的地方。")
    if len(comment) > COMMENT_MAX:
        raise ServiceError(f"退回意见最多{COMMENT_MAX}字。")
    _waiting(submission, "退回")
    return _review(actor, submission, Submission.Status.RETURNED, comment=comment)


@transaction.atomic
def accept(actor, *, submission: Submission) -> Submission:
    """The parent accepts the submission (审核通过)."""
    _require(actor, Perm.REPORT_RECEIVE, submission.parent)
    submission = _lock(submission)
    if submission.status == Submission.Status.ACCEPTED:
        return submission  # a second click
    _waiting(submission, "审核")
    return _review(actor, submission, Submission.Status.ACCEPTED)


# ---------------------------------------------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------------------------------------------


def visible_q(actor) -> Q:
    return org_q(actor, Perm.REPORT_DRAFT, "org") | org_q(actor, Perm.REPORT_RECEIVE, "parent")


def visible_submissions(actor):
    return Submission.objects.filter(visible_q(actor))


def submission_get(actor, pk) -> Submission:
    """A submission the actor may see (sender's or receiver's scope), or 404."""
    qs = visible_submissions(actor).select_related("org", "parent", "submitted_by", "reviewed_by")
    return get_object_or_404(qs, pk=pk)


def revisions(actor, submission: Submission):
    """Every revision of the same report (union, kind, period), newest first, without the documents."""
    return (visible_submissions(actor).filter(org=submission.org_id, kind=submission.kind, period=submission.period)
            .defer("document", "figures").select_related("submitted_by", "reviewed_by").order_by("-revision"))


def may_receive(actor, submission: Submission) -> bool:
    return actor is not None and can_on_org(actor, Perm.REPORT_RECEIVE, submission.parent)


def may_send(actor, org: Organization) -> bool:
    return actor is not None and can_on_org(actor, Perm.REPORT_DRAFT, org)


def submissions_of(actor, *, org: Organization):
    """The union's own submissions, newest first (REPORT_DRAFT on it), without the frozen documents."""
    require(actor, Perm.REPORT_DRAFT, org)
    return (Submission.objects.filter(org=org).defer("document", "figures")
            .select_related("parent", "submitted_by", "reviewed_by").order_by("-submitted_at", "-pk"))


def drafts_to_send(actor, *, org: Organization, limit: int = 10) -> list[Draft]:
    """The union's newest drafts (to offer for sending), without their content."""
    require(actor, Perm.REPORT_DRAFT, org)
    return list(Draft.objects.filter(org=org).defer("content").order_by("-updated_at", "-pk")[:limit])


@dataclass
class Row:
    """A child union in 上报情况 (or the union itself in its own list of calls)."""

    org: Organization
    submission: Submission | None  # the newest revision, if any
    first_sent_at: datetime.datetime | None  # the first revision that was not withdrawn
    due_on: datetime.date | None
    state: str = ""
    label: str = ""
    colour: str = ""
    late: bool = False

    def __post_init__(self):
        self.state, self.late = _state(self.submission, self.first_sent_at, self.due_on)
        self.label, self.colour = STATES[self.state]

    @property
    def reported(self) -> bool:
        return self.state in ("submitted", "late_submitted", "returned", "accepted")


STATES = {  # state -> (label, Bootstrap colour)
    "not_submitted": ("未上报", "secondary"),
    "overdue": ("逾期未报", "danger"),
    "submitted": ("已上报", "primary"),
    "late_submitted": ("逾期上报", "warning"),
    "returned": ("已退回", "info"),
    "accepted": ("已审核", "success"),
}


def _state(submission, first_sent_at, due_on) -> tuple[str, bool]:
    status = submission.status if submission is not None else None
    if status in (None, Submission.Status.WITHDRAWN):
        overdue = due_passed(due_on)
        return ("overdue" if overdue else "not_submitted"), overdue
    late = sent_late(first_sent_at, due_on)
    if status == Submission.Status.RETURNED:
        return "returned", late
    if status == Submission.Status.ACCEPTED:
        return "accepted", late
    return ("late_submitted" if late else "submitted"), late


@dataclass
class Inbox:
    org: Organization
    kind: str
    period: Period
    request: ReportRequest | None
    rows: list[Row] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return DocumentKind(self.kind).label

    @property
    def due_on(self) -> datetime.date | None:
        return self.request.due_on if self.request else None

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def reported(self) -> int:
        return sum(r.reported for r in self.rows)

    @property
    def late(self) -> int:
        return sum(r.late for r in self.rows)

    def counts(self) -> list[tuple[str, str, str, int]]:
        """[(state, label, colour, count)] for the states that occur, in the order of STATES."""
        found = {}
        for row in self.rows:
            found[row.state] = found.get(row.state, 0) + 1
        return [(s, label, colour, found[s]) for s, (label, colour) in STATES.items() if s in found]


def _newest_and_first(org_ref, kind, key) -> dict:
    """Annotations with the newest submission's id and the time of the first revision that was not withdrawn, of
    a union (or OuterRef to one) for a kind and period (values or OuterRefs): two correlated subqueries, no query
    per row."""
    own = Submission.objects.filter(org=org_ref, kind=kind, period=key)
    return {
        "newest_id": Subquery(own.order_by("-revision").values("pk")[:1]),
        "first_sent_at": Subquery(own.exclude(status=Submission.Status.WITHDRAWN).order_by()
                                  .values("org").annotate(first=Min("submitted_at")).values("first")[:1]),
    }


def _newest(ids) -> dict[int, Submission]:
    found = (Submission.objects.filter(pk__in=[i for i in ids if i]).defer("document")
             .select_related("submitted_by", "reviewed_by"))
    return {s.pk: s for s in found}


def inbox(actor, *, org: Organization, kind: str, period: str) -> Inbox:
    """上报情况 of `org`'s child unions for a kind and a period (REPORT_RECEIVE on `org`, else 404). Three queries:
    the call, the children with their newest revision and first sending, and those revisions."""
    require(actor, Perm.REPORT_RECEIVE, org)
    kind = _kind(kind)
    found = _period(period)
    request = ReportRequest.objects.filter(org=org, kind=kind, period=found.key).first()
    own = Submission.objects.filter(org=OuterRef("pk"), kind=kind, period=found.key)
    children = list(
        Organization.objects.filter(parent=org, kind__in=UNION_KINDS)
        .filter(Q(status=Organization.Status.ACTIVE) | Exists(own))  # a closed union still shows what it sent
        .annotate(**_newest_and_first(OuterRef("pk"), kind, found.key)).order_by("path")
    )
    newest = _newest(c.newest_id for c in children)
    due_on = request.due_on if request else None
    rows = [Row(c, newest.get(c.newest_id), c.first_sent_at, due_on) for c in children]
    return Inbox(org=org, kind=kind, period=found, request=request, rows=rows)


def default_call(actor, *, org: Organization) -> tuple[str, str]:
    """The (kind, period) 上报情况 opens on: the call with the latest due date, else last year's 工作总结."""
    require(actor, Perm.REPORT_RECEIVE, org)
    latest = ReportRequest.objects.filter(org=org).order_by("-due_on", "-pk").values_list("kind", "period").first()
    return latest or (DocumentKind.SUMMARY.value, str(timezone.localdate().year - 1))


def requests_for(actor, *, org: Organization) -> list[tuple[ReportRequest, Row]]:
    """The calls of the union's parent that the union has to answer, newest due date first, each with the union's
    state in it (REPORT_DRAFT on the union). Two queries."""
    require(actor, Perm.REPORT_DRAFT, org)
    if org.parent_id is None or not is_reporting_union(org):
        return []
    calls = list(ReportRequest.objects.filter(org_id=org.parent_id)
                 .annotate(**_newest_and_first(org, OuterRef("kind"), OuterRef("period")))
                 .order_by("-due_on", "-pk"))
    newest = _newest(c.newest_id for c in calls)
    for c in calls:
        c.title = call_title(c.kind, c.period)
    return [(c, Row(org, newest.get(c.newest_id), c.first_sent_at, c.due_on)) for c in calls]


def call_title(kind: str, period: str) -> str:
    """"2025年工作总结" for a call (the period's name; the key itself if it cannot be read)."""
    try:
        label = parse(period).label
    except PeriodError:
        label = period
    return f"{label}{DocumentKind(kind).label if kind in DocumentKind.values else kind}"


# ---------------------------------------------------------------------------------------------------------------
# Figures: consistency and side by side
# ---------------------------------------------------------------------------------------------------------------


def number_text(value) -> tuple[str, str]:
    """(the number, the rate's numerator/denominator or "") for a table cell: ("1,234", ""), ("23,890.50", ""),
    ("98.3%", "49/50"); ("—", "") when absent."""
    if value is None:
        return "—", ""
    if isinstance(value, Rate):
        percent = value.percent
        return percent_text(percent), f"{value.numerator:,}/{value.denominator:,}"
    return f"{value:,}", ""


def display(value, unit: str) -> str:
    """A value with its unit: "1,234人", "23,890.50元", "98.3%（49/50）"; "—" when absent."""
    number, detail = number_text(value)
    if value is None:
        return number
    if detail:
        return f"{number}（{detail}）"
    return f"{number}{unit}"


@dataclass
class Check:
    code: str
    label: str
    unit: str
    submitted: object
    now: object
    known: bool = True  # False: the figure is no longer registered

    @property
    def differs(self) -> bool:
        return self.known and self.submitted != self.now

    @property
    def submitted_text(self) -> str:
        return display(self.submitted, self.unit)

    @property
    def now_text(self) -> str:
        return display(self.now, self.unit) if self.known else "（指标已停用）"


def consistency(submission: Submission) -> list[Check]:
    """Each submitted figure against what the union's records say now for the same period (one query per source of
    figures). Figures absent then and now are left out; figures no longer registered are listed, not compared."""
    org, period = submission.org, _period(submission.period)
    codes = list(submission.figures or {})
    known = [c for c in codes if c in registry.default]
    now = registry.compute(known, org, period) if known else {}
    rows = []
    for code in codes:
        submitted = documents.value_from_json(submission.figures[code])
        if code not in registry.default:
            rows.append(Check(code, code, "", submitted, None, known=False))
            continue
        metric = registry.get(code)
        if submitted is None and now[code] is None:
            continue
        rows.append(Check(code, metric.label, metric.unit, submitted, now[code]))
    order = {m.code: i for i, m in enumerate(registry.all())}
    return sorted(rows, key=lambda r: order.get(r.code, len(order)))


def key_codes(actor, org: Organization) -> list[str]:
    """The figures of the side-by-side table: each area's key figures (registry.describe key=…), or its first
    KEY_FALLBACK figures when it names none; only areas whose figures the actor may see on `org`."""
    codes = []
    for area in registry.by_area():
        if actor is not None and not can_on_org(actor, area.figures_perm, org):
            continue
        codes += area.key or [m.code for m in area.metrics[:KEY_FALLBACK]]
    return codes


@dataclass
class SideBySide:
    columns: list[tuple[str, str, str]]  # (code, label, unit)
    rows: list[tuple[Row, list[tuple[str, str]]]]  # each child union that sent figures, its values (number_text)
    total: list[tuple[str, str]]  # from the records of the whole subtree

    def by_area(self, *, most: int = 8) -> list[dict]:
        """The same table cut into one table per work area (its label, columns, rows, total), so that each fits a
        1366 px screen instead of one table cut off at the right; an area with more than `most` key figures goes on
        in a second table ("帮扶关怀（续）")."""
        groups: list[dict] = []
        for i, column in enumerate(self.columns):
            area = registry.area_of(column[0])
            if not groups or groups[-1]["area"] != area.code or len(groups[-1]["indices"]) >= most:
                part = sum(1 for g in groups if g["area"] == area.code)
                groups.append({"area": area.code, "code": area.code if not part else f"{area.code}-{part + 1}",
                               "label": area.label if not part else f"{area.label}（续）", "indices": []})
            groups[-1]["indices"].append(i)
        for group in groups:
            picks = group.pop("indices")
            group["columns"] = [self.columns[i] for i in picks]
            group["rows"] = [(row, [values[i] for i in picks]) for row, values in self.rows]
            group["total"] = [self.total[i] for i in picks]
        return groups


def key_figures(actor, box: Inbox) -> SideBySide:
    """The child unions' submitted key figures (their newest revision that was not withdrawn) side by side, with a
    total row computed from the records of `box.org`'s whole subtree for the period (registry.compute: one query per
    source) — not by adding the submissions up, which may be out of date or missing."""
    codes = key_codes(actor, box.org)
    metrics = [registry.get(c) for c in codes]
    columns = [(m.code, m.label, m.unit) for m in metrics]
    rows = []
    for row in box.rows:
        if not row.reported:
            continue
        figures = row.submission.figures or {}
        rows.append((row, [number_text(documents.value_from_json(figures.get(m.code))) for m in metrics]))
    totals = registry.compute(codes, box.org, box.period) if codes else {}
    return SideBySide(columns, rows, [number_text(totals[m.code]) for m in metrics])
