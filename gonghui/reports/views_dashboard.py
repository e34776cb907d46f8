"""统计分析 pages: the dashboard of the current organisation and the records behind any figure.

    /reports/?period=2025[&org=ID]                                      reports:dashboard
    /reports/figures/<code>/?org=ID&period=KEY[&by=month&key=2025-03][&part=numerator]   reports:figure_records

The period comes as a key (periods.parse: 2025, 2025H1, 2025Q3, 2025-03, 2025-03-01..2025-06-30) or from the
picker's fields (y, p, start, end); by default this year to date (Period.elapsed), compared with last year over the
same days. The organisation is the switcher's (request.current_org) unless ?org= names another one in scope.
Outside the user's scope — for the dashboard Perm.REPORT_VIEW, for records the area's records_perm — 404.
Computation lives in reports/dashboard.py; the views only read the request and render.
"""
from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.timezone import localdate

from gonghui.accounts.scope import Perm, can_on_org, is_member_only, orgs_in_scope
from gonghui.orgs.models import Organization

from . import dashboard as board
from . import registry
from .periods import QUARTERS, Period, PeriodError, parse

PAGE_SIZE = 50
NOT_FOUND = "未找到该页面"
# The picker's choices of a part of the year: (value, label).
PARTS = ([("", "全年"), ("H1", "上半年"), ("H2", "下半年")]
         + [(f"Q{q}", f"第{QUARTERS[q - 1]}季度") for q in range(1, 5)]
         + [(f"M{m}", f"{m}月") for m in range(1, 13)])


def chosen_period(params, today: datetime.date) -> Period:
    """The period the request asks for, cut at today if it is not over; PeriodError (Chinese) if unreadable."""
    if params.get("start") or params.get("end"):
        start, end = params.get("start", ""), params.get("end", "")
        if not (start and end):
            raise PeriodError("自定义期间请同时填写起始日期和结束日期。")
        period = parse(f"{start}..{end}")
    elif params.get("y"):
        year, part = params["y"], params.get("p", "")
        if not year.isdigit():
            raise PeriodError(f"年份“{year}”不正确。")
        if part not in dict(PARTS):
            raise PeriodError(f"无法识别的统计期间“{part}”。")
        period = parse(f"{year}-{part[1:]}" if part.startswith("M") else f"{year}{part}")
    elif params.get("period"):
        period = parse(params["period"])
    else:
        period = Period.year(today.year)
    if period.end > today:
        period = period.elapsed(today)  # PeriodError if it has not begun
    return period


def _org(request, perm: str) -> Organization:
    """?org= (an organisation in the user's scope for `perm`) or the switcher's; 404 outside scope."""
    if is_member_only(request.user):
        raise Http404(NOT_FOUND)
    raw = request.GET.get("org")
    if raw:
        if not raw.isdigit():
            raise Http404(NOT_FOUND)
        return get_object_or_404(orgs_in_scope(request.user, perm), pk=int(raw))
    org = request.current_org
    if org is None or not can_on_org(request.user, perm, org):
        raise Http404(NOT_FOUND)
    return org


def _period_or_error(request, today):
    try:
        return chosen_period(request.GET, today), ""
    except PeriodError as exc:
        return chosen_period({}, today), str(exc)


@login_required
def dashboard(request):
    org = _org(request, Perm.REPORT_VIEW)
    today = localdate()
    period, error = _period_or_error(request, today)
    result = board.build(request.user, org, period)
    last_year = Period.year(today.year - 1)
    return render(request, "reports/dashboard.html", {
        "title": "统计分析",
        "board": result,
        "error": error,
        "charts": [chart.to_dict() for area in result.areas for chart in area.charts],
        "years": list(range(today.year, today.year - 6, -1)),
        "parts": PARTS,
        "picked": {"y": str(period.start.year), "p": _part_of(period), "start": request.GET.get("start", ""),
                   "end": request.GET.get("end", "")},
        "shortcuts": [("今年", board.period_param(Period.year(today.year).elapsed(today))),
                      ("去年", last_year.key),
                      ("去年同期", Period.year(today.year).elapsed(today).previous_year().key)],
        "current_key": board.period_param(period),
    })


def _part_of(period: Period) -> str:
    """The picker's part of the year for a period ("H1", "Q3", "M3"; "" for a year or a range)."""
    if period.kind in ("half", "quarter"):
        return board.period_param(period)[4:]
    return f"M{period.start.month}" if period.kind == "month" else ""


@login_required
def figure_records(request, code: str):
    if code not in registry.default:
        raise Http404(NOT_FOUND)
    metric = registry.get(code)
    area = registry.area_of(code)
    org = _org(request, board.records_perm(area))
    today = localdate()
    try:
        period = chosen_period(request.GET, today)
    except PeriodError as exc:
        return render(request, "reports/figure_error.html", {"title": metric.label, "error": str(exc)}, status=400)
    by = request.GET.get("by", "")
    if by and by not in metric.by:
        raise Http404(NOT_FOUND)
    parts = board.parts_of(metric)
    part = request.GET.get("part", parts[-1] if parts != [""] else "")
    if part not in parts:
        raise Http404(NOT_FOUND)
    with board.analytic_queries():
        result = board.records(metric, org, period, by=by, key=request.GET.get("key") if by else None, part=part)
        page = Paginator(result.queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = board.rows(result, page.object_list, person_links=board.can_see_people(request.user, org))
    query = request.GET.copy()
    query.pop("page", None)
    tabs = [(p, board.PARTS[p], board.records_url(code, org, period, by=by, key=request.GET.get("key"), part=p))
            for p in parts if p]
    return render(request, "reports/figure_records.html", {
        "title": f"{metric.label}（{metric.unit}）",
        "metric": metric,
        "area": area,
        "org": org,
        "period": period,
        "result": result,
        "value_text": board.display(result.value, metric.unit),
        "page": page,
        "rows": rows,
        "pager_params": f"{query.urlencode()}&",
        "tabs": tabs,
        "dashboard_url": board.dashboard_url(org, period),
    })
