"""Every read of care records, scoped to the acting user.

Permissions (accounts.roles.Perm): CARE_VIEW lists care records of the user's subtree; CARE_SENSITIVE is needed for
hardship file details (reading one is recorded in the audit trail); CARE_FLAGGED for the 经审 list of payments above
the caps; CARE_STATS for figures only (upper unions). A member (会员 only) sees their own records through the `my_*`
selectors and nothing else. Anything outside scope answers 404 (`*_get`) or is simply not listed.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractDay
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate

from gonghui.accounts.scope import Perm, _grants, can_on_org, is_member_only, org_q, scope_paths
from gonghui.core import audit, festivals
from gonghui.core.models import AuditEntry
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from . import rules
from .aggregates import MoneySum
from .models import (
    EVENT_OCCASION,
    AidRuleSet,
    ApprovalDecision,
    ApprovalFlow,
    Assistance,
    Campaign,
    CampaignRecipient,
    Condolence,
    HardshipFile,
    HardshipLevelChange,
    HealthCheck,
    HealthCheckParticipant,
    LifeEvent,
    MustVisitRule,
)
from .services._common import goods_text

NOT_FOUND = "未找到该记录"


def _within(qs: QuerySet, within: Organization | None, field: str = "org") -> QuerySet:
    return qs.filter(**{f"{field}__path__startswith": within.path}) if within is not None else qs


def _user_person_id(user) -> int | None:
    return getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None


# ---------------------------------------------------------------------------------------------------------------
# Hardship files
# ---------------------------------------------------------------------------------------------------------------


def hardship_file_list(user, *, within: Organization | None = None, status: str | None = None) -> QuerySet[HardshipFile]:
    """Hardship files with their details: only for holders of CARE_SENSITIVE (others get nothing; they may use
    `in_care_people`)."""
    qs = (HardshipFile.objects.filter(org_q(user, Perm.CARE_SENSITIVE))
          .select_related("org", "person").prefetch_related("causes"))
    if status:
        qs = qs.filter(status=status)
    return _within(qs, within)


def hardship_file_get(user, pk, *, record_reveal: bool = True) -> HardshipFile:
    """One file with details (404 outside CARE_SENSITIVE scope). Reading it is recorded as a reveal."""
    file = get_object_or_404(hardship_file_list(user), pk=pk)
    if record_reveal:
        audit.record(AuditEntry.Action.REVEAL, obj=file, note="查看困难职工档案")
    return file


def hardship_level_history(file: HardshipFile) -> QuerySet[HardshipLevelChange]:
    return file.level_changes.select_related("changed_by").order_by("effective_from", "id")


def hardship_level_on(file: HardshipFile, day: datetime.date) -> str | None:
    """The file's level on a day ("" when the file was not open then)."""
    if day < file.opened_on or (file.closed_on and day >= file.closed_on):
        return ""
    change = file.level_changes.filter(effective_from__lte=day).order_by("-effective_from", "-id").first()
    return change.level if change else ""


def hardship_reviews_due(user, *, within: Organization | None = None, on: datetime.date | None = None,
                         days: int = 30) -> QuerySet[HardshipFile]:
    """Open files whose yearly review is due within `days` (or overdue), earliest first."""
    on = on or localdate()
    return (hardship_file_list(user, within=within, status=HardshipFile.Status.OPEN)
            .filter(review_due_on__lte=on + datetime.timedelta(days=days)).order_by("review_due_on", "id"))


def in_care_people(user, *, within: Organization | None = None) -> QuerySet[Person]:
    """People with an open hardship file, for CARE_VIEW holders: that they are in care, nothing more."""
    open_file = HardshipFile.objects.filter(person=OuterRef("pk"), status=HardshipFile.Status.OPEN)
    qs = Person.objects.filter(org_q(user, Perm.CARE_VIEW)).filter(Exists(open_file)).select_related("org")
    return _within(qs, within).only("id", "name", "name_pinyin", "org__id", "org__name", "org__path")


# ---------------------------------------------------------------------------------------------------------------
# Assistance
# ---------------------------------------------------------------------------------------------------------------

_ASSISTANCE_RELATED = ("org", "person", "family_member", "hardship_file", "applicant_user", "entered_by", "disbursed_by")


def assistance_list(user, *, within: Organization | None = None) -> QuerySet[Assistance]:
    """Assistance records the user may see: their subtree's with CARE_VIEW; a member only their own."""
    qs = Assistance.objects.select_related(*_ASSISTANCE_RELATED)
    if is_member_only(user):
        return my_assistance_list(user)
    return _within(qs.filter(org_q(user, Perm.CARE_VIEW)), within)


def assistance_awaiting(user, *, within: Organization | None = None) -> QuerySet[Assistance]:
    """Applications whose current step the user may decide (their approval inbox), oldest first. Never their
    own applications."""
    if not getattr(user, "is_authenticated", False):
        return Assistance.objects.none()
    qs = Assistance.objects.filter(status__in=[Assistance.Status.SUBMITTED, Assistance.Status.IN_REVIEW])
    if not user.is_superuser:
        by_perm = Q(awaiting_role="") & org_q(user, Perm.CARE_APPROVE)
        by_role = [Q(awaiting_role=role, org__path__startswith=path) for path, role in _grants(user)]
        qs = qs.filter(reduce(or_, by_role, by_perm))
    qs = qs.exclude(applicant_user=user)
    if user.person_id:
        qs = qs.exclude(person_id=user.person_id)
    return _within(qs.select_related(*_ASSISTANCE_RELATED), within).order_by("applied_on", "id")


def assistance_get(user, pk) -> Assistance:
    """One record: in the user's care scope, their own (a member), or awaiting their decision; else 404."""
    found = assistance_list(user).filter(pk=pk).first() or assistance_awaiting(user).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def assistance_decisions(assistance: Assistance) -> QuerySet[ApprovalDecision]:
    return assistance.decisions.select_related("decided_by").order_by("step")


def assistance_attachments(assistance: Assistance):
    return assistance.attachments.select_related("uploaded_by").order_by("id")


def assistance_voucher(user, pk) -> dict:
    """What the printed voucher (救助发放凭证) shows, amount in capital numerals."""
    a = assistance_get(user, pk)
    return {"receipt_no": a.receipt_no, "org": a.org.name, "person": a.person.name,
            "family_member": a.family_member.name if a.family_member_id else "", "kind": a.get_kind_display(),
            "amount": a.amount, "amount_in_capitals": a.amount_in_capitals, "form": a.get_form_display(),
            "goods": goods_text(a.goods), "funding_source": a.get_funding_source_display(), "reason": a.reason,
            "disbursed_on": a.disbursed_on, "disbursed_by": str(a.disbursed_by or ""),
            "method": a.get_disburse_method_display() if a.disburse_method else "",
            "decisions": [(d.step_label, d.get_decision_display(), str(d.decided_by or ""), d.decided_at, d.comment)
                          for d in assistance_decisions(a)]}


# ---------------------------------------------------------------------------------------------------------------
# The member's own records
# ---------------------------------------------------------------------------------------------------------------


def my_assistance_list(user) -> QuerySet[Assistance]:
    """A member's own applications and the aid given to them (officers' drafts not yet submitted are not shown).
    Festival gifts and 夏送清凉 given to them (慰问福利, `my_gifts`) are not aid: they are listed only when the
    member applied for them."""
    person_id = _user_person_id(user)
    if not getattr(user, "is_authenticated", False):
        return Assistance.objects.none()
    given = (Q(person_id=person_id) & ~Q(status=Assistance.Status.DRAFT) & Q(kind__in=Assistance.AID_KINDS)
             if person_id else Q(pk__in=[]))
    mine = Q(applicant_user=user) | given
    return Assistance.objects.filter(mine).select_related(*_ASSISTANCE_RELATED).order_by("-applied_on", "-id")


def my_gifts(user) -> QuerySet[Assistance]:
    """Festival gifts and 夏送清凉 the member received (慰问福利), newest first, with the campaign they came from."""
    person_id = _user_person_id(user)
    if not getattr(user, "is_authenticated", False) or not person_id:
        return Assistance.objects.none()
    return (Assistance.objects.filter(person_id=person_id, status=Assistance.Status.DISBURSED,
                                      kind__in=Assistance.WELFARE_KINDS)
            .select_related("campaign_recipient__campaign").order_by("-disbursed_on", "-id"))


def my_assistance_get(user, pk) -> Assistance:
    """404 for anything that is not the member's own."""
    return get_object_or_404(my_assistance_list(user), pk=pk)


def my_condolences(user) -> QuerySet[Condolence]:
    person_id = _user_person_id(user)
    return Condolence.objects.filter(person_id=person_id or 0).select_related("org", "family_member").order_by("-visited_on")


def my_life_events(user) -> QuerySet[LifeEvent]:
    person_id = _user_person_id(user)
    return LifeEvent.objects.filter(person_id=person_id or 0).order_by("-occurred_on")


# ---------------------------------------------------------------------------------------------------------------
# Condolences, life events, 五必访, birthdays
# ---------------------------------------------------------------------------------------------------------------


def condolence_list(user, *, within: Organization | None = None) -> QuerySet[Condolence]:
    if is_member_only(user):
        return my_condolences(user)
    qs = Condolence.objects.filter(org_q(user, Perm.CARE_VIEW)).select_related("org", "person", "family_member", "recorded_by")
    return _within(qs, within)


def condolence_get(user, pk) -> Condolence:
    return get_object_or_404(condolence_list(user), pk=pk)


@dataclass
class Flagged:
    condolences: QuerySet
    assistance: QuerySet

    @property
    def count(self) -> int:
        return self.condolences.count() + self.assistance.count()


def flagged_list(user, *, within: Organization | None = None, start: datetime.date | None = None,
                 end: datetime.date | None = None) -> Flagged:
    """Payments above a cap (per visit or per year) for 经审 (CARE_FLAGGED), optionally in a period."""
    flag = Q(over_cap=True) | Q(yearly_over_cap=True)
    condolences = Condolence.objects.filter(org_q(user, Perm.CARE_FLAGGED)).filter(flag).select_related("org", "person")
    assistance = (Assistance.objects.filter(org_q(user, Perm.CARE_FLAGGED)).filter(flag)
                  .exclude(status__in=[Assistance.Status.CANCELLED, Assistance.Status.REJECTED])
                  .select_related("org", "person"))
    if start:
        condolences, assistance = condolences.filter(visited_on__gte=start), assistance.filter(applied_on__gte=start)
    if end:
        condolences, assistance = condolences.filter(visited_on__lte=end), assistance.filter(applied_on__lte=end)
    return Flagged(_within(condolences, within).order_by("-visited_on", "-id"),
                   _within(assistance, within).order_by("-applied_on", "-id"))


def life_event_list(user, *, within: Organization | None = None) -> QuerySet[LifeEvent]:
    if is_member_only(user):
        return my_life_events(user)
    qs = LifeEvent.objects.filter(org_q(user, Perm.CARE_VIEW)).select_related("org", "person", "family_member")
    return _within(qs, within)


def _rule_owners(org: Organization) -> list[tuple[Organization, list[MustVisitRule]]]:
    """Organisations with 必访 rules that govern some part of `org`'s subtree: its nearest ancestor with rules and
    any descendants with their own, with their rules."""
    ancestors = rules.ancestor_paths(org)
    rows = list(MustVisitRule.objects.filter(Q(org__path__in=ancestors) | Q(org__path__startswith=org.path))
                .select_related("org"))
    owners: dict[int, tuple[Organization, list]] = {}
    for rule in rows:
        owners.setdefault(rule.org_id, (rule.org, []))[1].append(rule)
    above = [o for o in owners.values() if o[0].path in ancestors]
    nearest = max(above, key=lambda o: o[0].depth) if above else None
    below = [o for o in owners.values() if o[0].path.startswith(org.path) and o[0].pk != org.pk]
    return ([nearest] if nearest else []) + below


def not_yet_visited(user, *, within: Organization, on: datetime.date | None = None, lookback_days: int = 365,
                    overdue_only: bool = False) -> QuerySet[LifeEvent]:
    """五必访: events that the union's rules say must be visited, with no visit yet, oldest first. Each row is
    annotated with `window_days` (due on = occurred_on + window_days; `due_on(event)`). A visit counts when it is
    linked to the event, or is a condolence for the same person and matching occasion on or after the event."""
    on = on or localdate()
    owners = _rule_owners(within)
    if not owners:
        return LifeEvent.objects.none()
    owner_paths = [o.path for o, _ in owners]
    applies, windows, overdue = [], [], []
    for owner, owner_rules in owners:
        deeper = [p for p in owner_paths if p != owner.path and p.startswith(owner.path)]
        area = Q(org__path__startswith=owner.path)
        for path in deeper:
            area &= ~Q(org__path__startswith=path)
        for rule in owner_rules:
            cond = area & Q(kind=rule.event_kind)
            applies.append(cond)
            windows.append(When(cond, then=Value(rule.window_days)))
            overdue.append(cond & Q(occurred_on__lt=on - datetime.timedelta(days=rule.window_days)))
    visited = Q(Exists(Condolence.objects.filter(life_event=OuterRef("pk"))))
    for kind, occasion in EVENT_OCCASION.items():
        later = Condolence.objects.filter(person=OuterRef("person"), visited_on__gte=OuterRef("occurred_on"))
        if occasion is not None:
            later = later.filter(occasion=occasion)
        visited |= Q(kind=kind) & Q(Exists(later))
    qs = (LifeEvent.objects.filter(org_q(user, Perm.CARE_VIEW), org__path__startswith=within.path,
                                   occurred_on__gte=on - datetime.timedelta(days=lookback_days), occurred_on__lte=on)
          .filter(reduce(or_, applies)).exclude(visited)
          .annotate(window_days=Case(*windows, default=Value(0), output_field=IntegerField()))
          .select_related("org", "person", "family_member").order_by("occurred_on", "id"))
    if overdue_only:
        qs = qs.filter(reduce(or_, overdue))
    return qs


def due_on(event: LifeEvent) -> datetime.date:
    return event.occurred_on + datetime.timedelta(days=getattr(event, "window_days", 0) or 0)


def birthdays_in_month(user, *, within: Organization, month: int, year: int | None = None) -> QuerySet[Person]:
    """Members of the subtree born in `month`, by day of birth, each with `gifted` (a birthday condolence already
    recorded in `year`)."""
    from .services.condolence import birthday_people

    year = year or localdate().year
    gifted = Condolence.objects.filter(person=OuterRef("pk"), dedupe_key=f"birthday:{year}")
    return (birthday_people(within, month).filter(org_q(user, Perm.CARE_VIEW))
            .annotate(birth_day=ExtractDay("birth_date"), gifted=Exists(gifted))
            .select_related("org").order_by("birth_day", "name_pinyin", "id"))


# ---------------------------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------------------------


def campaign_list(user, *, within: Organization | None = None) -> QuerySet[Campaign]:
    """Campaigns with `selected`, `delivered` and `total_amount` annotated, newest plan first (an aggregate
    annotation drops the model's default ordering, so it is restated here for pagination)."""
    qs = (Campaign.objects.filter(org_q(user, Perm.CARE_VIEW)).select_related("org")
          .annotate(selected=Count("recipients"),
                    delivered=Count("recipients", filter=Q(recipients__status=CampaignRecipient.Status.DELIVERED)),
                    total_amount=MoneySum("recipients__amount"))
          .order_by("-planned_on", "-id"))
    return _within(qs, within)


def campaign_get(user, pk) -> Campaign:
    return get_object_or_404(campaign_list(user), pk=pk)


def campaign_recipients(campaign: Campaign) -> QuerySet[CampaignRecipient]:
    """The list in signing-sheet order: union, department, name."""
    return (campaign.recipients.select_related("person", "person__org", "family_member")
            .order_by("person__org__path", "person__department", "person__name_pinyin", "id"))


SIGNING_SHEET_COLUMNS = [("no", "序号"), ("org", "单位"), ("department", "部门"), ("name", "姓名"),
                         ("family_member", "家属/子女"), ("amount", "金额(元)"), ("goods", "物品"),
                         ("status", "状态"), ("delivered_on", "发放日期"), ("signature", "签收")]


def campaign_signing_sheet(user, campaign_or_pk) -> list[dict]:
    """Rows of the signing sheet (签收表) in order, one query; columns in SIGNING_SHEET_COLUMNS."""
    pk = getattr(campaign_or_pk, "pk", campaign_or_pk)
    campaign = campaign_get(user, pk)
    rows = (campaign.recipients.order_by("person__org__path", "person__department", "person__name_pinyin", "id")
            .values_list("person__org__name", "person__department", "person__name", "family_member__name", "amount",
                         "goods", "status", "delivered_on", "signed"))
    labels = dict(CampaignRecipient.Status.choices)
    return [{"no": i, "org": org, "department": dept, "name": name, "family_member": child or "", "amount": amount,
             "goods": goods_text(goods), "status": labels[status], "delivered_on": delivered,
             "signature": "已签收" if signed else ""}
            for i, (org, dept, name, child, amount, goods, status, delivered, signed) in enumerate(rows, start=1)]


# ---------------------------------------------------------------------------------------------------------------
# Health checks, rules
# ---------------------------------------------------------------------------------------------------------------


def health_check_list(user, *, within: Organization | None = None) -> QuerySet[HealthCheck]:
    qs = (HealthCheck.objects.filter(org_q(user, Perm.CARE_VIEW)).select_related("org")
          .annotate(participant_count=Count("participant_rows")))
    return _within(qs, within)


def health_check_get(user, pk) -> HealthCheck:
    return get_object_or_404(health_check_list(user), pk=pk)


def health_check_participants(check: HealthCheck) -> QuerySet[HealthCheckParticipant]:
    return check.participant_rows.select_related("person", "person__org").order_by("person__name_pinyin", "id")


def _scope_and_ancestors_q(user, perm: str) -> Q:
    """Organisations in scope, and the ancestors of the scope (whose rules the scope follows)."""
    paths = scope_paths(user, perm)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    ancestors = {a for p in paths for a in rules.ancestor_paths(Organization(path=p))}
    return org_q(user, perm) | Q(org__path__in=ancestors)


def rule_set_list(user, *, within: Organization | None = None) -> QuerySet[AidRuleSet]:
    """Rule sets the user may read: of their subtree and of the unions above it (which their unions follow)."""
    qs = AidRuleSet.objects.filter(_scope_and_ancestors_q(user, Perm.CARE_VIEW)).select_related("org").prefetch_related("rules")
    if within is not None:
        qs = qs.filter(Q(org__path__startswith=within.path) | Q(org__path__in=rules.ancestor_paths(within)))
    return qs


def rule_set_get(user, pk) -> AidRuleSet:
    return get_object_or_404(rule_set_list(user), pk=pk)


def approval_flow_list(user, *, within: Organization | None = None) -> QuerySet[ApprovalFlow]:
    qs = ApprovalFlow.objects.filter(_scope_and_ancestors_q(user, Perm.CARE_VIEW)).select_related("org").prefetch_related("steps")
    if within is not None:
        qs = qs.filter(Q(org__path__startswith=within.path) | Q(org__path__in=rules.ancestor_paths(within)))
    return qs


applicable_rule_set = rules.applicable_rule_set
propose_amount = rules.propose_amount


# ---------------------------------------------------------------------------------------------------------------
# Calendar and reminders
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    kind: str  # festival_without_campaign | reviews_due | not_visited | survivor_reverify
    date: datetime.date | None
    message: str
    count: int = 0


def reminders(user, *, org: Organization, on: datetime.date | None = None, days: int = 30) -> list[Reminder]:
    """What the union calendar reminds of: festivals near with no campaign planned, hardship reviews due,
    members not yet visited, 遗属供养 to re-verify. Empty when the user has no CARE_VIEW on `org`."""
    if not can_on_org(user, Perm.CARE_VIEW, org):
        return []
    on = on or localdate()
    out = []
    planned = list(Campaign.objects.filter(org__path__in=rules.ancestor_paths(org),
                                           planned_on__gte=on - datetime.timedelta(days=45),
                                           planned_on__lte=on + datetime.timedelta(days=days + 45))
                   .values_list("kind", "festival_code", "planned_on"))
    for festival in festivals.upcoming(on, days):
        if festival.code not in CAMPAIGN_FESTIVALS:
            continue
        covered = any((code == festival.code or festival.code in KIND_FESTIVALS.get(kind, ()))
                      and abs((planned_on - festival.date).days) <= 45 for kind, code, planned_on in planned)
        if not covered:
            out.append(Reminder("festival_without_campaign", festival.date,
                                f"{festival.name}（{festival.date.month}月{festival.date.day}日）临近，尚未安排慰问活动"))
    if can_on_org(user, Perm.CARE_SENSITIVE, org):
        due = hardship_reviews_due(user, within=org, on=on, days=days).count()
        if due:
            out.append(Reminder("reviews_due", None, f"{due}户困难职工档案到期需复核", due))
    missing = not_yet_visited(user, within=org, on=on).count()
    if missing:
        out.append(Reminder("not_visited", None, f"{missing}人次按规定应走访慰问而尚未走访", missing))
    survivors = (assistance_list(user, within=org).filter(kind=Assistance.Kind.SURVIVOR,
                                                          status=Assistance.Status.DISBURSED,
                                                          reverify_due_on__lte=on + datetime.timedelta(days=days))
                 .values("family_member").distinct().count())
    if survivors:
        out.append(Reminder("survivor_reverify", None, f"{survivors}名遗属供养对象需年度复核", survivors))
    return out


#: Festivals for which unions usually run a campaign (送温暖, 端午, 中秋, 重阳), and which campaign kinds cover them.
CAMPAIGN_FESTIVALS = {"chunjie", "yuandan", "duanwu", "zhongqiu", "chongyang"}
KIND_FESTIVALS = {
    Campaign.Kind.SPRING: {"yuandan", "chunjie", "chuxi"},
    Campaign.Kind.DUANWU: {"duanwu"},
    Campaign.Kind.ZHONGQIU: {"zhongqiu"},
}


def calendar_items(user, *, org: Organization, start: datetime.date, end: datetime.date) -> list[dict]:
    """Festivals and planned campaigns between two days, by date: [{"date", "kind", "title", "campaign"}]."""
    items = [{"date": f.date, "kind": "festival", "title": f.name, "campaign": None}
             for year in range(start.year, end.year + 1) for f in festivals.festivals(year) if start <= f.date <= end]
    for campaign in campaign_list(user, within=None).filter(
            Q(org__path__startswith=org.path) | Q(org__path__in=rules.ancestor_paths(org)),
            planned_on__range=(start, end)):
        items.append({"date": campaign.planned_on, "kind": "campaign", "title": campaign.title, "campaign": campaign})
    return sorted(items, key=lambda i: (i["date"], i["kind"] != "festival"))


def calendar_entries(user, org: Organization, start: datetime.date, end: datetime.date):
    """Care's provider for the union work calendar (core.calendar, registered in CareConfig.ready): festivals for
    everyone, planned campaigns of the subtree and the unions above it for a user with CARE_VIEW (one query)."""
    from django.urls import reverse

    from gonghui.core.calendar import Entry

    for item in calendar_items(user, org=org, start=start, end=end):
        if item["kind"] == "festival":
            yield Entry(item["date"], item["title"], "", "festival", 0)
        else:
            yield Entry(item["date"], item["title"], reverse("care:campaign_detail", args=[item["campaign"].pk]),
                        "campaign", 10)


# ---------------------------------------------------------------------------------------------------------------
# Figures (scoped wrappers around metrics.py)
# ---------------------------------------------------------------------------------------------------------------


def metric_value(user, code: str, *, org: Organization, start: datetime.date, end: datetime.date):
    """A care figure for a subtree and period (CARE_STATS on `org`, else 404)."""
    from . import metrics

    if not can_on_org(user, Perm.CARE_STATS, org):
        raise Http404(NOT_FOUND)
    return metrics.get(code).compute(org, start, end)


def metric_records(user, code: str, *, org: Organization, start: datetime.date, end: datetime.date) -> QuerySet:
    """The records behind a figure (CARE_VIEW on `org`, else 404): upper unions see figures, not people."""
    from . import metrics

    if not can_on_org(user, Perm.CARE_VIEW, org):
        raise Http404(NOT_FOUND)
    return metrics.get(code).records(org, start, end)

