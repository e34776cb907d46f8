"""How rights (维权) appear in drafted documents: one section per kind of document joined from the parts' wording
(texts/<part>.py; every clause names its figure), and the points offered for 存在的问题 / 下一步工作打算: mediation
cases past their time limit and hazards not fixed by the period's end (counts only, never names: the document leaves
the union). See care/report_texts.py for the template language."""
from __future__ import annotations

from django.urls import reverse

from gonghui.reports.registry import Section, Suggestion

from .models import DisputeCase, DisputeState, Hazard, HazardState
from .texts import disputes, hazards, injuries, safety, women

PARTS = (disputes, hazards, women, injuries, safety)


def _join(kind: str) -> str:
    return "\n".join(getattr(part, kind).strip() for part in PARTS if getattr(part, kind).strip())


SECTIONS = [
    Section("summary", "抓好维权服务，切实维护职工合法权益", _join("SUMMARY")),
    Section("report", "依法维护职工合法权益", _join("REPORT")),
    Section("plan", "履行维权职责，构建和谐劳动关系", _join("PLAN")),
]
WATCH = [code for part in PARTS for code in part.WATCH]
PHRASES: list = []


def overdue_cases(org, period, figures) -> list[Suggestion]:
    """Cases accepted by the period's end and not closed within their time limit, as of that day."""
    end = period.end
    count = (DisputeCase.objects.filter(org__path__startswith=org.path, accepted_on__lte=end, due_on__lt=end)
             .exclude(closed_on__lte=end).exclude(state=DisputeState.REFUSED).count())
    if not count:
        return []
    url = reverse("rights:case_list") + "?overdue=1"
    return [
        Suggestion("problems", f"劳动争议调解时效意识还需加强，截至{{end}}仍有{count}起调解案件超过规定期限未结案。",
                   url=url),
        Suggestion("next", "严格执行劳动争议调解期限规定，对受理案件逐件跟踪，到期未能达成协议的及时告知当事人依法"
                           "申请仲裁。", url=url),
    ]


def unfixed_hazards(org, period, figures) -> list[Suggestion]:
    """Hazards reported by the period's end, neither fixed nor found untrue by then; those past a planned date."""
    end = period.end
    qs = (Hazard.objects.filter(org__path__startswith=org.path, reported_on__lte=end)
          .exclude(fixed_on__lte=end).exclude(unfounded_on__lte=end))
    count = qs.count()
    if not count:
        return []
    late = qs.filter(state=HazardState.PLANNED, due_on__lt=end).count()
    url = reverse("rights:hazard_list")
    text = f"部分安全隐患整改还不够及时，截至{{end}}尚有{count}条隐患信息未整改到位"
    text += f"，其中{late}条超过计划完成日期。" if late else "。"
    return [
        Suggestion("problems", text, url=url),
        Suggestion("next", "加强对隐患整改的跟踪督办，对逾期未整改的隐患逐条督促落实，做到件件有回音、事事有结果。",
                   url=url),
    ]


SUGGEST = [overdue_cases, unfixed_hazards]
