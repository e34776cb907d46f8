"""Figures for reports (DESIGN.md rule 5): the shape every work area declares its figures in.

A figure is declared once and computed for (organisation subtree, period); it can always list the records behind it.
The work areas declare their figures in their own `metrics.py` (or `metrics_registry.py`) and register them with
`gonghui.reports.registry`; nothing here knows any work area.

The shape of a metric
---------------------
    Metric(
        code="care.condolence.visits",       # stable id: "<app>.<area>.<figure>"
        label="慰问看望职工",                  # how a summary names it
        unit="人次",                          # one of UNITS
        counts="events",                     # events | people | households | sum | rate  (DOMAIN.md §3)
        source=condolences,                  # (org, start, end) -> QuerySet: the records behind the figure
        value=Count("pk"),                   # SQL aggregate over the source (not for rates)
        where=Q(...),                        # optional: narrows the source (both value and records)
        numerator=Q(...),                    # rates only: which source rows count above the line
        by={"month": by_month("visited_on")},  # optional breakdowns: name -> Breakdown(label, expression, labels)
        date_field="visited_on",             # which date the period applies to (documentation, UI "as of")
        stock=False,                         # True: a state on the period's last day (members, open files)
        org_field="org",                     # the record's union (subtree filter of the source; by_child groups on it)
        series=None,                         # stock figures, optional: (org, days) -> [value on each day] in one query
    )

    metric.compute(org, start, end)  -> int | Decimal | Rate | None   (None: no records, the figure is absent)
    metric.records(org, start, end)  -> QuerySet of the records behind the figure
    metric.breakdown(org, start, end, "month") -> [(key, label, value), ...]
    metric.by_child(org, start, end) -> [(org_path, name, value), ...]   one query for all child unions
    metric.compare(org, period)      -> Comparison (this period, the same period last year, the change)
    metric.on_days(org, days)        -> [value, ...]  a stock figure on many days (`series`: one query; else one a day)

`where` and `numerator` are a Q, or a function (org, start, end) -> Q when the condition depends on the period
(e.g. "retired by the period's last day", "a member on that day").

`Ratio(code, label, numerator=<Metric>, denominator=<Metric>)` is a rate between two figures with their own sources
(会费收缴率 = 实收 ÷ 应收, 借书率 = 借阅 ÷ 藏书); it has the same methods.

Counting rules shared by every area
-----------------------------------
- A period is inclusive at both ends, on the record's own date. A stock figure is the state on the period's last
  day (for a period not yet over, on today: see reports.periods.Period.elapsed).
- A figure with no records is None (absent), never 0 (DOMAIN.md §3). A rate with no denominator is absent; a rate
  with a denominator and nothing above the line is 0%.
- Everything is aggregated in SQL: compute() is one query, breakdown() one query, by_child() two (the figures and
  the names of the child unions); nothing loops over records in Python.

Many figures at once
--------------------
    compute_many(metrics, org, start, end) -> {code: value}
    compare_many(metrics, org, period)     -> {code: Comparison}
    by_child_many(metrics, org, start, end) -> {code: {child path: value}}   one query per source for all children
    compute_with_children(metrics, org, start, end) -> (compute_many's, by_child_many's)  sums taken from the children

A report needs every figure of every area, and many share their source (care declares 21 figures over disbursed
assistance). compute_many() asks for all the figures of one source in one query, each as a conditional aggregate
(`FILTER (WHERE …)` on PostgreSQL and SQLite): one scan of the records per source instead of one per figure. The
values are those compute() gives. A figure whose `where`, `numerator` or value follows a to-many relation (which
would repeat the rows for its neighbours in the query), or whose value is not a plain aggregate, is computed alone.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Aggregate, CharField, Count, F, Func, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth

if TYPE_CHECKING:
    from gonghui.orgs.models import Organization

Source = Callable[["Organization", datetime.date, datetime.date], QuerySet]
Condition = Q | Callable[["Organization", datetime.date, datetime.date], Q] | None

COUNTS = ("events", "people", "households", "sum", "rate")
# The units summaries use (DOMAIN.md §6). Money is always declared in 元; phrasing may write it in 万元.
UNITS = ("人", "名", "人次", "户", "次", "项", "件", "条", "篇", "场", "期", "册", "个", "家", "队", "份", "对", "起", "元",
         "%", "副", "小时")


@dataclass(frozen=True)
class Rate:
    """A rate that keeps its numerator and denominator (DOMAIN.md §3). Counts or money (会费 实收 ÷ 应收)."""

    numerator: int | Decimal
    denominator: int | Decimal

    @property
    def percent(self) -> Decimal | None:
        """Percent to one decimal place, half up (98.25 → 98.3); None without a denominator."""
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def __str__(self) -> str:
        return f"{self.percent}%（{self.numerator}/{self.denominator}）"


@dataclass(frozen=True)
class Breakdown:
    label: str
    expression: object  # a field name or an expression to group by
    labels: dict | None = None  # key -> Chinese label (choices); None: the key itself (months: "2025-03")
    value: object = None  # overrides the metric's aggregate (e.g. distinct files when grouping by a child row)

    def label_for(self, key) -> str:
        if isinstance(key, (datetime.date, datetime.datetime)):
            return f"{key:%Y-%m}"
        if self.labels is not None:
            return str(self.labels.get(key, key if key not in (None, "") else "未填"))
        return str(key)


class PeriodLike(Protocol):
    """What compare() needs of a period (gonghui.reports.periods.Period is one)."""

    start: datetime.date
    end: datetime.date

    def previous_year(self) -> "PeriodLike": ...


def value_number(value) -> Decimal | int | None:
    """The number a value stands for: counts and money as they are, a rate as its percent."""
    if isinstance(value, Rate):
        return value.percent
    return value


@dataclass(frozen=True)
class Comparison:
    """This period against the same period last year (同比).

    `change` is current − previous (for a rate: in percentage points, 个百分点); `change_percent` is the change
    relative to last year, in percent to one decimal place (not for rates: "提高2个百分点" is what reports say).
    Both are None when either year's figure is absent (no records is no figure, not zero), and `change_percent`
    also when last year's figure is zero.
    """

    current: object
    previous: object
    period: PeriodLike
    previous_period: PeriodLike

    @property
    def is_rate(self) -> bool:
        return isinstance(self.current, Rate) or isinstance(self.previous, Rate)

    @property
    def change(self) -> int | Decimal | None:
        now, before = value_number(self.current), value_number(self.previous)
        if now is None or before is None:
            return None
        return now - before

    @property
    def change_percent(self) -> Decimal | None:
        change = self.change
        before = value_number(self.previous)
        if change is None or self.is_rate or not before:
            return None
        return (Decimal(change) * 100 / Decimal(before)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def change_unit(self) -> str:
        return "个百分点" if self.is_rate else ""


class _Figure:
    """What every kind of figure offers on top of compute(): the comparison with last year."""

    def compute(self, org, start, end):  # pragma: no cover - implemented by subclasses
        raise NotImplementedError

    def compare(self, org: "Organization", period: PeriodLike) -> Comparison:
        """This period's figure, the same period last year's (同比) and the change: two compute() calls."""
        previous = period.previous_year()
        return Comparison(
            current=self.compute(org, period.start, period.end),
            previous=self.compute(org, previous.start, previous.end),
            period=period,
            previous_period=previous,
        )


def _condition(condition: Condition, org, start, end) -> Q | None:
    if condition is None or isinstance(condition, Q):
        return condition
    return condition(org, start, end)


def child_key(org: "Organization", org_field: str = "org") -> Substr:
    """The path of the child union of `org` that a record's union lies in (its own path for records of `org`)."""
    from gonghui.orgs.models import PATH_STEP

    return Substr(f"{org_field}__path", 1, len(org.path) + PATH_STEP)


def child_names(org: "Organization", keys) -> dict[str, str]:
    """{path: name} of the unions at these paths (child keys of `org`, its own path among them): one query."""
    from gonghui.orgs.models import Organization

    return dict(Organization.objects.filter(path__in=[k for k in keys if k]).values_list("path", "name"))


@dataclass(frozen=True)
class Metric(_Figure):
    code: str
    label: str
    unit: str
    counts: str
    source: Source
    value: object = None
    where: Condition = None
    numerator: Condition = None
    by: dict[str, Breakdown] = field(default_factory=dict)
    date_field: str = ""
    stock: bool = False
    note: str = ""
    org_field: str = "org"
    series: Callable | None = None  # stock figures: (org, days) -> [value on each day], in one query

    def __post_init__(self):
        if self.counts not in COUNTS:
            raise ValueError(f"{self.code}: counts must be one of {COUNTS}, not {self.counts!r}")
        if self.unit not in UNITS:
            raise ValueError(f"{self.code}: unit must be one of {UNITS}, not {self.unit!r}")
        if self.counts == "rate" and self.numerator is None:
            raise ValueError(f"{self.code}: a rate needs a numerator")
        if self.counts != "rate" and self.value is None:
            raise ValueError(f"{self.code}: needs a value (an SQL aggregate)")

    def records(self, org: "Organization", start: datetime.date, end: datetime.date,
                part: str = "denominator") -> QuerySet:
        """The records behind the figure; for a rate, part="numerator" gives those above the line only."""
        qs = self.source(org, start, end)
        where = _condition(self.where, org, start, end)
        qs = qs.filter(where) if where is not None else qs
        if part == "numerator" and self.counts == "rate":
            qs = qs.filter(_condition(self.numerator, org, start, end))
        return qs

    def _aggregates(self, org, start, end) -> dict:
        if self.counts == "rate":
            return {"n": Count("pk", filter=_condition(self.numerator, org, start, end)), "d": Count("pk")}
        return {"v": self.value, "rows": Count("pk")}

    def _result(self, row: dict):
        if self.counts == "rate":
            return Rate(row["n"], row["d"]) if row["d"] else None
        return row["v"] if row["rows"] else None

    def compute(self, org: "Organization", start: datetime.date, end: datetime.date):
        return self._result(self.records(org, start, end).order_by().aggregate(**self._aggregates(org, start, end)))

    def breakdown(self, org: "Organization", start: datetime.date, end: datetime.date, by: str) -> list[tuple]:
        spec = self.by[by]
        aggregates = self._aggregates(org, start, end)
        if spec.value is not None and self.counts != "rate":
            aggregates["v"] = spec.value
        rows = (self.records(org, start, end).order_by().annotate(_k=_expr(spec.expression)).values("_k")
                .annotate(**aggregates).order_by("_k"))
        return [(r["_k"], spec.label_for(r["_k"]), self._result(r)) for r in rows]

    def on_days(self, org: "Organization", days: list[datetime.date]) -> list:
        """A stock figure on each of many days (members at each month end): `series` in one query when the area
        declares it, else one compute() a day. Each value is what compute(org, day, day) gives."""
        if self.series is not None:
            return list(self.series(org, days))
        return [self.compute(org, day, day) for day in days]

    def _child_rows(self, org, start, end) -> list[tuple]:
        """[(child path, "", value)] in one query, children without records left out (see by_child)."""
        rows = (self.records(org, start, end).order_by().annotate(_k=child_key(org, self.org_field)).values("_k")
                .annotate(**self._aggregates(org, start, end)).order_by("_k"))
        return [(r["_k"], "", value) for r in rows if (value := self._result(r)) is not None]

    def by_child(self, org: "Organization", start: datetime.date, end: datetime.date) -> list[tuple]:
        """The figure for each child union of `org` (and `org`'s own records, keyed by its path) in one query:
        [(path, name, value), ...] in tree order. Children without records are left out (absent, not 0)."""
        rows = self._child_rows(org, start, end)
        names = child_names(org, [k for k, _, _ in rows])
        return [(k, names.get(k, org.name), value) for k, _, value in rows]


@dataclass(frozen=True)
class Ratio(_Figure):
    """A rate between two figures that have their own sources: numerator.compute() ÷ denominator.compute().

    Absent when the denominator is absent or zero; 0% when only the numerator is absent (nothing happened against
    a known base). records() lists the denominator's records unless part="numerator".
    """

    code: str
    label: str
    numerator: Metric
    denominator: Metric
    unit: str = "%"
    counts: str = "rate"
    note: str = ""
    stock: bool = False
    date_field: str = ""

    @property
    def by(self) -> dict[str, Breakdown]:
        return {k: v for k, v in self.denominator.by.items() if k in self.numerator.by}

    @staticmethod
    def _rate(n, d) -> Rate | None:
        if not d:
            return None
        return Rate(n or 0, d)

    def records(self, org, start, end, part: str = "denominator") -> QuerySet:
        return (self.numerator if part == "numerator" else self.denominator).records(org, start, end)

    def compute(self, org, start, end) -> Rate | None:
        d = self.denominator.compute(org, start, end)
        return self._rate(self.numerator.compute(org, start, end), d) if d else None

    def breakdown(self, org, start, end, by: str) -> list[tuple]:
        above = {k: v for k, _, v in self.numerator.breakdown(org, start, end, by)}
        return [(k, label, self._rate(above.get(k), d))
                for k, label, d in self.denominator.breakdown(org, start, end, by) if d]

    def by_child(self, org, start, end) -> list[tuple]:
        above = {k: v for k, _, v in self.numerator.by_child(org, start, end)}
        return [(k, name, self._rate(above.get(k), d)) for k, name, d in self.denominator.by_child(org, start, end)
                if d]


class YearMonth(Func):
    """"2025-03" from a date, natively on both databases (TruncMonth runs a Python function per row on SQLite)."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM')", **extra)

    def as_sql(self, compiler, connection, template=None, **extra):
        if template is None:  # other databases: Django's own truncation
            return TruncMonth(*self.source_expressions).as_sql(compiler, connection)
        return super().as_sql(compiler, connection, template=template, **extra)


def by_month(date_field: str) -> Breakdown:
    return Breakdown("按月", YearMonth(date_field))


def _expr(expression):
    return F(expression) if isinstance(expression, str) else expression


def subtree(qs: QuerySet, org: "Organization", field_name: str = "org") -> QuerySet:
    """Records whose union (`field_name`) is `org` or below it: one indexed prefix match on the path."""
    return qs.filter(**{f"{field_name}__path__startswith": org.path})


# ---------------------------------------------------------------------------------------------------------------
# Many figures at once
# ---------------------------------------------------------------------------------------------------------------


def _spans_many(model, lookup: str) -> bool:
    """Whether a lookup ("person__family__name", "causes__cause") follows a to-many relation from `model`."""
    for part in lookup.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a lookup ("gte", "isnull") or an annotation: the walk along fields is over
        if field.one_to_many or field.many_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def _lookups(node) -> Iterator[str]:
    """Field paths named by a Q or an expression (not inside subqueries, which do not join)."""
    if isinstance(node, Q):
        for child in node.children:
            if isinstance(child, tuple):
                yield child[0]
            else:
                yield from _lookups(child)
    elif isinstance(node, F):
        yield node.name
    elif hasattr(node, "get_source_expressions") and not getattr(node, "subquery", False):
        for expression in node.get_source_expressions():
            if expression is not None:
                yield from _lookups(expression)


def _with_filter(aggregate: Aggregate, condition: Q | None) -> Aggregate:
    """The aggregate, counting only rows that meet `condition` too. Built again from its constructor arguments
    (not copied and changed) so that its identity, by which equal aggregates are computed once, includes the
    condition."""
    if condition is None:
        return aggregate
    args, kwargs = aggregate._constructor_args
    own = kwargs.get("filter")
    return type(aggregate)(*args, **{**kwargs, "filter": condition if own is None else condition & own})


def _batch_aggregates(metric: Metric, index: int, model, org, start, end) -> dict | None:
    """The conditional aggregates that give `metric` inside a shared query, or None if it must run alone."""
    where = _condition(metric.where, org, start, end)
    parts = [where] if where is not None else []
    if metric.counts == "rate":
        numerator = _condition(metric.numerator, org, start, end)
        parts.append(numerator)
    elif not isinstance(metric.value, Aggregate):
        return None
    else:
        parts.append(metric.value)
    if any(_spans_many(model, lookup) for part in parts for lookup in _lookups(part)):
        return None
    rows = Count("pk", filter=where)
    if metric.counts == "rate":
        both = numerator if where is None else where & numerator
        return {f"n{index}": Count("pk", filter=both), f"d{index}": rows}
    return {f"v{index}": _with_filter(metric.value, where), f"r{index}": rows}


def _unique(aggregates: dict) -> tuple[dict, dict]:
    """The same aggregate asked twice (a figure's value and another's row count) is computed once."""
    unique, alias_of, seen = {}, {}, {}
    for name, aggregate in aggregates.items():
        try:
            alias = seen.setdefault(aggregate, name)  # expressions compare by their constructor arguments
        except TypeError:  # an expression that cannot be hashed (some subqueries): kept as it is
            alias = name
        if alias == name:
            unique[name] = aggregate
        alias_of[name] = alias
    return unique, alias_of


def _parts(metrics) -> list[Metric]:
    """The Metrics to compute for some figures: each Metric, and both sides of each Ratio; each once."""
    parts: dict[str, Metric] = {}
    for metric in metrics:
        for part in ([metric.numerator, metric.denominator] if isinstance(metric, Ratio) else [metric]):
            parts.setdefault(part.code, part)
    return list(parts.values())


def _grouped_values(parts: list[Metric], org, start, end, *, per_child: bool) -> dict[str, dict]:
    """{code: {key: value}} for Metrics, one query per shared source. The key is None (one value for the subtree),
    or with per_child the path of the child union of `org` (child_key); a child union without records has no key.
    A figure that cannot share its query (see _batch_aggregates) is computed alone."""
    values: dict[str, dict] = {}
    groups: dict[object, list[Metric]] = {}
    for metric in parts:
        groups.setdefault((metric.source, metric.org_field if per_child else None), []).append(metric)
    for (source, org_field), group in groups.items():
        qs = source(org, start, end).order_by()
        aggregates, batched = {}, []
        for metric in group:
            found = _batch_aggregates(metric, len(batched), qs.model, org, start, end) if len(group) > 1 else None
            if found is None:
                values[metric.code] = ({k: v for k, _, v in metric._child_rows(org, start, end)} if per_child
                                       else {None: metric.compute(org, start, end)})
            else:
                aggregates.update(found)
                batched.append(metric)
                values[metric.code] = {}
        if not batched:
            continue
        unique, alias_of = _unique(aggregates)
        if per_child:
            rows = qs.annotate(_k=child_key(org, org_field)).values("_k").annotate(**unique).order_by("_k")
        else:
            rows = [{**qs.aggregate(**unique), "_k": None}]
        for found in rows:
            row = {name: found[alias_of[name]] for name in aggregates}
            for index, metric in enumerate(batched):
                if metric.counts == "rate":
                    value = metric._result({"n": row[f"n{index}"], "d": row[f"d{index}"]})
                else:
                    value = metric._result({"v": row[f"v{index}"], "rows": row[f"r{index}"]})
                if value is not None or not per_child:
                    values[metric.code][found["_k"]] = value
    return values


def _with_ratios(metrics, values: dict[str, dict]) -> dict[str, dict]:
    """{code: {key: value}} for the figures asked for, Ratios computed key by key from their two sides."""
    out = {}
    for metric in metrics:
        if isinstance(metric, Ratio):
            above, below = values[metric.numerator.code], values[metric.denominator.code]
            out[metric.code] = {k: metric._rate(above.get(k), d) for k, d in below.items() if d}
        else:
            out[metric.code] = values[metric.code]
    return out


def compute_many(metrics, org: "Organization", start: datetime.date, end: datetime.date) -> dict[str, object]:
    """{code: value} for many figures, one query per shared source (see "Many figures at once")."""
    metrics = list(metrics)
    values = _with_ratios(metrics, _grouped_values(_parts(metrics), org, start, end, per_child=False))
    return {metric.code: values[metric.code].get(None) for metric in metrics}


def by_child_many(metrics, org: "Organization", start: datetime.date, end: datetime.date) -> dict[str, dict]:
    """{code: {child path: value}} for many figures and every child union of `org` at once (what
    Metric.by_child gives, without the names): one query per shared source and union field, whatever the
    number of child unions. `org`'s own records are keyed by its own path; children without records are left
    out (absent, not 0). Names: child_names(org, paths)."""
    metrics = list(metrics)
    return _with_ratios(metrics, _grouped_values(_parts(metrics), org, start, end, per_child=True))


def _adds_up(metric: Metric) -> bool:
    """Whether the figure for a subtree is the sum of the figures of its parts (a count of rows, a sum, a rate's
    two counts), so that it can be totalled from per-child rows. A distinct count is not: one person may have
    records in two child unions."""
    if metric.counts == "rate":
        return True
    if isinstance(metric.value, Count):
        return not metric.value.distinct
    return isinstance(metric.value, Sum)


def _total(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    if isinstance(values[0], Rate):
        d = sum(v.denominator for v in values)
        return Rate(sum(v.numerator for v in values), d) if d else None
    return sum(values)


def compute_with_children(metrics, org: "Organization", start: datetime.date,
                          end: datetime.date) -> tuple[dict[str, object], dict[str, dict]]:
    """compute_many() and by_child_many() at once, for a page that shows both (a dashboard with its table of
    child unions): the figures that add up across child unions are totalled from the per-child rows rather than
    scanned again; the others are computed as compute_many() does. Same values, one scan fewer per source."""
    metrics = list(metrics)
    parts = _parts(metrics)
    per_child = _grouped_values(parts, org, start, end, per_child=True)
    alone = [part for part in parts if not _adds_up(part)]
    totals = _grouped_values(alone, org, start, end, per_child=False) if alone else {}
    for part in parts:
        if _adds_up(part):
            totals[part.code] = {None: _total(per_child[part.code].values())}
    values = _with_ratios(metrics, totals)
    return {m.code: values[m.code].get(None) for m in metrics}, _with_ratios(metrics, per_child)


def compare_many(metrics, org: "Organization", period: PeriodLike) -> dict[str, Comparison]:
    """{code: Comparison} for many figures: compute_many() for the period and for the same period last year."""
    metrics = list(metrics)
    previous = period.previous_year()
    now = compute_many(metrics, org, period.start, period.end)
    before = compute_many(metrics, org, previous.start, previous.end)
    return {m.code: Comparison(now[m.code], before[m.code], period, previous) for m in metrics}
