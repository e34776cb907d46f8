"""Collective contracts in the 民主管理 section, as the samples write it ("推行平等协商、集体合同制度，维护职工合法
权益… 续签了综合性集体合同和工资专项集体合同…"). Every clause names its figure; the kinds signed are a phrase drawn
from the records ({democracy.contracts.signed_kinds}); contracts about to expire feed 存在的问题 and 下一步."""
from __future__ import annotations

from django.urls import reverse

from gonghui.reports.registry import Phrase, Suggestion

from ..models import CollectiveContract, ContractKind

SUMMARY = """
# 推行平等协商、集体合同制度，维护职工合法权益
{democracy.contracts.signed|if}坚持推行平等协商、集体合同制度，{period}{democracy.contracts.signed_kinds}，共签订集体合同{democracy.contracts.signed}。
{democracy.contracts.in_force|if}截至{end}，生效的集体合同{democracy.contracts.in_force}，覆盖职工{democracy.contracts.covered}。
{democracy.contracts.checks|if}认真开展集体合同履约检查{democracy.contracts.checks}，发现问题{democracy.contracts.problems}，已整改{democracy.contracts.rectified}，{democracy.contracts.checks|if}确保合同条款落到实处。
{democracy.contracts.rate|if}所属基层工会综合性集体合同签订率{democracy.contracts.rate}，工资专项集体合同签订率{democracy.contracts.rate_wage}，女职工权益保护专项集体合同签订率{democracy.contracts.rate_women}。
"""
REPORT = """
{democracy.contracts.signed|if}推行平等协商、集体合同制度，{period}{democracy.contracts.signed_kinds}，共签订集体合同{democracy.contracts.signed}；{democracy.contracts.in_force|if}期末生效的集体合同{democracy.contracts.in_force}。
{democracy.contracts.checks|if}开展集体合同履约检查{democracy.contracts.checks}。
{democracy.contracts.rate|if}所属基层工会综合性集体合同签订率{democracy.contracts.rate}，工资专项集体合同签订率{democracy.contracts.rate_wage}。
"""
PLAN = """
{democracy.contracts.in_force|if}深入推进平等协商和集体合同制度，做好集体合同到期续签和履约检查，{democracy.contracts.rate|if}所属基层工会综合性集体合同签订率保持在{democracy.contracts.rate|target}以上。
"""

#: How a summary names each kind in a list ("综合性集体合同和工资专项集体合同").
KIND_WORDS = dict(ContractKind.choices)


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return "、".join(names[:-1]) + "和" + names[-1]


def signed_kinds(org, period, figures) -> str:
    """"续签了综合性集体合同和工资专项集体合同，新签订了女职工权益保护专项集体合同": the kinds signed in the period,
    renewals first, in the order of the kinds."""
    from ..metrics.contracts import contracts_signed

    comparison = figures.get("democracy.contracts.signed")
    if comparison is None or not comparison.current:
        return ""
    rows = set(contracts_signed(org, period.start, period.end).values_list("kind", "previous_id"))
    order = list(ContractKind.values)
    renewed = [KIND_WORDS[k] for k in order if any(kind == k and prev for kind, prev in rows)]
    new = [KIND_WORDS[k] for k in order if any(kind == k and not prev for kind, prev in rows)
           and KIND_WORDS[k] not in renewed]
    parts = []
    if renewed:
        parts.append(f"续签了{_join(renewed)}")
    if new:
        parts.append(f"新签订了{_join(new)}")
    return "，".join(parts)


PHRASES = [Phrase("democracy.contracts.signed_kinds", "签订的集体合同类别（如“续签了综合性集体合同和工资专项集体合同”）",
                  signed_kinds)]


def contracts_expiring(org, period, figures) -> list[Suggestion]:
    """Contracts in force at the period's end that expire within 90 days and are not renewed (存在的问题, 下一步)."""
    from ..metrics.contracts import expiring_on

    rows = list(expiring_on(org, period.end).order_by("ends_on").values_list("kind", "ends_on"))
    if not rows:
        return []
    kinds = _join(list(dict.fromkeys(KIND_WORDS[k] for k, _ in rows)))
    first = rows[0][1]
    url = reverse("democracy:contracts_list") + "?state=expiring"
    return [
        Suggestion("problems", f"集体合同续签工作需抓紧推进，{kinds}将于{first.year}年{first.month}月{first.day}日起陆续"
                               f"到期，截至{{end}}尚有{len(rows)}份未完成续签。", url=url),
        Suggestion("next", "及早启动集体协商，做好到期集体合同的续签工作，续签合同草案提交职代会审议通过后签订，并在"
                           "签订后10日内报送劳动保障行政部门审查。", url=url),
    ]


def filing_late(org, period, figures) -> list[Suggestion]:
    """Contracts signed in the period and not submitted within 10 days (or not at all by the period's end)."""
    import datetime

    from ..metrics.contracts import contracts_signed

    late = 0
    for signed_on, submitted_on in contracts_signed(org, period.start, period.end).filter(
            status__in=[CollectiveContract.Status.SIGNED, CollectiveContract.Status.FILED,
                        CollectiveContract.Status.IN_FORCE, CollectiveContract.Status.RENEWED]
    ).values_list("signed_on", "submitted_on"):
        due = signed_on + datetime.timedelta(days=10)
        if (submitted_on or period.end + datetime.timedelta(days=1)) > due and due < period.end:
            late += 1
    if not late:
        return []
    return [Suggestion("problems", f"集体合同审查备案不够及时，{late}份集体合同未在签订后10日内报送劳动保障行政部门。",
                       url=reverse("democracy:contracts_list") + "?state=filing_overdue")]


SUGGEST = [contracts_expiring, filing_late]
WATCH = ["democracy.contracts.rate"]
