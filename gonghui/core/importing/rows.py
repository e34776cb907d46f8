"""Reading a sheet into rows: the header row found among the first lines and matched to the declared columns
(labels and synonyms), then every data row parsed a column at a time, and the row checks run.

Speed matters here (a 100,000-row roster is read in a couple of seconds): a block of rows at a time, each column
in one pass, each distinct value of a repetitive column parsed once for the whole sheet.
"""
from __future__ import annotations

import datetime
import itertools
import operator
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from gonghui.core import excel

from .columns import Column, header_key
from .files import ImportFileError, max_rows
from .parsers import PLACEHOLDERS, clean_text

HEADER_SEARCH_ROWS = 10
#: Rows are read and parsed this many at a time (memory stays bounded; the parse caches carry over).
PARSE_BLOCK = 10_000


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


class Row:
    """One data row: its clean values (only the filled cells). The class attributes are the defaults (an import
    makes 100,000 of these: only what differs is set on each); an area subclasses it for what its checks and its
    commit note on a row (`Importer.row_class`)."""

    bad: set[str] | None = None  # keys of the cells that could not be read
    rejected = False

    def __init__(self, number: int, values: dict | None = None):
        self.number = number
        self.values = {} if values is None else values


def shown_value(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e21:
        text = f"{raw:.0f}"
    elif isinstance(raw, (datetime.date, datetime.datetime)):
        text = raw.isoformat()
    else:
        text = str(raw)
    return text[:100]


class Collector:
    """The problems found: each with the row number, the column as headed in the file, the value and the reason."""

    def __init__(self, errors=None, rejected=None):
        self.errors: list[RowError] = [] if errors is None else list(errors)
        self.rejected: set[int] = set() if rejected is None else set(rejected)

    def add(self, row: Row | int, column: str, raw, reason: str) -> None:
        number = row if isinstance(row, int) else row.number
        if not isinstance(row, int):
            row.rejected = True
        self.rejected.add(number)
        self.errors.append(RowError(number, column, shown_value(raw), reason))


class Checks:
    """What a row check gets: `add(row, key, value, reason)` reports a problem under the column's header as the
    file wrote it; `today` is the day dates are checked against."""

    def __init__(self, importer, columns: list[tuple[int, Column, str]], collector: Collector,
                 today: datetime.date):
        self.importer, self.columns, self.collector, self.today = importer, columns, collector, today

    def header(self, key: str) -> str:
        for _, column, header in self.columns:
            if column.key == key:
                return header
        return self.importer.column(key).label

    def add(self, row, key: str, raw, reason: str) -> None:
        self.collector.add(row, self.header(key), raw, reason)


def find_header(rows: Iterator, lookup: dict[str, Column]) -> tuple[int, list, list]:
    """The header row among the first few non-empty rows (sheets often start with a title line)."""
    seen = []
    for number, values in rows:
        keys = [lookup.get(header_key(v)) if v not in (None, "") else None for v in values]
        recognised = [k for k in keys if k is not None]
        if len(recognised) >= 2 or any(k is not None and k.required for k in keys):
            return number, values, keys
        seen.append(values)
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        raise ImportFileError("文件中没有任何数据。")
    example = "、".join(c.label for c in _required_first(lookup)[:2])
    raise ImportFileError(f"没有找到表头行：表格的第一行应为列名（如 {example}……）。请下载导入模板，按模板的列名填写。")


def _required_first(lookup: dict[str, Column]) -> list[Column]:
    columns = list(dict.fromkeys(lookup.values()))
    return sorted(columns, key=lambda c: not c.required)


def map_columns(values: list, keys: list, required: list[Column], first_column: int = 0
                ) -> tuple[list[tuple[int, Column, str]], list[str]]:
    mapped: dict[str, tuple[int, Column, str]] = {}
    ignored = []
    for index, (cell, column) in enumerate(zip(values, keys)):
        header = clean_text(cell) if cell not in (None, "") else ""
        if column is None:
            if header:
                ignored.append(header)
            continue
        if column.key in mapped:
            first = mapped[column.key]
            raise ImportFileError(f"“{column.label}”列出现了两次（第{excel.column_letter(first[0] + first_column)}列"
                                  f"“{first[2]}”和第{excel.column_letter(index + first_column)}列“{header}”），请删除其中一列。")
        mapped[column.key] = (index, column, header)
    missing = [column for column in required if column.key not in mapped]
    if missing:
        parts = []
        for column in missing:
            also = "、".join(column.synonyms[:3])
            parts.append(f"{column.label}（也可写作：{also}）" if also else column.label)
        raise ImportFileError(f"缺少必填列：{'；'.join(parts)}。请检查表头是否被改名或删除，或下载导入模板按模板填写。")
    return sorted(mapped.values(), key=lambda item: item[0]), ignored


# What a cell gives: (kind, value, reason). Kinds: 0 nothing in the cell, 1 a placeholder ("无", "-", "/"…) or a
# value that means nothing (filled, no value), 2 a value, 3 a value that cannot be read (the reason says why).
_BLANK = (0, None, None)
_EMPTY = (1, None, None)
_kind, _value = operator.itemgetter(0), operator.itemgetter(1)


def _outcome(raw, parse, blankable: bool, keep_empty: bool) -> tuple:
    if raw is None:
        return _BLANK
    if raw.__class__ is str:
        stripped = raw.strip()
        if not stripped:
            return _BLANK
        if blankable and len(stripped) <= 6 and stripped.upper() in PLACEHOLDERS:
            return _EMPTY
    elif raw == "":
        return _BLANK
    try:
        value = parse(raw)
    except ValueError as exc:
        return (3, None, str(exc))
    if value is None or (value == "" and not keep_empty):
        return _EMPTY
    return (2, value, None)


class _Outcomes(dict):
    """raw cell → outcome, each distinct cell parsed once (a column repeats its departments, dates, choices…)."""

    def __init__(self, parse, blankable: bool, keep_empty: bool):
        super().__init__({None: _BLANK})
        self.args = (parse, blankable, keep_empty)

    def __missing__(self, raw):
        outcome = _outcome(raw, *self.args)
        if len(self) < 50_000:
            self[raw] = outcome
        return outcome


_NUMBERS = frozenset((int, float, bool))


class ColumnParser:
    """One column of the sheet, parsed a block of rows at a time, in C-speed passes where it can be: each distinct
    value of a repetitive column is parsed once for the whole sheet."""

    def __init__(self, index: int, column: Column):
        self.index, self.column = index, column
        self.args = (column.parse, column.blank_placeholders and not column.required, column.keep_empty)
        self.cached = column.repeats
        self.outcomes = _Outcomes(*self.args)
        self.typed: _Outcomes | None = None  # for columns mixing 1, 1.0 and True

    def __call__(self, cells: list[list]) -> list[tuple]:
        index = self.index
        try:
            values = [cells_row[index] for cells_row in cells]
        except IndexError:  # CSV rows may be shorter than the header
            values = [cells_row[index] if index < len(cells_row) else None for cells_row in cells]
        if not self.cached:
            return self._each(values)
        if len(_NUMBERS.intersection(map(type, values))) > 1:
            # 1, 1.0 and True are one dict key but may read differently: key the numbers with their type.
            if self.typed is None:
                parse = self.column.parse
                self.typed = _Outcomes(lambda key: parse(key[1] if key.__class__ is tuple else key), *self.args[1:])
            keyed = [raw if raw.__class__ not in _NUMBERS else (raw.__class__, raw) for raw in values]
            return list(map(self.typed.__getitem__, keyed))
        return list(map(self.outcomes.__getitem__, values))

    def _each(self, values: list) -> list[tuple]:
        """Values that rarely repeat (names, ID numbers, phones): every cell parsed, _outcome inlined."""
        parse, blankable, keep_empty = self.args
        outcomes = []
        add = outcomes.append
        for raw in values:
            if raw is None:
                add(_BLANK)
                continue
            if raw.__class__ is str:
                stripped = raw.strip()
                if not stripped:
                    add(_BLANK)
                    continue
                if blankable and len(stripped) <= 6 and stripped.upper() in PLACEHOLDERS:
                    add(_EMPTY)
                    continue
            elif raw == "":
                add(_BLANK)
                continue
            try:
                value = parse(raw)
            except ValueError as exc:
                add((3, None, str(exc)))
                continue
            add(_EMPTY if value is None or (value == "" and not keep_empty) else (2, value, None))
        return outcomes


def parse_rows(importer, table_rows: Iterator, columns: list[tuple[int, Column, str]], collector: Collector,
               today: datetime.date) -> list[Row]:
    """Every data row of the sheet, parsed a column at a time (a block of rows at a time), then checked
    (`importer.check_row`); rows with nothing in the known columns are left out."""
    parsers = [ColumnParser(index, column) for index, column, _ in columns]
    keys = [column.key for _, column, _ in columns]
    moved = [(column.key, column.attribute) for _, column, _ in columns if column.attribute]
    make_row, check_row = importer.row_class, importer.check_row
    checks = Checks(importer, columns, collector, today)
    rows: list[Row] = []
    table_rows = iter(table_rows)
    while block := list(itertools.islice(table_rows, PARSE_BLOCK)):
        numbers = list(map(_kind, block))
        cells = list(map(_value, block))
        del block
        value_columns, filled, problems = [], 0, defaultdict(list)
        for position, parser in enumerate(parsers):
            outcomes = parser(cells)
            value_columns.append(list(map(_value, outcomes)))
            kinds = bytes(map(_kind, outcomes))
            filled |= int.from_bytes(kinds, "big")  # a row counts when any known column has something
            at = kinds.find(3)
            while at != -1:
                problems[at].append((position, outcomes[at][2]))
                at = kinds.find(3, at + 1)
        filled_rows = filled.to_bytes(len(cells), "big")
        for i, values in enumerate(zip(*value_columns)):
            if not filled_rows[i]:
                continue
            row = make_row(numbers[i], dict(zip(keys, values)) if None not in values else {
                k: v for k, v in zip(keys, values) if v is not None})
            if i in problems:
                row.bad = set()
                for position, reason in problems[i]:
                    index, column, header = columns[position]
                    collector.add(row, header, cells[i][index], reason)
                    row.bad.add(column.key)
            for key, attribute in moved:
                value = row.values.pop(key, None)
                if value is not None:
                    setattr(row, attribute, value)
            check_row(row, checks)
            rows.append(row)
    return rows


@dataclass
class Parsed:
    """What the file alone says (no database): its rows with clean values and the problems found in them."""

    kind: str
    rows: list[Row]
    columns: list[tuple[int, Column, str]]  # (index in the row, column, header as written in the file)
    ignored: list[str]
    errors: list[RowError]
    rejected: set[int]
    today: datetime.date  # the day the dates were checked against


def read_rows(importer, path, kind: str) -> Parsed:
    """Read the sheet and parse every row; raises ImportFileError when the file as a whole cannot be used."""
    try:
        table = excel.read_table(path, kind, max_rows=max_rows())
        rows_iter = iter(table.rows)
        _, header_values, keys = find_header(rows_iter, importer.header_lookup())
        columns, ignored = map_columns(header_values, keys, importer.required_columns(), table.first_column)
        collector = Collector()
        today = timezone.localdate()
        rows = parse_rows(importer, rows_iter, columns, collector, today)
    except excel.SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from None
    if not rows:
        raise ImportFileError("表头下面没有数据行。")
    return Parsed(kind, rows, columns, ignored, collector.errors, collector.rejected, today)
