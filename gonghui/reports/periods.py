"""Report periods: a year, a half-year, a quarter, a month or any range of days, with their Chinese names.

    Period.year(2025)           2025-01-01..2025-12-31  "2025年"              key "2025"
    Period.half(2025, 1)        2025-01-01..2025-06-30  "2025年上半年"         key "2025H1"
    Period.quarter(2025, 3)     2025-07-01..2025-09-30  "2025年第三季度"       key "2025Q3"
    Period.month(2025, 3)       2025-03-01..2025-03-31  "2025年3月"            key "2025-03"
    Period.range(d1, d2)        d1..d2                  "2025年3月1日至2025年6月30日"  key "2025-03-01..2025-06-30"

    parse(key) -> Period        (the key is what URLs, forms and the `gonghui report` command use)

Both ends are inclusive. `previous_year()` is the same period a year earlier (同比): for a calendar period the same
calendar period, for a range the same days, 29 February becoming 28 February. `elapsed(today)` cuts a period that is
not over yet at today and says so in its label ("2026年（截至11月21日）"), so that this year's figures to date are
compared with last year's over the same days.
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, replace

KINDS = ("year", "half", "quarter", "month", "range")
QUARTERS = "一二三四"


class PeriodError(ValueError):
    """An unreadable or impossible period; the message is Chinese and says what to write instead."""


def _shift_year(day: datetime.date, years: int = -1) -> datetime.date:
    """The same day `years` years away; 29 February becomes 28 February in a common year."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _day_label(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    kind: str
    label: str
    partial: bool = False  # cut short at today by elapsed(); `full_end` is where it would end
    full_end: datetime.date | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.start > self.end:
            raise PeriodError(f"起始日期（{self.start:%Y-%m-%d}）不能晚于结束日期（{self.end:%Y-%m-%d}）。")

    # -- constructors --------------------------------------------------------------------------------------------

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year", f"{year}年")

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise PeriodError(f"半年只能是上半年（H1）或下半年（H2），不是“{half}”。")
        first, last = (1, 6) if half == 1 else (7, 12)
        return cls(datetime.date(year, first, 1), _month_end(year, last), "half",
                   f"{year}年{'上' if half == 1 else '下'}半年")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise PeriodError(f"季度只能是1至4，不是“{quarter}”。")
        first = 3 * quarter - 2
        return cls(datetime.date(year, first, 1), _month_end(year, first + 2), "quarter",
                   f"{year}年第{QUARTERS[quarter - 1]}季度")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise PeriodError(f"月份只能是1至12，不是“{month}”。")
        return cls(datetime.date(year, month, 1), _month_end(year, month), "month", f"{year}年{month}月")

    @classmethod
    def range(cls, start: datetime.date, end: datetime.date) -> Period:
        if start > end:
            raise PeriodError(f"起始日期（{start:%Y-%m-%d}）不能晚于结束日期（{end:%Y-%m-%d}）。")
        return cls(start, end, "range", f"{_day_label(start)}至{_day_label(end)}")

    # -- properties ----------------------------------------------------------------------------------------------

    @property
    def key(self) -> str:
        """The short form parse() reads back: "2025", "2025H1", "2025Q3", "2025-03", "2025-03-01..2025-06-30".
        A partial period is written as its range of days (what it covers)."""
        if self.partial or self.kind == "range":
            return f"{self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "half":
            return f"{self.start.year}H{1 if self.start.month == 1 else 2}"
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month + 2) // 3}"
        return f"{self.start:%Y-%m}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[Period]:
        """The calendar months the period touches, each cut to the period (for month-by-month charts)."""
        out, year, month = [], self.start.year, self.start.month
        while datetime.date(year, month, 1) <= self.end:
            whole = Period.month(year, month)
            if whole.start < self.start or whole.end > self.end:
                whole = replace(Period.range(max(whole.start, self.start), min(whole.end, self.end)),
                                label=whole.label)
            out.append(whole)
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        return out

    # -- other periods -------------------------------------------------------------------------------------------

    def previous_year(self) -> Period:
        """The same period a year earlier (同比)."""
        if self.partial:
            full = replace(self, end=self.full_end, partial=False, full_end=None).previous_year()
            return full.elapsed(_shift_year(self.end))
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        if self.kind == "half":
            return Period.half(self.start.year - 1, 1 if self.start.month == 1 else 2)
        if self.kind == "quarter":
            return Period.quarter(self.start.year - 1, (self.start.month + 2) // 3)
        if self.kind == "month":
            return Period.month(self.start.year - 1, self.start.month)
        return Period.range(_shift_year(self.start), _shift_year(self.end))

    def elapsed(self, today: datetime.date) -> Period:
        """The part of the period up to `today`: itself when it is over, else cut at today with the label saying
        so ("2026年（截至11月21日）"). A period that has not begun has no figures: PeriodError."""
        if today >= self.end:
            return self
        if today < self.start:
            raise PeriodError(f"{self.label}尚未开始，还没有数据。")
        label = f"{self.label}（截至{today.month}月{today.day}日）" if today.year == self.start.year \
            else f"{self.label}（截至{_day_label(today)}）"
        return replace(self, end=today, label=label, partial=True, full_end=self.end)


_YEAR = re.compile(r"(\d{4})(?:年)?")
_HALF = re.compile(r"(\d{4})[-\s]?[Hh]([0-9]+)")
_QUARTER = re.compile(r"(\d{4})[-\s]?[Qq]([0-9]+)")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DAY = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_RANGE = re.compile(rf"{_DAY}\s*(?:\.\.|至|~|/)\s*{_DAY}")
HINT = "请写作 2025（全年）、2025H1（上半年）、2025Q3（第三季度）、2025-03（月）或 2025-03-01..2025-06-30（起止日期）。"


def _date(y: str, m: str, d: str) -> datetime.date:
    try:
        return datetime.date(int(y), int(m), int(d))
    except ValueError:
        raise PeriodError(f"日期“{y}-{m}-{d}”不存在。") from None


def parse(text: str) -> Period:
    """Read a period key (see the module docstring); the error says what is wrong, in Chinese."""
    value = (text or "").strip()
    if not value:
        raise PeriodError("请填写统计期间。" + HINT)
    if (m := re.match(r"\d{4}", value)) and int(m[0]) < 1000:
        raise PeriodError(f"年份“{m[0]}”不正确。" + HINT)
    if m := _RANGE.fullmatch(value):
        return Period.range(_date(*m.groups()[:3]), _date(*m.groups()[3:]))
    if m := _HALF.fullmatch(value):
        return Period.half(int(m[1]), int(m[2]))
    if m := _QUARTER.fullmatch(value):
        return Period.quarter(int(m[1]), int(m[2]))
    if m := _MONTH.fullmatch(value):
        return Period.month(int(m[1]), int(m[2]))
    if m := _YEAR.fullmatch(value):
        return Period.year(int(m[1]))
    raise PeriodError(f"无法识别的统计期间“{value}”。" + HINT)
