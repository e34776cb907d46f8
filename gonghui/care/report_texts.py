"""How care (帮扶关怀) appears in drafted documents: its default wording, and the points it offers for 存在的问题,
下一步工作打算 and the report's 需要上级工会给予的支持, drawn from the records.

Registered in metrics_registry.py (registry.describe(..., sections=SECTIONS, suggest=SUGGEST, watch=WATCH)).
The wording uses the template language of gonghui.reports.drafting.wording: {metric.code} is a figure (its clause is
left out when the figure is absent; every clause that claims work names its figure, shown or as an {code|if}
condition, so that it goes whole when there is no record), {code|target} a target for the plan, {period} {end} {org} … named text.

The points name counts only, never people: a document leaves the union, hardship details must not.
"""
from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from gonghui.core import festivals
from gonghui.reports.registry import Phrase, Section, Suggestion

from . import metrics
from .models import Campaign, HardshipFile, HealthCheck, LifeEventKind, RecipientKind

SUMMARY = """
{care.condolence.visits|if}始终把困难职工帮扶和送温暖工作作为工会工作的重中之重，{care.campaign.count|if}{care.assistance.payments|if}{care.condolence.visits|if}做到节日有慰问、困难有帮扶、住院有探望。
# 扎实开展慰问看望
{period}共慰问看望职工{care.condolence.visits}，涉及职工{care.condolence.people}，发放慰问金（含慰问品折价）{care.condolence.amount}；其中走访慰问{care.condolence.recipients}。
组织开展{care.campaign.kinds}等集中慰问活动{care.campaign.count}，发放节日慰问金（品）{care.welfare.payments}，计{care.welfare.amount}，慰问名单发放率达到{care.campaign.coverage}。
# 精准做好困难职工帮扶
{care.hardship.files|if}坚持建档立卡、动态管理，期末在档困难职工{care.hardship.files}，其中深度困难职工{care.hardship.deep}；{period}新建困难职工档案{care.hardship.opened}，帮助{care.hardship.closed}困难职工家庭实现脱困。
{period}发放各类救助补助{care.assistance.payments}，金额{care.assistance.amount}，其中救助困难职工{care.assistance.hardship_people}，金额{care.assistance.hardship_amount}；{care.education.children|if}开展金秋助学，资助会员子女{care.education.children}。
# 关心关爱职工身心健康
{care.health.batches}进行健康体检，投入{care.health.cost}，{care.health.people|if}切实把关爱职工落到实处。
"""
REPORT = """
{period}共慰问看望职工{care.condolence.visits}，发放慰问金{care.condolence.amount}；其中走访慰问{care.condolence.recipients}。
组织开展{care.campaign.kinds}等集中慰问活动{care.campaign.count}，发放节日慰问金（品）{care.welfare.payments}，计{care.welfare.amount}。
期末在档困难职工{care.hardship.files}，其中深度困难职工{care.hardship.deep}；{period}发放各类救助补助{care.assistance.payments}，金额{care.assistance.amount}。
{care.education.children|if}开展金秋助学，资助会员子女{care.education.children}；{care.health.batches}进行健康体检。
"""
PLAN = """
认真做好元旦春节送温暖、夏送清凉、金秋助学等工作，年内走访慰问困难职工不少于{care.condolence.households|target}，慰问看望生病住院等职工不少于{care.condolence.visits|target}。
坚持困难职工档案动态管理，按期完成年度复核，做到应纳尽纳、应退尽退、精准帮扶。
严格执行“五必访”制度，职工生病住院、结婚生育、直系亲属去世等必访，及时把组织的关怀送到职工身边。
"""

SECTIONS = [
    Section("summary", "坚持以职工为中心，帮扶关怀工作温暖人心", SUMMARY.strip()),
    Section("report", "关心关爱职工，扎实做好帮扶救助工作", REPORT.strip()),
    Section("plan", "深化帮扶关怀，把组织的温暖送到职工心坎上", PLAN.strip()),
]
# Figures whose fall on last year is a problem worth a word (and whose rise is a highlight of the report).
WATCH = ["care.condolence.visits", "care.condolence.amount", "care.health.participants"]


class _WholeSubtree:
    """Who these lists are read as: a draft covers the union's whole subtree, like its figures (the page that
    drafts has already checked that the officer may draft for that union), so no user's scope narrows them."""

    is_authenticated = True
    is_superuser = True
    person_id = None


def overdue_reviews(org, period, figures) -> list[Suggestion]:
    """Open hardship files whose yearly review was due before the period's last day and is not done."""
    count = HardshipFile.objects.filter(org__path__startswith=org.path, status=HardshipFile.Status.OPEN,
                                        review_due_on__lt=period.end).count()
    if not count:
        return []
    url = reverse("care:hardship_overdue")
    return [
        Suggestion("problems", f"困难职工档案动态管理还不够到位，截至{{end}}仍有{count}户困难职工档案超过复核期限"
                               "未及时复核。", url=url),
        Suggestion("next", "严格落实困难职工档案年度复核制度，及时完成到期档案复核，做到应纳尽纳、应退尽退、动态管理。",
                   url=url),
    ]


def not_visited(org, period, figures) -> list[Suggestion]:
    """五必访: events (生病住院, 结婚, 去世 …) past their visiting window with no visit, as of the period's end."""
    from .selectors import not_yet_visited

    rows = (not_yet_visited(_WholeSubtree(), within=org, on=period.end, overdue_only=True)
            .order_by().values("kind").annotate(n=Count("pk")).order_by("-n", "kind"))
    counts = [(LifeEventKind(row["kind"]).label, row["n"]) for row in rows]
    if not counts:
        return []
    listed = "、".join(f"{label}{n}人次" for label, n in counts)
    url = reverse("care:not_visited")
    return [
        Suggestion("problems", f"“五必访”制度落实还不够到位，截至{{end}}尚有职工{listed}超过规定期限未走访慰问。",
                   url=url),
        Suggestion("next", "严格落实“五必访”制度，建立职工生病住院、婚丧嫁娶等情况报告和走访台账，确保应访尽访、"
                           "及时走访。", url=url),
    ]


def hardship_support(org, period, figures) -> list[Suggestion]:
    """For the report: a union with hardship households asks its upper union for help."""
    files = figures.get("care.hardship.files")
    if files is None or not files.current:
        return []
    return [Suggestion("support", "期末本会在档困难职工{care.hardship.files}，帮扶任务较重，恳请上级工会在困难职工"
                                  "帮扶资金、金秋助学等方面给予倾斜支持。", "care.hardship.files")]


SUGGEST = [overdue_reviews, not_visited, hardship_support]


# ---------------------------------------------------------------------------------------------------------------
# Phrases: wording drawn from the records ({care.condolence.recipients} …); numbers in them are registered figures
# ---------------------------------------------------------------------------------------------------------------

def _present(figures, code) -> bool:
    comparison = figures.get(code)
    return comparison is not None and bool(comparison.current)


def visited_recipients(org, period, figures) -> str:
    """The kinds of people visited that are present: "在职会员{…}、退休职工{…}、职工家属{…}、困难职工{…}"; nothing
    when only serving members were visited (the sentence has already said how many)."""
    parts = [f"{metrics.RECIPIENT_WORDS[kind]}{{care.condolence.{kind}.people}}" for kind in RecipientKind.values
             if _present(figures, f"care.condolence.{kind}.people")]
    if _present(figures, "care.condolence.households"):
        parts.append("困难职工{care.condolence.households}")
    if len(parts) == 1 and parts[0].startswith(metrics.RECIPIENT_WORDS[RecipientKind.SERVING]):
        return ""  # serving members only: "涉及职工N人" has said it
    return "、".join(parts)


#: How a summary names a campaign of each kind ("元旦春节送温暖、端午、中秋、夏送清凉、金秋助学"); a campaign of
#: kind 其他节日 is named by its festival (三八妇女节, 重阳节 …).
CAMPAIGN_WORDS = {Campaign.Kind.SPRING: "元旦春节送温暖", Campaign.Kind.DUANWU: "端午", Campaign.Kind.ZHONGQIU: "中秋",
                  Campaign.Kind.SUMMER: "夏送清凉", Campaign.Kind.EDUCATION: "金秋助学",
                  Campaign.Kind.OTHER_FESTIVAL: "其他节日"}


def _festival_name(code: str, day) -> str:
    return next((f.name for f in festivals.festivals(day.year) if f.code == code), "")


def campaign_kinds(org, period, figures) -> str:
    """The campaigns of the period (those care.campaign.count counts) named by their kinds, in date order."""
    if not _present(figures, "care.campaign.count"):
        return ""
    names: list[str] = []
    rows = (metrics.campaigns(org, period.start, period.end).order_by("planned_on", "id")
            .values_list("kind", "festival_code", "planned_on"))
    for kind, code, day in rows:
        name = CAMPAIGN_WORDS.get(kind, "")
        if kind == Campaign.Kind.OTHER_FESTIVAL and code:
            name = _festival_name(code, day) or name
        if name and name not in names:
            names.append(name)
    return "、".join(names)


def health_batches(org, period, figures) -> str:
    """The health checks by kind, in the order of their first batch: the months of the kind's batches, who, and
    how many — 人 (each person once), or 人次 where somebody was checked more than once:
    "4月份组织退休职工{care.health.retired.people}，7月、11月份组织在职职工{care.health.serving.participants}"."""
    months: dict[str, list] = {}
    rows = (metrics.health_participants(org, period.start, period.end).order_by("check_batch__checked_on")
            .values_list("check_batch__kind", "check_batch__checked_on").distinct())
    for kind, day in rows:
        key = (day.year, day.month)
        found = months.setdefault(kind, [])
        if key not in found:
            found.append(key)
    one_year = period.start.year == period.end.year
    parts = []
    for kind, keys in months.items():
        people, times = f"care.health.{kind}.people", f"care.health.{kind}.participants"
        if not _present(figures, people):
            continue
        same = figures[people].current == (figures.get(times).current if figures.get(times) else None)
        when = "、".join(f"{m}月" if one_year else f"{y}年{m}月" for y, m in keys)
        parts.append(f"{when}份组织{metrics.CHECKED_WORDS[kind]}{{{people if same else times}}}")
    return "，".join(parts)


PHRASES = [
    Phrase("care.condolence.recipients", "走访慰问对象（按对象类别，如“在职会员…、退休职工…、困难职工…”）",
           visited_recipients),
    Phrase("care.campaign.kinds", "集中慰问活动的类别（如“元旦春节送温暖、端午、中秋”）", campaign_kinds),
    Phrase("care.health.batches", "各批次体检（如“4月份组织退休职工48人，7月份组织在职职工117人”）", health_batches),
]
