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
    )

    metric.compute(org, start, end)  -> int | Decimal | Rate | None   (None: no records, the figure is absent)
    metric.records(org, start, end)  -> QuerySet of the records behind the figure
    metric.breakdown(org, start, end, "month") -> [(key, label, value), ...]
    metric.by_child(org, start, end) -> [(org_path, name, value), ...]   one query for all child unions
    metric.compare(org, period)      -> Comparison (this period, the same period last year, the change)

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
from django.db.models import Aggregate, CharField, Count, F, Func, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth

if TYPE_CHECKING:
    from gonghui.orgs.models import Organization

Source = Callable[["Organization", datetime.date, datetime.date], QuerySet]
Condition = Q | Callable[["Organization", datetime.date, datetime.date], Q] | None

COUNTS = ("events", "people", "households", "sum", "rate")
# The units summaries use (DOMAIN.md §6). Money is always declared in 元; phrasing may write it in 万元.
UNITS = ("人", "名", "人次", "户", "次", "项", "件", "条", "篇", "场", "期", "册", "个", "家", "队", "元", "%")


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


def _child_names(org: "Organization", keys) -> dict[str, str]:
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

    def __post_init__(self):
        if self.counts not in COUNTS:
            raise ValueError(f"{self.code}: counts must be one of {COUNTS}, not {self.counts!r}")
        if self.unit not in UNITS:
            raise ValueError(f"{self.code}: unit must be one of {UNITS}, not {self.unit!r}")
        if self.counts == "rate" and self.numerator is None:
            raise ValueError(f"{self.code}: a rate needs a numerator")
        if self.counts != "rate" and self.value is None:
            raise ValueError(f"{self.code}: needs a value (an SQL aggregate)")

    def records(self, org: "Organization", start: datetime.date, end: datetime.date) -> QuerySet:
        qs = self.source(org, start, end)
        where = _condition(self.where, org, start, end)
        return qs.filter(where) if where is not None else qs

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

    def by_child(self, org: "Organization", start: datetime.date, end: datetime.date) -> list[tuple]:
        """The figure for each child union of `org` (and `org`'s own records, keyed by its path) in one query:
        [(path, name, value), ...] in tree order. Children without records are left out (absent, not 0)."""
        rows = (self.records(org, start, end).order_by().annotate(_k=child_key(org, self.org_field)).values("_k")
                .annotate(**self._aggregates(org, start, end)).order_by("_k"))
        rows = list(rows)
        names = _child_names(org, [r["_k"] for r in rows])
        return [(r["_k"], names.get(r["_k"], org.name), self._result(r)) for r in rows]


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


def compute_many(metrics, org: "Organization", start: datetime.date, end: datetime.date) -> dict[str, object]:
    """{code: value} for many figures, one query per shared source (see "Many figures at once")."""
    metrics = list(metrics)
    parts: list[Metric] = []
    for metric in metrics:
        parts.extend([metric.numerator, metric.denominator] if isinstance(metric, Ratio) else [metric])
    values: dict[str, object] = {}
    groups: dict[object, list[Metric]] = {}
    for metric in parts:
        if metric.code not in values:
            values[metric.code] = None
            groups.setdefault(metric.source, []).append(metric)
    for source, group in groups.items():
        qs = source(org, start, end).order_by()
        aggregates, batched = {}, []
        for metric in group:
            found = _batch_aggregates(metric, len(batched), qs.model, org, start, end) if len(group) > 1 else None
            if found is None:
                values[metric.code] = metric.compute(org, start, end)
            else:
                aggregates.update(found)
                batched.append(metric)
        if batched:
            unique, alias_of = _unique(aggregates)
            row = qs.aggregate(**unique)
            row = {name: row[alias_of[name]] for name in aggregates}
            for index, metric in enumerate(batched):
                if metric.counts == "rate":
                    values[metric.code] = metric._result({"n": row[f"n{index}"], "d": row[f"d{index}"]})
                else:
                    values[metric.code] = metric._result({"v": row[f"v{index}"], "rows": row[f"r{index}"]})
    for metric in metrics:
        if isinstance(metric, Ratio):
            d = values[metric.denominator.code]
            values[metric.code] = metric._rate(values[metric.numerator.code], d) if d else None
    return {metric.code: values[metric.code] for metric in metrics}


def compare_many(metrics, org: "Organization", period: PeriodLike) -> dict[str, Comparison]:
    """{code: Comparison} for many figures: compute_many() for the period and for the same period last year."""
    metrics = list(metrics)
    previous = period.previous_year()
    now = compute_many(metrics, org, period.start, period.end)
    before = compute_many(metrics, org, previous.start, previous.end)
    return {m.code: Comparison(now[m.code], before[m.code], period, previous) for m in metrics}
