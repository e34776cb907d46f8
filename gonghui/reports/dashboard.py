"""The 统计 dashboard and the records behind any figure (issue 4), computed for (user, organisation, period).

    build(user, org, period) -> Dashboard
        areas     the work areas the user may see (registry Area.figures_perm on `org`), each with
                  cards     its key figures (Area.key) with 同比, for every area at once: one query per shared
                            source and year (key_figures: compute_many for last year; for this year
                            compute_with_children when there is a table of child unions)
                  charts    its charts (Area.charts): a breakdown per series (one query each), or for
                            over_time="month" a stock figure at each month end (Metric.on_days: one query)
        children  for an organisation with child unions: every key figure for each child side by side, from
                  the same per-child queries that total this year's figures (no query per union)
    All in one read transaction, on PostgreSQL without JIT (analytic_queries).

    records(metric, org, period, by=, key=, part=) -> Records   the records behind a figure (or a chart element)

Nothing here knows a work area: everything comes from the registry (what each area declared with register() and
describe()), so a new area shows up on the dashboard without a change here. Every figure and chart element carries
the address of its records (records_url); the records page answers only inside the user's scope for the area's
records_perm. A figure with no records is absent ("—"), never 0.
"""
from __future__ import annotations

import datetime
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from gonghui.accounts.scope import Perm, can_on_org
from gonghui.core.formatting import percent_number, percent_text
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.metrics import (
    Breakdown,
    Comparison,
    Metric,
    Rate,
    Ratio,
    compare_many,
    compute_many,
    compute_with_children,
    value_number,
)

from . import phrasing, registry
from .periods import Period

NO_FIGURE = "—"
ID_LIKE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
PHONE_LIKE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


# ---------------------------------------------------------------------------------------------------------------
# Words and addresses
# ---------------------------------------------------------------------------------------------------------------

def display(value, unit: str) -> str:
    """The exact phrase of a figure ("2,618人", "132,400元", "98.5%"); "—" when absent; a real zero as "0人"."""
    if value is None:
        return NO_FIGURE
    if isinstance(value, Rate):
        return percent_text(value)  # one format for every rate on the page: "97.0%" beside "95.9%"
    phrase = phrasing.exact(value, unit)
    return phrase.text if phrase is not None else f"0{unit}"


def period_param(period: Period) -> str:
    """The key that reads back (periods.parse, then elapsed(today)) to this period: a period cut at today by
    elapsed() is written whole ("2026"), so that the records page says "2026年（截至…）" as the dashboard does."""
    if period.partial and period.full_end is not None:
        return replace(period, end=period.full_end, partial=False, full_end=None).key
    return period.key


def records_url(code: str, org, period: Period, *, by: str = "", key=None, part: str = "") -> str:
    params = {"org": org if isinstance(org, int) else org.pk, "period": period_param(period)}
    if by:
        params.update(by=by, key=_key_param(key))
    if part:
        params["part"] = part
    return f"{reverse('reports:figure_records', args=[code])}?{urlencode(params)}"


def dashboard_url(org, period: Period) -> str:
    params = {"org": org if isinstance(org, int) else org.pk, "period": period_param(period)}
    return f"{reverse('reports:dashboard')}?{urlencode(params)}"


def _key_param(key) -> str:
    if key is None:
        return ""
    if isinstance(key, (datetime.date, datetime.datetime)):
        return f"{key:%Y-%m}"
    return str(key)


def records_perm(area) -> str:
    return area.records_perm or area.figures_perm


# ---------------------------------------------------------------------------------------------------------------
# The dashboard
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class Card:
    """A key figure: this period's value, last year's and the change (同比)."""

    code: str
    label: str
    unit: str
    comparison: Comparison
    text: str
    previous_text: str
    direction: str
    change: str
    url: str = ""
    note: str = ""

    @property
    def detail(self) -> str:
        """A rate's numerator and denominator ("在职会员 49 ÷ 在职职工 50" is the note; here "49/50")."""
        value = self.comparison.current
        return f"{value.numerator}/{value.denominator}" if isinstance(value, Rate) else ""


@dataclass
class Series:
    code: str
    name: str
    unit: str
    data: list  # numbers as strings (Decimal kept exact), None where absent
    urls: list[str]


@dataclass
class Chart:
    code: str
    title: str
    kind: str  # bar | line | pie
    categories: list[str]
    series: list[Series]

    @property
    def empty(self) -> bool:
        return not any(v is not None for s in self.series for v in s.data)

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "kind": self.kind, "categories": self.categories,
                "series": [{"code": s.code, "name": s.name, "unit": s.unit, "data": s.data, "urls": s.urls}
                           for s in self.series]}


@dataclass
class AreaBoard:
    code: str
    label: str
    cards: list[Card] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    can_open_records: bool = False


@dataclass
class ChildRow:
    org_id: int
    name: str
    own: bool  # the organisation's own records (本级), not a child union's
    cells: list[tuple[str, str]]  # (text, records url)
    dashboard_url: str = ""


@dataclass
class ChildTable:
    columns: list[tuple[str, str, str]]  # (code, label, unit)
    rows: list[ChildRow]


@dataclass
class Dashboard:
    org: object
    period: Period
    previous: Period
    areas: list[AreaBoard]
    children: ChildTable | None


def visible_areas(user, org) -> list:
    """The registry's areas whose figures the user may see on `org`, in report order."""
    return [area for area in registry.by_area()
            if (area.key or area.charts) and can_on_org(user, area.figures_perm, org)]


@contextmanager
def analytic_queries():
    """The dashboard's queries in one read transaction; on PostgreSQL without JIT compilation (SET LOCAL: for this
    transaction only). Each query is one scan of up to millions of rows, and JIT spends longer compiling it than
    it saves: bench/dashboard.py, 1,000,000 members, 7.4 s with JIT and 5.3 s without."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def child_orgs(org) -> list[tuple]:
    """[(pk, path, name, status)] of the organisation's direct children, in tree order (one query)."""
    from gonghui.orgs.models import Organization

    return list(Organization.objects.filter(parent=org).order_by("path").values_list("pk", "path", "name", "status"))


def key_figures(metrics, org, period: Period, *, children: bool) -> tuple[dict[str, Comparison], dict | None]:
    """({code: Comparison}, {code: {child path: value}} or None): this period's figures (with, for an organisation
    with child unions, each child's, totalled from them where they add up: compute_with_children) and the same
    period last year's. One query per source and year, whatever the number of child unions."""
    if not children:
        return compare_many(metrics, org, period), None
    previous = period.previous_year()
    now, per_child = compute_with_children(metrics, org, period.start, period.end)
    before = compute_many(metrics, org, previous.start, previous.end)
    return {m.code: Comparison(now[m.code], before[m.code], period, previous) for m in metrics}, per_child


def build(user, org, period: Period, *, children: bool = True) -> Dashboard:
    areas = visible_areas(user, org)
    metrics = [registry.get(code) for area in areas for code in area.key]
    with analytic_queries():
        kids = child_orgs(org) if children else []
        comparisons, per_child = key_figures(metrics, org, period, children=bool(kids))
        boards = []
        for area in areas:
            linked = can_on_org(user, records_perm(area), org)
            board = AreaBoard(area.code, area.label, can_open_records=linked)
            for code in area.key:
                board.cards.append(_card(registry.get(code), comparisons[code], org, period, linked))
            board.charts = [chart for spec in area.charts
                            if (chart := chart_data(spec, org, period, linked)) is not None]
            boards.append(board)
    table = child_table(user, org, period, metrics, kids, per_child) if kids else None
    return Dashboard(org, period, period.previous_year(), boards, table)


def _card(metric, comparison: Comparison, org, period: Period, linked: bool) -> Card:
    direction, change = change_text(comparison, metric.unit)
    url = records_url(metric.code, org, period) if linked and comparison.current is not None else ""
    return Card(metric.code, metric.label, metric.unit, comparison, display(comparison.current, metric.unit),
                display(comparison.previous, metric.unit), direction, change, url, metric.note)


def change_text(comparison: Comparison, unit: str) -> tuple[str, str]:
    """(direction, words) of the change on last year: ("up", "↑12.5%"), ("down", "↓2.1个百分点"), ("flat", "持平"),
    ("", "") when either year has no figure. A change on a zero last year gives the difference ("↑12人")."""
    change = comparison.change
    if change is None:
        return "", ""
    if change == 0:
        return "flat", "持平"
    direction, arrow = ("up", "↑") if change > 0 else ("down", "↓")
    if comparison.is_rate:
        return direction, f"{arrow}{percent_number(abs(change))}个百分点"
    if comparison.change_percent is not None:
        return direction, f"{arrow}{percent_text(abs(comparison.change_percent))}"
    return direction, f"{arrow}{display(abs(change), unit)}"


def _number(value) -> str | None:
    """A chart value: the number as text (money stays exact), a rate as its percent, None where absent."""
    number = value_number(value)
    return None if number is None else str(number)


def chart_data(spec, org, period: Period, linked: bool) -> Chart | None:
    """A chart of the dashboard (registry ChartSpec) for the subtree and period; None if no series applies."""
    metrics = [registry.get(code) for code in spec.metrics]
    if spec.over_time == "month":
        return _over_time(spec, metrics, org, period, linked)
    metrics = [m for m in metrics if spec.by in m.by]
    if not metrics:
        return None
    found = [(m, m.breakdown(org, period.start, period.end, spec.by)) for m in metrics]
    keys, labels = _categories(metrics[0].by[spec.by], found, period)
    series = []
    for metric, rows in found:
        values = {_key_param(k): v for k, _, v in rows}
        series.append(Series(metric.code, metric.label, metric.unit, [_number(values.get(k)) for k in keys],
                             [records_url(metric.code, org, period, by=spec.by, key=k)
                              if linked and values.get(k) is not None else "" for k in keys]))
    return Chart(spec.code, spec.title, spec.kind, labels, series)


def _categories(spec: Breakdown, found, period: Period) -> tuple[list[str], list[str]]:
    """(keys, labels) of a chart's categories: every month of the period for a month breakdown (an axis without
    holes), else the keys the series have, in the order of the breakdown's choices."""
    present = {_key_param(k): label for _, rows in found for k, label, _ in rows}
    if spec.labels is None and all(re.fullmatch(r"\d{4}-\d{2}", k) for k in present):
        keys = [f"{m.start:%Y-%m}" for m in period.months()]
        return keys, keys
    order = list(spec.labels or {})
    keys = sorted(present, key=lambda k: (order.index(k) if k in order else len(order), k))
    return keys, [present[k] for k in keys]


def _over_time(spec, metrics, org, period: Period, linked: bool) -> Chart:
    """Each figure at each month end of the period (stock) or over each month (flow)."""
    months = period.months()
    series = []
    for metric in metrics:
        if getattr(metric, "stock", False) and isinstance(metric, Metric):
            values = metric.on_days(org, [m.end for m in months])  # one query when the area declares `series`
        elif "month" in metric.by:  # a flow by month: its month breakdown, one query
            by_month = {_key_param(k): v for k, _, v in metric.breakdown(org, period.start, period.end, "month")}
            values = [by_month.get(f"{m.start:%Y-%m}") for m in months]
        else:
            values = [metric.compute(org, m.start, m.end) for m in months]
        series.append(Series(metric.code, metric.label, metric.unit, [_number(v) for v in values],
                             [records_url(metric.code, org, m) if linked and v is not None else ""
                              for m, v in zip(months, values)]))
    return Chart(spec.code, spec.title, spec.kind, [f"{m.start:%Y-%m}" for m in months], series)


def child_table(user, org, period: Period, metrics, kids, values: dict[str, dict]) -> ChildTable:
    """Every key figure for each child union of `org` (and its own records, 本级) side by side; `values` from
    key_figures(). Closed child unions show only when they have records in the period."""
    from gonghui.orgs.models import Organization

    linked = {m.code: can_on_org(user, records_perm(registry.area_of(m.code)), org) for m in metrics}
    with_data = {path for by_path in values.values() for path in by_path}
    own = [(org.pk, org.path, org.name, True)] if org.path in with_data else []
    rows = []
    for pk, path, name, is_own in own + [(pk, path, name, False) for pk, path, name, status in kids
                                         if status == Organization.Status.ACTIVE or path in with_data]:
        cells = []
        for metric in metrics:
            value = values[metric.code].get(path)
            url = records_url(metric.code, pk, period) if linked[metric.code] and value is not None else ""
            cells.append((display(value, metric.unit), url))
        rows.append(ChildRow(pk, "本级" if is_own else name, is_own, cells, "" if is_own else dashboard_url(pk, period)))
    return ChildTable([(m.code, m.label, m.unit) for m in metrics], rows)


# ---------------------------------------------------------------------------------------------------------------
# The records behind a figure
# ---------------------------------------------------------------------------------------------------------------

PARTS = {"numerator": "分子", "denominator": "分母"}


@dataclass
class Column:
    label: str
    kind: str  # record | person | date | org | amount


@dataclass
class Records:
    metric: object
    part: str  # "" | numerator | denominator (rates: the records above and below the line)
    queryset: QuerySet
    columns: list[Column]
    value: object  # the figure (or the breakdown element's value) these records give
    breakdown_label: str = ""


def _field_at(model, path: str):
    """The model field a lookup path ("check_batch__checked_on") ends on, or None."""
    found = None
    for part in path.split("__"):
        try:
            found = model._meta.get_field(part)
        except Exception:  # noqa: BLE001 - an annotation or a lookup: no field to describe
            return None
        if found.is_relation and found.related_model is not None:
            model = found.related_model
    return found


def _summed_field(metric) -> str:
    """The field a sum figure adds up ("amount"), to show beside each record."""
    if getattr(metric, "counts", "") != "sum":
        return ""
    expressions = list(metric.value.get_source_expressions())
    while expressions:
        expression = expressions.pop(0)
        if isinstance(expression, F):
            return expression.name
        expressions.extend(e for e in expression.get_source_expressions() if e is not None)
    return ""


def part_metric(metric, part: str):
    """The Metric whose records and breakdowns a part of a figure uses (a Ratio's two sides)."""
    if isinstance(metric, Ratio):
        return metric.numerator if part == "numerator" else metric.denominator
    return metric


def parts_of(metric) -> list[str]:
    """A rate lists the records above the line (分子) and all of them (分母); other figures one list."""
    return ["numerator", "denominator"] if metric.counts == "rate" else [""]


def records(metric, org, period: Period, *, by: str = "", key: str | None = None, part: str = "") -> Records:
    """The records behind a figure for (org subtree, period), narrowed to one element of a breakdown if `by` is
    given, ordered newest first, with the related rows their names need (no query per row)."""
    source = part_metric(metric, part)
    qs = metric.records(org, period.start, period.end, part=part or "denominator")
    label = ""
    value = None
    if by:
        spec = source.by[by]
        qs = _narrow(qs, spec, key)
        label = f"{spec.label}：{spec.label_for(key) if key else '未填'}"
        value = next((v for k, _, v in metric.breakdown(org, period.start, period.end, by)
                      if _key_param(k) == (key or "")), None)
    else:
        value = metric.compute(org, period.start, period.end)
    model = qs.model
    columns = [Column("记录", "record")]
    annotations = {}
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]
    if "person" in relations and model._meta.get_field("person").related_model is not model:
        columns.append(Column("人员", "person"))
    date_field = getattr(source, "date_field", "")
    found = _field_at(model, date_field) if date_field else None
    if found is None:  # the declared date is documentation only (入会率 lists people, dated by their membership)
        date_field = ""
    else:
        columns.append(Column(str(found.verbose_name), "date"))
        annotations["_date"] = F(date_field)
    org_field = getattr(source, "org_field", "org")
    annotations["_org_name"] = F(f"{org_field}__name")
    columns.append(Column("工会", "org"))
    summed = _summed_field(source)
    if summed:
        found = _field_at(model, summed)
        columns.append(Column(str(found.verbose_name) if found is not None else "金额", "amount"))
        annotations["_amount"] = F(summed)
    order = [F("_date").desc(nulls_last=True)] if date_field else []
    qs = qs.select_related(*relations).annotate(**annotations).order_by(*order, "-pk")
    return Records(metric, part, qs, columns, value, label)


def _narrow(qs: QuerySet, spec: Breakdown, key: str | None) -> QuerySet:
    """The records of one element of a breakdown (key "" is the element of records with nothing filled in)."""
    expression = F(spec.expression) if isinstance(spec.expression, str) else spec.expression
    qs = qs.annotate(_bk=expression)
    if key:
        return qs.filter(_bk=key)
    empty = Q(_bk__isnull=True)
    output = qs.query.annotations["_bk"].output_field
    if output.get_internal_type() in ("CharField", "TextField"):
        empty |= Q(_bk="")
    return qs.filter(empty)


def safe_text(text: str) -> str:
    """A record's name with anything that looks like an ID number or a mobile number masked."""
    text = ID_LIKE.sub(lambda m: mask_id_number(m.group(0)), str(text))
    return PHONE_LIKE.sub(lambda m: mask_phone(m.group(0)), text)


def _detail_url(model):
    """obj -> the address of a record's own page: get_absolute_url(), or the app's "<model>_detail" page when it
    has one (care:condolence_detail); "" when neither exists. That page checks its own permission."""
    if hasattr(model, "get_absolute_url"):
        return lambda obj: obj.get_absolute_url()
    name = f"{model._meta.app_label}:{model._meta.model_name}_detail"
    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return lambda obj: ""
    return lambda obj: reverse(name, args=[obj.pk])


def rows(result: Records, objects, *, person_links: bool) -> list[list[tuple[str, str]]]:
    """The cells of a page of records: (text, link) per column, sensitive values never shown."""
    out = []
    detail_url = _detail_url(result.queryset.model)
    for obj in objects:
        cells = []
        for column in result.columns:
            if column.kind == "record":
                cells.append((safe_text(obj), detail_url(obj)))
            elif column.kind == "person":
                person = obj.person
                url = person.get_absolute_url() if person_links and person is not None else ""
                cells.append((safe_text(person.name) if person is not None else "", url))
            elif column.kind == "date":
                day = obj._date
                cells.append((f"{day:%Y-%m-%d}" if day else "", ""))
            elif column.kind == "org":
                cells.append((obj._org_name or "", ""))
            elif column.kind == "amount":
                amount = obj._amount
                cells.append((display(amount, "元") if amount is not None else "", ""))
        out.append(cells)
    return out


def can_see_people(user, org) -> bool:
    return can_on_org(user, Perm.PERSON_VIEW, org)
