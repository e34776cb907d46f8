"""Care figures for reports (DESIGN.md rule 5), declared once and computed for (organisation subtree, period).

The shape of a metric
---------------------
    Metric(
        code="care.condolence.visits",       # stable id: "<app>.<area>.<figure>"
        label="慰问看望职工",                  # how a summary names it
        unit="人次",                          # 人次 | 人 | 户 | 元 | 次 | %
        counts="events",                     # events | people | households | sum | rate  (DOMAIN.md §3)
        source=condolences,                  # (org, start, end) -> QuerySet: the records behind the figure
        value=Count("id"),                   # SQL aggregate over the source (not for rates)
        where=Q(...),                        # optional: narrows the source (both value and records)
        numerator=Q(...),                    # rates only: which source rows count above the line
        by={"month": by_month("visited_on")},  # optional breakdowns: name -> Breakdown(label, expression, labels)
        date_field="visited_on",             # which date the period applies to (documentation, UI "as of")
        stock=False,                         # True: a state on the period's last day (hardship files), not a flow
        org_field="org",                     # the record's union (what the subtree filter and by-union groups use)
    )

    metric.compute(org, start, end)  -> int | Decimal | Rate | None   (None: no records, the figure is absent)
    metric.records(org, start, end)  -> QuerySet of the records behind the figure
    metric.breakdown(org, start, end, "month") -> [(key, label, value), ...]

    Metric, Breakdown and Rate are gonghui.core.metrics' (the one shape of every work area's figures).
    METRICS (list, in report order) and get(code) are what metrics_registry.py registers with gonghui.reports.registry.

Counting rules
--------------
- 人次 counts records; 人 distinct `person`; 户 distinct households *in care*: the distinct members with a hardship
  file among the records (a member's household is theirs; records of people not in care are not households).
- A period is inclusive at both ends, on the record's own date (visited_on, disbursed_on, opened_on …).
- Assistance counts only when disbursed (已发放), on its disbursement date. Campaign deliveries are assistance
  (one per delivered recipient, see services/campaigns.py), so they are counted once, there; campaign rows are
  used only for coverage.
- 救助 is not 慰问福利: festival gifts and 夏送清凉 (`Assistance.WELFARE_KINDS`, given to members by campaign or
  custom, not for need) are counted by the care.welfare.* figures; care.assistance.* (救助补助) count the aid kinds
  only (`Assistance.AID_KINDS`). The per-kind figures care.assistance.<kind>.* stay for every kind.
- Visits by kind of recipient (在职会员, 退休职工, 家属) are 人: distinct members, for 家属 distinct family members.
- Health checks: 人 per kind of check (each person once) beside 人次; the summary writes per kind the months of its
  batches, and 人次 only where somebody was checked more than once.
- A subtree is the organisation and everything below it, by the record's `org` (the union that did the work).
- Hardship files by level are counted from the dated level history as it stood on the period's last day.
Everything is aggregated in SQL; nothing loops over records in Python.
"""
from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from gonghui.core.metrics import Breakdown, Metric, by_month
from gonghui.core.metrics import subtree as _subtree
from gonghui.orgs.models import Organization

from .aggregates import MoneySum

from .models import (
    Assistance,
    Campaign,
    CampaignRecipient,
    Condolence,
    FundingSource,
    HardshipCauseKind,
    HardshipFile,
    HardshipLevel,
    HardshipLevelChange,
    HealthCheck,
    HealthCheckParticipant,
    Occasion,
    RecipientKind,
)

# ---------------------------------------------------------------------------------------------------------------
# Sources: the records behind the figures
# ---------------------------------------------------------------------------------------------------------------


def condolences(org, start, end) -> QuerySet[Condolence]:
    return _subtree(Condolence.objects.filter(visited_on__range=(start, end)), org)


def assistance_paid(org, start, end) -> QuerySet[Assistance]:
    return _subtree(Assistance.objects.filter(status=Assistance.Status.DISBURSED, disbursed_on__range=(start, end)), org)


def level_on(day: datetime.date) -> Subquery:
    """A file's level on `day`, from the dated history."""
    return Subquery(HardshipLevelChange.objects.filter(file=OuterRef("pk"), effective_from__lte=day)
                    .order_by("-effective_from", "-id").values("level")[:1])


def hardship_files_on(org, start, end) -> QuerySet[HardshipFile]:
    """Files open on the period's last day, each annotated with `level_on` (that day's level)."""
    return (_subtree(HardshipFile.objects.filter(opened_on__lte=end), org)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
            .annotate(level_on=level_on(end)))


def hardship_files_opened(org, start, end) -> QuerySet[HardshipFile]:
    return _subtree(HardshipFile.objects.filter(opened_on__range=(start, end)), org)


def hardship_files_closed(org, start, end) -> QuerySet[HardshipFile]:
    return _subtree(HardshipFile.objects.filter(closed_on__range=(start, end)), org)


def campaign_recipients(org, start, end) -> QuerySet[CampaignRecipient]:
    """Recipients of the subtree's approved campaigns planned in the period."""
    return (_subtree(CampaignRecipient.objects.filter(campaign__planned_on__range=(start, end)), org, "campaign__org")
            .exclude(campaign__status=Campaign.Status.DRAFT))


def campaigns(org, start, end) -> QuerySet[Campaign]:
    return _subtree(Campaign.objects.filter(planned_on__range=(start, end)).exclude(status=Campaign.Status.DRAFT), org)


def health_participants(org, start, end) -> QuerySet[HealthCheckParticipant]:
    return _subtree(HealthCheckParticipant.objects.filter(check_batch__checked_on__range=(start, end)), org,
                    "check_batch__org")


def health_checks(org, start, end) -> QuerySet[HealthCheck]:
    return _subtree(HealthCheck.objects.filter(checked_on__range=(start, end)), org)


# ---------------------------------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------------------------------

IN_CARE = Q(hardship_file__isnull=False)
#: 救助 and 慰问福利 share one source (one query) and are told apart by kind.
AID = Q(kind__in=Assistance.AID_KINDS)
WELFARE = Q(kind__in=Assistance.WELFARE_KINDS)
EVENTS = Count("pk")
PEOPLE = Count("person", distinct=True)
HOUSEHOLDS = Count("person", distinct=True, filter=IN_CARE)
AMOUNT = MoneySum("amount")  # exact, 2 places, on SQLite too (see aggregates.py)
OCCASIONS = dict(Occasion.choices)
KINDS = dict(Assistance.Kind.choices)
SOURCES = dict(FundingSource.choices)


CONDOLENCE_BY = {
    "occasion": Breakdown("按事由", "occasion", OCCASIONS),
    "recipient_kind": Breakdown("按慰问对象", "recipient_kind", dict(RecipientKind.choices)),
    "funding_source": Breakdown("按经费来源", "funding_source", SOURCES),
    "month": by_month("visited_on"),
}
ASSISTANCE_BY = {
    "kind": Breakdown("按类别", "kind", KINDS),
    "funding_source": Breakdown("按经费来源", "funding_source", SOURCES),
    "form": Breakdown("按发放形式", "form", dict(Assistance._meta.get_field("form").choices)),
    "month": by_month("disbursed_on"),
}
#: How a summary names each kind of recipient and of health check ("走访慰问退休职工7人", "组织在职职工117人体检").
RECIPIENT_WORDS = {RecipientKind.SERVING: "在职会员", RecipientKind.RETIREE: "退休职工", RecipientKind.FAMILY: "职工家属"}
CHECKED_WORDS = {HealthCheck.Kind.SERVING: "在职职工", HealthCheck.Kind.RETIRED: "退休职工",
                 HealthCheck.Kind.WOMEN: "女职工", HealthCheck.Kind.MODEL_WORKER: "劳动模范"}
LEVELS = dict(HardshipLevel.choices)
HARDSHIP_BY = {
    "level": Breakdown("按困难程度", "level_on", LEVELS),
    "cause": Breakdown("按致困原因", "causes__cause", dict(HardshipCauseKind.choices), value=Count("pk", distinct=True)),
}

METRICS: list[Metric] = [
    # 慰问
    Metric("care.condolence.visits", "慰问看望职工", "人次", "events", condolences, EVENTS, by=CONDOLENCE_BY,
           date_field="visited_on"),
    Metric("care.condolence.people", "慰问看望职工", "人", "people", condolences, PEOPLE,
           by={"occasion": CONDOLENCE_BY["occasion"]}, date_field="visited_on"),
    Metric("care.condolence.households", "走访慰问困难职工", "户", "households", condolences, HOUSEHOLDS,
           where=IN_CARE, date_field="visited_on", note="困难职工户：慰问时在档的困难职工"),
    Metric("care.condolence.amount", "发放慰问金（含慰问品折价）", "元", "sum", condolences, AMOUNT, by=CONDOLENCE_BY,
           date_field="visited_on"),
    Metric("care.condolence.over_cap", "超标准慰问", "人次", "events", condolences, EVENTS,
           where=Q(over_cap=True) | Q(yearly_over_cap=True), date_field="visited_on", note="提交经审委员会审查"),
    # 救助补助 (aid only: festival gifts and 夏送清凉 are 慰问福利, below)
    Metric("care.assistance.payments", "救助补助", "人次", "events", assistance_paid, EVENTS, by=ASSISTANCE_BY,
           where=AID, date_field="disbursed_on"),
    Metric("care.assistance.people", "救助补助职工", "人", "people", assistance_paid, PEOPLE,
           by={"kind": ASSISTANCE_BY["kind"]}, where=AID, date_field="disbursed_on"),
    Metric("care.assistance.households", "救助困难职工", "户", "households", assistance_paid, HOUSEHOLDS,
           where=AID & IN_CARE, date_field="disbursed_on"),
    Metric("care.assistance.amount", "救助补助金额", "元", "sum", assistance_paid, AMOUNT, by=ASSISTANCE_BY,
           where=AID, date_field="disbursed_on"),
    Metric("care.assistance.hardship_people", "救助困难职工", "人", "people", assistance_paid, PEOPLE,
           where=AID & IN_CARE, date_field="disbursed_on"),
    Metric("care.assistance.hardship_amount", "救助困难职工金额", "元", "sum", assistance_paid, AMOUNT,
           where=AID & IN_CARE, date_field="disbursed_on"),
    Metric("care.education.children", "金秋助学资助会员子女", "人", "people", assistance_paid,
           Count("family_member", distinct=True), where=Q(kind=Assistance.Kind.EDUCATION), date_field="disbursed_on"),
    # 困难职工档案
    Metric("care.hardship.files", "困难职工档案", "户", "households", hardship_files_on, EVENTS, by=HARDSHIP_BY,
           date_field="opened_on", stock=True, note="期末在档"),
    Metric("care.hardship.deep", "深度困难职工", "户", "households", hardship_files_on, EVENTS,
           where=Q(level_on=HardshipLevel.DEEP), date_field="opened_on", stock=True, note="期末在档"),
    Metric("care.hardship.opened", "新建困难职工档案", "户", "households", hardship_files_opened, EVENTS,
           by={"level": Breakdown("按困难程度", "level", LEVELS)}, date_field="opened_on"),
    Metric("care.hardship.closed", "困难职工脱困", "户", "households", hardship_files_closed, EVENTS,
           date_field="closed_on"),
    # 慰问福利: festival gifts and 夏送清凉 (campaign deliveries mostly), apart from aid
    Metric("care.welfare.payments", "发放节日慰问金（品）", "人次", "events", assistance_paid, EVENTS, where=WELFARE,
           by=ASSISTANCE_BY, date_field="disbursed_on", note="节日慰问、夏送清凉（不计入救助补助）"),
    Metric("care.welfare.people", "领取节日慰问金（品）职工", "人", "people", assistance_paid, PEOPLE,
           where=WELFARE, date_field="disbursed_on"),
    Metric("care.welfare.amount", "节日慰问金（品）金额", "元", "sum", assistance_paid, AMOUNT, where=WELFARE,
           by=ASSISTANCE_BY, date_field="disbursed_on"),
    Metric("care.welfare.households", "节日慰问困难职工", "户", "households", assistance_paid, HOUSEHOLDS,
           where=WELFARE & IN_CARE, date_field="disbursed_on"),
    # 集中慰问
    Metric("care.campaign.count", "开展集中慰问活动", "次", "events", campaigns, EVENTS,
           by={"kind": Breakdown("按类型", "kind", dict(Campaign.Kind.choices))}, date_field="planned_on"),
    Metric("care.campaign.coverage", "集中慰问发放率", "%", "rate", campaign_recipients,
           numerator=Q(status=CampaignRecipient.Status.DELIVERED),
           by={"campaign": Breakdown("按活动", "campaign__title")}, date_field="campaign__planned_on",
           note="已发放人数 ÷ 名单人数", org_field="campaign__org"),
    # 体检
    Metric("care.health.participants", "组织职工体检", "人次", "events", health_participants, EVENTS,
           by={"kind": Breakdown("按类型", "check_batch__kind", dict(HealthCheck.Kind.choices))},
           date_field="check_batch__checked_on", org_field="check_batch__org"),
    Metric("care.health.people", "组织职工体检", "人", "people", health_participants, PEOPLE,
           date_field="check_batch__checked_on", org_field="check_batch__org"),
    Metric("care.health.cost", "体检费用", "元", "sum", health_checks, MoneySum("cost"), date_field="checked_on"),
]

# Visits per kind of recipient, in 人 ("走访慰问退休职工7名"); a family member is counted as themself.
VISITED = {RecipientKind.SERVING: PEOPLE, RecipientKind.RETIREE: PEOPLE,
           RecipientKind.FAMILY: Count("family_member", distinct=True)}
for _kind, _label in RecipientKind.choices:
    METRICS.append(Metric(f"care.condolence.{_kind}.people", f"走访慰问{RECIPIENT_WORDS[_kind]}", "人", "people",
                          condolences, VISITED[_kind], where=Q(recipient_kind=_kind), date_field="visited_on"))

# Health checks per kind: 人 (each person once) and 人次 (the summary writes 人次 only where they differ).
for _kind, _label in HealthCheck.Kind.choices:
    _who = Q(check_batch__kind=_kind)
    METRICS.append(Metric(f"care.health.{_kind}.people", f"组织{CHECKED_WORDS[_kind]}体检", "人", "people",
                          health_participants, PEOPLE, where=_who, date_field="check_batch__checked_on",
                          org_field="check_batch__org"))
    METRICS.append(Metric(f"care.health.{_kind}.participants", f"组织{CHECKED_WORDS[_kind]}体检", "人次", "events",
                          health_participants, EVENTS, where=_who, date_field="check_batch__checked_on",
                          org_field="check_batch__org"))

# Per kind of assistance: 人次 and 元 (e.g. "节日慰问 560人次、金额28万元").
for _kind, _label in Assistance.Kind.choices:
    _label = _label.split("（")[0]
    METRICS.append(Metric(f"care.assistance.{_kind}.payments", _label, "人次", "events", assistance_paid, EVENTS,
                          where=Q(kind=_kind), date_field="disbursed_on"))
    METRICS.append(Metric(f"care.assistance.{_kind}.amount", f"{_label}金额", "元", "sum", assistance_paid, AMOUNT,
                          where=Q(kind=_kind), date_field="disbursed_on"))

_BY_CODE = {m.code: m for m in METRICS}
assert len(_BY_CODE) == len(METRICS), "metric codes must be unique"


def get(code: str) -> Metric:
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"未知指标：{code}") from None


def compute_all(org: Organization, start: datetime.date, end: datetime.date) -> dict[str, object]:
    """Every care figure for a subtree and period: {code: value} (None where absent)."""
    return {m.code: m.compute(org, start, end) for m in METRICS}

