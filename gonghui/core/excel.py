"""Spreadsheets in and out: recognising an uploaded file by its content, reading it safely (python-calamine for
.xlsx/.xls, the csv module for .csv) and writing .xlsx in streaming mode (xlsxwriter, constant memory).

Reading never trusts the file name: the first bytes decide what a file is, an .xlsx (a zip archive) is checked
for decompression bombs before it is opened, and every problem is a `SpreadsheetError` with a Chinese message for
the officer. Writing neutralises text that a spreadsheet program would run as a formula.
"""
from __future__ import annotations

import codecs
import csv
import datetime
import decimal
import io
import os
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

XLSX, XLS, CSV = "xlsx", "xls", "csv"
EXTENSIONS = {".xlsx": XLSX, ".xls": XLS, ".csv": CSV}
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Limits of an .xlsx archive, checked before anything is decompressed.
MAX_ZIP_ENTRIES = 10_000
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024  # all entries together, as declared and as actually inflated
MAX_ZIP_RATIO = 200  # an entry bigger than RATIO_MIN_BYTES may not inflate more than this
RATIO_MIN_BYTES = 8 * 1024 * 1024

#: Text starting with one of these is run as a formula (or DDE) by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class SpreadsheetError(ValueError):
    """The file cannot be read as a table; the message (Chinese) says why and what to do."""


# --------------------------------------------------------------------------------------------------- recognising

def sniff(path: str | os.PathLike, filename: str = "") -> str:
    """What the file really is ("xlsx", "xls" or "csv"), from its first bytes; the name only has to agree.

    Excel content is recognised whatever the extension says between .xlsx and .xls (people rename them);
    text is accepted only under a .csv name, and anything else is refused.
    """
    ext = Path(filename or str(path)).suffix.lower()
    if ext not in EXTENSIONS:
        raise SpreadsheetError("只能导入 .xlsx、.xls 或 .csv 文件。")
    size = os.path.getsize(path)
    if size == 0:
        raise SpreadsheetError("文件是空的（0 字节），请检查是否选错了文件。")
    with open(path, "rb") as fh:
        head = fh.read(64 * 1024)
    if head.startswith(ZIP_MAGIC):
        if _is_xlsx_archive(path):
            return XLSX
        raise SpreadsheetError(f"文件扩展名为{ext}，但内容不是 Excel 工作簿（可能是改了扩展名的压缩包或 Word 等文件）。"
                               "请在 Excel 中打开后另存为 .xlsx 再上传。")
    if head.startswith(OLE2_MAGIC):
        return XLS
    if ext != ".csv":
        if _looks_like_html(head):
            raise SpreadsheetError(f"文件扩展名为{ext}，但内容是网页（HTML）格式，常见于某些系统导出的“假 Excel”。"
                                   "请在 Excel 中打开后另存为 .xlsx 再上传。")
        raise SpreadsheetError(f"文件扩展名为{ext}，但内容不是 Excel 文件（可能是改了扩展名的其他文件）。")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return CSV
    if b"\x00" in head:
        raise SpreadsheetError("文件扩展名为.csv，但内容不是文本表格（含有二进制数据）。")
    return CSV


def _is_xlsx_archive(path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def _looks_like_html(head: bytes) -> bool:
    start = head[:2048].lstrip(codecs.BOM_UTF8).lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta"))


def check_zip(path, *, max_total: int = MAX_UNZIPPED_BYTES, max_ratio: int = MAX_ZIP_RATIO,
              max_entries: int = MAX_ZIP_ENTRIES) -> None:
    """Refuse an .xlsx that would inflate to something huge (a "zip bomb") before any parser opens it.

    The sizes the archive declares are checked first (cheap); then every entry is inflated in chunks and counted,
    stopping at the limit, so that an archive lying about its sizes is caught too.
    """
    bomb = SpreadsheetError("该 .xlsx 文件解压后体积异常巨大（疑似“压缩炸弹”），已拒绝处理。"
                            "请在 Excel 中打开后另存为新文件再上传。")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > max_entries:
                raise bomb
            declared = 0
            for info in infos:
                declared += info.file_size
                if info.file_size > RATIO_MIN_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
                    raise bomb
            if declared > max_total:
                raise bomb
            inflated = 0
            for info in infos:
                if info.is_dir():
                    continue
                with archive.open(info) as member:
                    entry = 0
                    while chunk := member.read(1024 * 1024):
                        entry += len(chunk)
                        inflated += len(chunk)
                        if entry > info.file_size or inflated > max_total:
                            raise bomb
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
        if "encrypt" in str(exc).lower():
            raise SpreadsheetError("文件已加密，请在 Excel 中取消密码后另存再上传。") from None
        raise SpreadsheetError("文件已损坏，无法解压读取。请在 Excel 中打开后另存为 .xlsx 再上传。") from None


# --------------------------------------------------------------------------------------------------- reading

@dataclass
class Table:
    """The rows of the first sheet. `rows` yields (row number as the officer sees it, list of cell values)."""

    kind: str
    rows: Iterator[tuple[int, list]]
    sheet_name: str = ""
    size_hint: int = 0
    encoding: str = ""
    first_column: int = 0  # the lists of values start at this column (0 = A)


def read_table(path, kind: str, *, max_rows: int | None = None) -> Table:
    """Open the first visible, non-empty sheet (or the CSV text). Completely empty rows are skipped.

    More than `max_rows` non-empty rows is refused with a message (before the rows are handed out when the
    sheet's size is known in advance).
    """
    if kind == XLSX:
        check_zip(path)
    if kind in (XLSX, XLS):
        table = _read_workbook(path, kind)
    elif kind == CSV:
        table = _read_csv(path)
    else:  # pragma: no cover - sniff() only returns the three kinds
        raise SpreadsheetError("不支持的文件类型。")
    if max_rows is not None:
        table.rows = _limited(table.rows, max_rows, table.size_hint)
    return table


def too_many_rows(max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(f"文件超过 {max_rows:,} 行的上限，请拆分成几个文件分别导入。")


def _limited(rows: Iterator, max_rows: int, size_hint: int) -> Iterator:
    # The header row is allowed on top of the data rows.
    if size_hint > max_rows + 1:
        # The sheet's range says it is too long; count non-empty rows to be sure (formatting can extend a range).
        materialised = []
        for item in rows:
            materialised.append(item)
            if len(materialised) > max_rows + 1:
                raise too_many_rows(max_rows)
        rows = iter(materialised)
    count = 0
    for item in rows:
        count += 1
        if count > max_rows + 1:
            raise too_many_rows(max_rows)
        yield item


def _read_workbook(path, kind: str) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        # From an open file, so that calamine recognises the format by content rather than by the file name.
        with open(path, "rb") as fh:
            workbook = CalamineWorkbook.from_filelike(fh)
        sheet = None
        for meta in workbook.sheets_metadata:
            visible = str(getattr(meta, "visible", "")).lower()
            if "hidden" in visible or "worksheet" not in str(getattr(meta, "typ", "worksheet")).lower():
                continue
            candidate = workbook.get_sheet_by_name(meta.name)
            if candidate.height and candidate.width:
                sheet = candidate
                break
    except Exception as exc:  # calamine raises its own types (CalamineError, PasswordError, ZipError, XmlError…)
        name = type(exc).__name__
        if "Password" in name or "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise SpreadsheetError("文件已加密，请在 Excel 中取消密码后另存再上传。") from None
        raise SpreadsheetError(f"无法读取该 {kind} 文件（文件可能已损坏或格式不标准）。"
                               "请在 Excel 中打开后另存为 .xlsx 再上传。") from None
    if sheet is None:
        raise SpreadsheetError("文件中没有任何数据（所有工作表都是空的）。")
    start_row, start_col = sheet.start if sheet.start else (0, 0)

    def rows() -> Iterator[tuple[int, list]]:
        try:
            iterator = iter(sheet.iter_rows())
            first = next(iterator, None)
            if first is None:
                return
            # Rows are counted from the top of the sheet (python-calamine 0.9) or from the first row with data
            # (earlier versions); when the data starts lower down, an empty first row tells which.
            base = 0 if start_row == 0 or not any(v != "" and v is not None for v in first) else start_row
            for offset, values in enumerate(_chain(first, iterator)):
                for value in values:
                    if value != "" and value is not None:
                        yield base + offset + 1, values
                        break
        except Exception as exc:
            if isinstance(exc, SpreadsheetError):
                raise
            raise SpreadsheetError("读取文件内容时出错（文件可能已损坏）。请在 Excel 中打开后另存为 .xlsx 再上传。") from None

    return Table(kind=kind, rows=rows(), sheet_name=sheet.name, size_hint=sheet.height, first_column=start_col)


def _chain(first, rest):
    yield first
    yield from rest


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) for CSV bytes: a BOM decides; otherwise UTF-8 if it decodes, else GB18030 (what Excel
    on a Chinese Windows saves as "CSV")."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise SpreadsheetError("无法识别文件的文字编码，请另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再上传。") from None


def _read_csv(path) -> Table:
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError:
        raise SpreadsheetError("无法识别文件的文字编码，请另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再上传。") from None
    del data
    if "\x00" in text:
        raise SpreadsheetError("文件扩展名为.csv，但内容不是文本表格（含有二进制数据）。")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","

    def rows() -> Iterator[tuple[int, list]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for number, values in enumerate(reader, start=1):
                for value in values:
                    if value.strip():
                        yield number, values
                        break
        except csv.Error:
            raise SpreadsheetError("CSV 文件格式有误（引号不配对等），请在 Excel 中打开后另存为 .xlsx 再上传。") from None

    return Table(kind=CSV, rows=rows(), encoding=encoding, size_hint=0)


# --------------------------------------------------------------------------------------------------- writing

def neutralize(value: str) -> str:
    """Text that a spreadsheet would treat as a formula gets a leading apostrophe (OWASP's advice for CSV/Excel
    injection): it is then shown and kept as text."""
    if value and value[0] in FORMULA_PREFIXES:
        return "'" + value
    return value


def excel_serial(day: datetime.date) -> int:
    return (day - EXCEL_EPOCH).days


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12
    kind: str = "text"  # text, date, money, number
    note: str = ""


class StreamingXlsx:
    """A one-sheet .xlsx written row by row in constant memory (only the current row is held).

        with StreamingXlsx(path, columns, sheet_name="花名册") as book:
            for row in rows:
                book.append(row)

    Strings are always written as text (never formulas) and neutralised; dates become date cells, Decimals and
    numbers numeric cells. None and "" leave the cell empty.
    """

    def __init__(self, path, columns: Sequence[Column], *, sheet_name: str = "Sheet1", title: str | None = None,
                 freeze: bool = True, autofilter: bool = True, tmpdir: str | None = None):
        import xlsxwriter

        self.path = str(path)
        self.columns = list(columns)
        options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                   "strings_to_urls": False}
        if tmpdir:
            options["tmpdir"] = tmpdir
        self.book = xlsxwriter.Workbook(self.path, options)
        self.sheet = self.book.add_worksheet(sheet_name[:31])
        self.header_format = self.book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1,
                                                   "text_wrap": True, "valign": "vcenter"})
        self.date_format = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.money_format = self.book.add_format({"num_format": "#,##0.00"})
        self.title_format = self.book.add_format({"bold": True, "font_size": 14})
        self.row = 0
        for index, column in enumerate(self.columns):
            self.sheet.set_column(index, index, column.width)
        if title:
            self.sheet.write_string(0, 0, neutralize(title), self.title_format)
            self.row = 1
        self.header_row = self.row
        for index, column in enumerate(self.columns):
            self.sheet.write_string(self.row, index, column.header, self.header_format)
            if column.note:
                self.sheet.write_comment(self.row, index, column.note, {"x_scale": 2, "y_scale": 1.5})
        self.row += 1
        if freeze:
            self.sheet.freeze_panes(self.row, 0)
        self.autofilter = autofilter
        # Per column: how to write a value (bound once, used for every cell).
        self._writers = [self._writer_for(c.kind) for c in self.columns]

    def _writer_for(self, kind: str):
        sheet = self.sheet
        write_string, write_number = sheet.write_string, sheet.write_number
        date_format, money_format = self.date_format, self.money_format

        def text(r, c, v):
            if isinstance(v, str):
                if v[:1] in FORMULA_PREFIXES:
                    v = "'" + v
                write_string(r, c, v)
            elif isinstance(v, bool):
                write_string(r, c, "是" if v else "否")
            elif isinstance(v, (int, float, decimal.Decimal)):
                write_number(r, c, float(v))
            elif isinstance(v, datetime.date):
                write_number(r, c, _serial(v), date_format)
            else:
                write_string(r, c, neutralize(str(v)))

        def date(r, c, v):
            if isinstance(v, datetime.date):
                write_number(r, c, _serial(v), date_format)
            else:
                text(r, c, v)

        def money(r, c, v):
            if isinstance(v, (int, float, decimal.Decimal)) and not isinstance(v, bool):
                write_number(r, c, float(v), money_format)
            else:
                text(r, c, v)

        return {"date": date, "money": money}.get(kind, text)

    def append(self, values: Iterable) -> None:
        r = self.row
        for c, (value, writer) in enumerate(zip(values, self._writers)):
            if value is None or value == "":
                continue
            writer(r, c, value)
        self.row = r + 1

    def close(self) -> None:
        if self.autofilter and self.row > self.header_row + 1:
            self.sheet.autofilter(self.header_row, 0, self.row - 1, len(self.columns) - 1)
        self.book.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.close()
        else:
            try:
                self.book.close()
            except Exception:  # pragma: no cover - the original error matters more
                pass
        return False


def _serial(day: datetime.date) -> int:
    if isinstance(day, datetime.datetime):
        day = day.date()
    return (day - EXCEL_EPOCH).days
