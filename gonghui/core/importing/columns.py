"""The columns an import declares, and how a sheet's header row is matched to them.

One declaration serves the import (header, synonyms, parser, checks), the downloadable template (width, format,
drop-down, note) and the export (the field read and how its value is shown).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from gonghui.core import excel

from .parsers import clean_text


@dataclass(frozen=True, eq=False)
class Column:
    """One column of an importable sheet.

    key: the field (or import-only key) the value goes to in `row.values`.
    label: the header of the template and of exports. synonyms: other headers that mean the same column.
    parser: raw cell → clean value, or ValueError with a Chinese reason (see `parsers`).
    validators: more checks of the parsed value, each `value → None` or ValueError (shared rules live here).
    required: a header must be present and every row must fill it.
    kind: text, date, money, number — how the template and exports format the column.
    choices: the values offered by the template's drop-down (and listed in its guide).
    blank_placeholders: "无", "-", "/"… count as empty. keep_empty: an empty parsed value ("" for 无) is a value.
    repeats: values repeat down the column (departments, dates, choices): each distinct value is parsed once.
    attribute: after parsing, the value moves from row.values to this attribute of the row (values the commit
        treats apart, e.g. a membership's 入会日期); it is kept with the staged rows.
    importable: False for a column that exports show but imports ignore (derived, read-only).
    export: the field exports read (values_list path; "" = the key; None = not exported).
    display: value → text shown in exports (choice labels); width/kind as for the template.
    """

    key: str
    label: str
    parser: Callable | None = None
    synonyms: Sequence[str] = ()
    required: bool = False
    kind: str = "text"
    width: float = 12
    choices: Sequence[str] = ()
    hint: str = ""
    blank_placeholders: bool = True
    keep_empty: bool = False
    repeats: bool = True
    attribute: str | None = None
    importable: bool = True
    export: str | None = ""
    display: dict | None = None
    validators: Sequence[Callable] = ()
    parse: Callable = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        parse = self.parser or clean_text
        if self.validators:
            checks, inner = tuple(self.validators), parse

            def parse(raw):
                value = inner(raw)
                if value is not None and value != "":
                    for check in checks:
                        check(value)
                return value
        object.__setattr__(self, "parse", parse)

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(self.synonyms)

    @property
    def export_field(self) -> str | None:
        return None if self.export is None else (self.export or self.key)

    def excel_column(self) -> excel.Column:
        return excel.Column(self.label, self.width, self.kind, self.hint)


def header_key(text) -> str:
    """How a header cell is compared: half-width, no spaces, no required-marks or notes in brackets."""
    value = clean_text(text).replace(" ", "").lower()
    value = value.strip("*")
    value = re.sub(r"\((必填|选填|可选|必须填写|非必填)\)$", "", value)
    return value.strip("*")


def header_lookup(columns: Sequence[Column]) -> dict[str, Column]:
    """Compared header → column, for every label and synonym of the importable columns (the first wins)."""
    lookup: dict[str, Column] = {}
    for column in columns:
        if not column.importable:
            continue
        for alias in (column.label, *column.synonyms):
            lookup.setdefault(header_key(alias), column)
    return lookup
