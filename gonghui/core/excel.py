"""Spreadsheets in and out: recognising an uploaded file by its content, reading it safely (python-calamine for
.xlsx/.xls, the csv module for .csv) and writing .xlsx in streaming mode (the sheet's XML written straight into
the zip archive, row by row, in constant memory: `StreamingXlsx`).

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
import math
import os
import re
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .normalize import EXCEL_EPOCH

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


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12
    kind: str = "text"  # text, date, money, number
    note: str = ""  # shown as a comment on the header cell


#: Excel's limits: rows in a sheet, characters in a cell, characters in a sheet's name.
MAX_ROWS = 1_048_576
MAX_CELL_CHARS = 32_767
#: The sheet's XML stays below the 2 GiB that a zip entry may have without ZIP64 records (zipfile refuses more,
#: and some Excel versions refuse archives with ZIP64 records they do not expect).
MAX_SHEET_BYTES = 2 ** 31 - 2 ** 24

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH_ORDINAL = EXCEL_EPOCH.toordinal()
# Excel counts 1900-02-29, which never was: serial numbers up to 60 do not mean what the epoch says, so dates
# before 1900-03-01 are written as text.
_FIRST_SERIAL = 61
# Cell styles (indexes into cellXfs of _STYLES).
_TITLE, _HEADER, _DATE, _MONEY = 1, 2, 3, 4

# Unusual text (see _text_cell) is escaped by str.translate: the three XML specials, the control characters
# XML 1.0 forbids written as Excel writes them (_xHHHH_, which Excel and calamine decode), the two non-characters
# as U+FFFD. A literal "_xHHHH_" in the text gets its underscore escaped (_x005F_) so that it is not decoded.
_CONTROL = (*range(0, 9), 11, 12, 13, *range(14, 32))
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\ufffe": "\ufffd", "\uffff": "\ufffd",
                          **{chr(c): f"_x{c:04X}_" for c in _CONTROL}})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\ufffe": "\ufffd",
                               "\uffff": "\ufffd", **{chr(c): "_" for c in _CONTROL}})
_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_FORMULA_START = "".join(FORMULA_PREFIXES)
_EDGE_SPACE = " \t\n\r"  # text starting or ending with these needs xml:space="preserve"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

_STYLES = (
    f'{_XML_DECL}<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="3">'
    '<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="14"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '</fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
    '</borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"'
    ' applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0"/></styleSheet>'
)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: no []:*?/\\, not starting or ending with an apostrophe, 31 characters."""
    name = _BAD_SHEET_CHARS.sub("_", "".join(ch for ch in name or "" if ch >= " "))
    name = name.strip().strip("'")[:31].strip().strip("'")
    return name or "Sheet1"


def _column_width(width: float) -> float:
    # Characters → the width Excel stores, as Excel computes it for the default font (7 px per digit, 5 px padding).
    pixels = int(width * 12 + 0.5) if width < 1 else int(width * 7 + 0.5) + 5
    return int(pixels / 7 * 256) / 256


def _text_cell(ref: str, text: str, style: str = "") -> str:
    """An inline-string cell, for any text (the fast path in StreamingXlsx.append covers the common case)."""
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS]
    if "_x" in text:
        text = _LITERAL_ESCAPE.sub("_x005F_", text)
    space = ' xml:space="preserve"' if text and (text[0] in _EDGE_SPACE or text[-1] in _EDGE_SPACE) else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text.translate(_ESCAPES)}</t></is></c>'


class StreamingXlsx:
    """A one-sheet .xlsx written row by row in constant memory: each row becomes XML at once and goes into the zip
    archive, compressed on the way; only a few hundred rows of XML are held at any time.

        with StreamingXlsx(path, columns, sheet_name="花名册") as book:
            for row in rows:
                book.append(row)

    Strings are always text cells (inline strings: never formulas, never numbers, so an 18-digit ID number or a
    leading zero stays as it is) and are neutralised; dates become date cells (yyyy-mm-dd), Decimals and numbers
    numeric cells (money columns with thousands separators), booleans 是/否. None and "" leave the cell empty.
    The sheet has the column widths, a bold header row (with the columns' notes as comments), the panes frozen
    below the header (and right of `freeze_columns` columns), an autofilter on the header, and prints on A4
    landscape with the header repeated on every page.
    """

    FLUSH_ROWS = 500  # rows of XML gathered before they go to the compressor (about half a megabyte)
    # compresslevel 3: for 100,000 people 12.0 MB instead of 10.6 MB at zlib's default 6, for 0.6 s less CPU.

    def __init__(self, path, columns: Sequence[Column], *, sheet_name: str = "Sheet1", title: str | None = None,
                 freeze: bool = True, freeze_columns: int = 0, autofilter: bool = True, compresslevel: int = 3):
        self.columns = list(columns)
        if not self.columns:
            raise ValueError("StreamingXlsx needs at least one column")
        self.sheet_name = sheet_title(sheet_name)
        self.autofilter = autofilter
        self._letters = [column_letter(i) for i in range(len(self.columns))]
        self._number_styles = [f' s="{_MONEY}"' if c.kind == "money" else "" for c in self.columns]
        self._notes = [(index, c.note) for index, c in enumerate(self.columns) if c.note]
        self._chunks: list[str] = []
        self._bytes = 0
        # Compressing (zlib, which releases the GIL) runs in a thread of its own, overlapping with making the XML
        # of the next rows; at most one chunk waits for it, so memory stays flat.
        self._compressor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xlsx")
        self._pending: Future | None = None
        self.row = 0  # rows written so far (= the Excel number of the last row)
        self.header_row = 1 if title else 0  # 0-based, as before
        self._archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        try:
            self._write_package_parts()
            self._sheet = self._archive.open("xl/worksheets/sheet1.xml", "w")
        except BaseException:
            self._archive.close()
            self._compressor.shutdown()
            raise
        self._chunks.append(self._sheet_head(freeze, freeze_columns))
        if title:
            self.row = 1
            title_cell = _text_cell("A1", neutralize(title), f' s="{_TITLE}"')
            self._chunks.append(f'<row r="1">{title_cell}</row>')
        self.row += 1
        header = "".join(_text_cell(f"{letter}{self.row}", c.header, f' s="{_HEADER}"')
                         for letter, c in zip(self._letters, self.columns))
        self._chunks.append(f'<row r="{self.row}">{header}</row>')

    # ------------------------------------------------------------------------------------------------ rows

    def append(self, values: Iterable) -> None:
        """Write one row; values beyond the columns are ignored."""
        number = self.row + 1
        if number > MAX_ROWS:
            raise SpreadsheetError(f"导出的行数超过 Excel 一个工作表 {MAX_ROWS:,} 行的上限，请缩小筛选范围后分批导出。")
        n = str(number)
        cells = []
        add = cells.append
        formula_start = _FORMULA_START
        for value, letter, number_style in zip(values, self._letters, self._number_styles):
            if value is None:
                continue
            cls = value.__class__
            if cls is str:
                if not value:
                    continue
                if value[0] in formula_start:
                    value = "'" + value
                # The common case, checked with C-speed string methods (str.translate is slow on Chinese text):
                # printable, no spaces at the ends, no "_x", not too long; at most the three XML specials.
                if value.isprintable() and value[-1] != " " and value[0] != " " and "_x" not in value \
                        and len(value) <= MAX_CELL_CHARS:
                    if "&" in value or "<" in value or ">" in value:
                        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    add(f'<c r="{letter}{n}" t="inlineStr"><is><t>{value}</t></is></c>')
                else:
                    add(_text_cell(letter + n, value))
            elif cls is datetime.date and value.toordinal() - _EPOCH_ORDINAL >= _FIRST_SERIAL:
                add(f'<c r="{letter}{n}" s="{_DATE}"><v>{value.toordinal() - _EPOCH_ORDINAL}</v></c>')
            elif cls is int:
                add(f'<c r="{letter}{n}"{number_style}><v>{value}</v></c>')
            else:
                cell = _other_cell(letter + n, value, number_style)
                if cell:
                    add(cell)
        self.row = number
        if cells:
            self._chunks.append(f'<row r="{n}">{"".join(cells)}</row>')
            if len(self._chunks) >= self.FLUSH_ROWS:
                self._flush()

    def _flush(self) -> None:
        data = "".join(self._chunks).encode("utf-8", "replace")
        self._chunks.clear()
        self._bytes += len(data)
        if self._bytes > MAX_SHEET_BYTES:
            raise SpreadsheetError("导出的内容超过 Excel 文件的大小上限，请缩小筛选范围后分批导出。")
        self._wait()
        self._pending = self._compressor.submit(self._sheet.write, data)

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()  # raises what the write raised

    # ------------------------------------------------------------------------------------------------ parts

    def _sheet_head(self, freeze: bool, freeze_columns: int) -> str:
        split_row = self.header_row + 1  # rows above the data
        view = '<sheetView tabSelected="1" workbookViewId="0">'
        if freeze:
            top_left = f"{column_letter(freeze_columns)}{split_row + 1}"
            if freeze_columns:
                view += (f'<pane xSplit="{freeze_columns}" ySplit="{split_row}" topLeftCell="{top_left}" '
                         'activePane="bottomRight" state="frozen"/><selection pane="topRight"/>'
                         '<selection pane="bottomLeft"/>'
                         f'<selection pane="bottomRight" activeCell="{top_left}" sqref="{top_left}"/>')
            else:
                view += (f'<pane ySplit="{split_row}" topLeftCell="{top_left}" activePane="bottomLeft" '
                         f'state="frozen"/><selection pane="bottomLeft" activeCell="{top_left}" sqref="{top_left}"/>')
        view += "</sheetView>"
        cols = "".join(f'<col min="{i}" max="{i}" width="{_column_width(c.width)}" customWidth="1"/>'
                       for i, c in enumerate(self.columns, start=1))
        return (f'{_XML_DECL}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheetViews>{view}</sheetViews>'
                f'<sheetFormatPr defaultRowHeight="14.25"/><cols>{cols}</cols><sheetData>')

    def _sheet_tail(self) -> str:
        last_col, header, last = self._letters[-1], self.header_row + 1, self.row
        tail = "</sheetData>"
        if self._has_data and self.autofilter:
            tail += f'<autoFilter ref="A{header}:{last_col}{last}"/>'
        tail += ('<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                 '<pageSetup paperSize="9" orientation="landscape"/>')
        if self._has_data:
            # Digits kept as text (ID numbers, phones, member numbers) are meant: no green triangles.
            tail += f'<ignoredErrors><ignoredError sqref="A{header + 1}:{last_col}{last}" numberStoredAsText="1"/>' \
                    '</ignoredErrors>'
        if self._notes:
            tail += '<legacyDrawing r:id="rId1"/>'
        return tail + "</worksheet>"

    @property
    def _has_data(self) -> bool:
        return self.row > self.header_row + 1

    def _write_package_parts(self) -> None:
        """The parts that do not depend on the rows; [Content_Types].xml first, where tools look for it."""
        write = self._archive.writestr
        notes = bool(self._notes)
        write("[Content_Types].xml", (
            f'{_XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + ('<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
               if notes else "")
            + '<Override PartName="/xl/workbook.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
              '<Override PartName="/xl/worksheets/sheet1.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
              '<Override PartName="/xl/styles.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
              '<Override PartName="/docProps/core.xml" '
              'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            + ('<Override PartName="/xl/comments1.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>'
               if notes else "")
            + "</Types>"))
        write("_rels/.rels", (
            f'{_XML_DECL}<Relationships xmlns="{_PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/></Relationships>'))
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        write("docProps/core.xml", (
            f'{_XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>'))
        write("xl/_rels/workbook.xml.rels", (
            f'{_XML_DECL}<Relationships xmlns="{_PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL_NS}/styles" Target="styles.xml"/></Relationships>'))
        write("xl/styles.xml", _STYLES)
        if notes:
            self._write_notes()

    def _write_notes(self) -> None:
        """The columns' notes as comments on the header cells (a comments part and its VML drawing)."""
        row, write = self.header_row, self._archive.writestr
        comments = "".join(
            f'<comment ref="{self._letters[col]}{row + 1}" authorId="0"><text><r><rPr><sz val="9"/>'
            f'<rFont val="宋体"/><family val="3"/><charset val="134"/></rPr><t>{note.translate(_ESCAPES)}</t></r>'
            '</text></comment>' for col, note in self._notes)
        write("xl/comments1.xml", f'{_XML_DECL}<comments xmlns="{_MAIN_NS}"><authors><author/></authors>'
                                  f'<commentList>{comments}</commentList></comments>')
        shapes = "".join(
            f'<v:shape id="_x0000_s{1025 + i}" type="#_x0000_t202" style="position:absolute;margin-left:0;'
            f'margin-top:0;width:200pt;height:90pt;z-index:{i + 1};visibility:hidden" fillcolor="#ffffe1" '
            'o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left">'
            '</div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f'<x:Anchor>{col + 1}, 15, {row}, 10, {col + 4}, 15, {row + 6}, 4</x:Anchor><x:AutoFill>False</x:AutoFill>'
            f'<x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>'
            for i, (col, _) in enumerate(self._notes))
        write("xl/drawings/vmlDrawing1.vml", (
            '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
            '<o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" '
            'o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
            f'<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>{shapes}</xml>'))
        write("xl/worksheets/_rels/sheet1.xml.rels", (
            f'{_XML_DECL}<Relationships xmlns="{_PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>'
            f'<Relationship Id="rId2" Type="{_REL_NS}/comments" Target="../comments1.xml"/></Relationships>'))

    def _workbook(self) -> str:
        quoted = ("'" + self.sheet_name.replace("'", "''") + "'").translate(_ATTR_ESCAPES)
        header, last_col = self.header_row + 1, self._letters[-1]
        names = f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{quoted}!${header}:${header}</definedName>'
        if self._has_data and self.autofilter:
            names = (f'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
                     f'{quoted}!$A${header}:${last_col}${self.row}</definedName>') + names
        return (f'{_XML_DECL}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><bookViews><workbookView/></bookViews>'
                f'<sheets><sheet name="{self.sheet_name.translate(_ATTR_ESCAPES)}" sheetId="1" r:id="rId1"/>'
                f'</sheets><definedNames>{names}</definedNames>'
                '</workbook>')

    # ------------------------------------------------------------------------------------------------ closing

    def close(self) -> None:
        try:
            self._chunks.append(self._sheet_tail())
            self._flush()
            self._wait()
        finally:
            self._compressor.shutdown()
        self._sheet.close()
        self._archive.writestr("xl/workbook.xml", self._workbook())
        self._archive.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.close()
        else:
            try:  # the file is incomplete anyway; the original error matters more
                self._compressor.shutdown()
                self._sheet.close()
                self._archive.close()
            except Exception:  # pragma: no cover
                pass
        return False


def _other_cell(ref: str, value, number_style: str) -> str:
    """Cells of the less common types (the fast path in StreamingXlsx.append covers str, date and int)."""
    if isinstance(value, bool):
        return _text_cell(ref, "是" if value else "否")
    if isinstance(value, (int, float, decimal.Decimal)):
        number = float(value)
        if not math.isfinite(number):
            return _text_cell(ref, str(value))
        text = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
        return f'<c r="{ref}"{number_style}><v>{text}</v></c>'
    if isinstance(value, datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        serial = day.toordinal() - _EPOCH_ORDINAL
        if serial >= _FIRST_SERIAL:
            return f'<c r="{ref}" s="{_DATE}"><v>{serial}</v></c>'
        return _text_cell(ref, day.isoformat())
    if isinstance(value, str):
        return _text_cell(ref, neutralize(value)) if value else ""
    return _text_cell(ref, neutralize(str(value)))
