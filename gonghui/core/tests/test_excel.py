"""core.excel: recognising files by content, zip-bomb checks, reading, and neutralised streaming writes."""
from __future__ import annotations

import codecs
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from gonghui.core import excel


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def xlsx(rows) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_sniff_by_content(tmp_path):
    assert excel.sniff(write(tmp_path, "a.xlsx", xlsx([["x"]]))) == "xlsx"
    assert excel.sniff(write(tmp_path, "b.xls", xlsx([["x"]]))) == "xlsx"  # misnamed, still an Excel workbook
    assert excel.sniff(write(tmp_path, "c.xls", excel.OLE2_MAGIC + b"\x00" * 100)) == "xls"
    assert excel.sniff(write(tmp_path, "d.csv", "姓名,身份证号\n".encode())) == "csv"
    assert excel.sniff(write(tmp_path, "e.csv", codecs.BOM_UTF16_LE + "姓名".encode("utf-16-le"))) == "csv"
    assert excel.sniff(write(tmp_path, "upload.tmp", b"x"), filename="花名册.CSV") == "csv"


@pytest.mark.parametrize("name,data,message", [
    ("a.xlsx", b"", "文件是空的"),
    ("a.pdf", b"%PDF-1.7", "只能导入"),
    ("a.xlsx", b"%PDF-1.7 binary\x00", "内容不是 Excel 文件"),
    ("a.xlsx", b"plain text", "内容不是 Excel 文件"),
    ("a.xls", b"<html><body><table></table></body></html>", "网页"),
    ("a.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "不是文本表格"),
])
def test_sniff_refusals(tmp_path, name, data, message):
    with pytest.raises(excel.SpreadsheetError, match=message):
        excel.sniff(write(tmp_path, name, data))


def test_zip_that_is_not_a_workbook(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", "<p/>")
    with pytest.raises(excel.SpreadsheetError, match="不是 Excel 工作簿"):
        excel.sniff(write(tmp_path, "a.xlsx", out.getvalue()))


def _bomb(size: int, entries: int = 1) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for i in range(entries):
            z.writestr(f"xl/worksheets/sheet{i}.xml", b"\x00" * size)
    return out.getvalue()


def test_zip_bomb_by_ratio(tmp_path):
    path = write(tmp_path, "a.xlsx", _bomb(20 * 1024 * 1024))
    with pytest.raises(excel.SpreadsheetError, match="压缩炸弹"):
        excel.check_zip(path)


def test_zip_bomb_by_total_size_and_entry_count(tmp_path):
    path = write(tmp_path, "a.xlsx", _bomb(1024 * 1024, entries=5))
    excel.check_zip(path)  # 5 MB in all: fine
    with pytest.raises(excel.SpreadsheetError, match="压缩炸弹"):
        excel.check_zip(path, max_total=4 * 1024 * 1024)
    with pytest.raises(excel.SpreadsheetError, match="压缩炸弹"):
        excel.check_zip(path, max_entries=3)


def test_zip_lying_about_its_size(tmp_path):
    """An archive whose directory declares a small size but inflates to more is caught while inflating."""
    data = bytearray(_bomb(64 * 1024))
    # Patch the declared uncompressed size (local header and central directory) of the sheet entry to 1 KB.
    name = b"xl/worksheets/sheet0.xml"
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo(name.decode())
    real = info.file_size.to_bytes(4, "little")
    fake = (1024).to_bytes(4, "little")
    for start in [i for i in range(len(data) - 3) if data[i:i + 4] == real]:
        data[start:start + 4] = fake
    path = write(tmp_path, "a.xlsx", bytes(data))
    with pytest.raises(excel.SpreadsheetError):
        excel.check_zip(path)


def test_corrupt_zip(tmp_path):
    data = xlsx([["x"]])
    path = write(tmp_path, "a.xlsx", data[:200] + b"\x00" * 50 + data[250:])
    with pytest.raises(excel.SpreadsheetError):
        excel.read_table(path, "xlsx")


def test_decode_text():
    assert excel.decode_text("姓名".encode("utf-8")) == ("姓名", "utf-8")
    assert excel.decode_text(codecs.BOM_UTF8 + "姓名".encode()) == ("姓名", "utf-8-sig")
    assert excel.decode_text("姓名，身份证号".encode("gb18030")) == ("姓名，身份证号", "gb18030")
    assert excel.decode_text(codecs.BOM_UTF16_LE + "姓名".encode("utf-16-le"))[0] == "姓名"


def test_read_table_row_numbers_skip_empty_rows(tmp_path):
    rows = [[None, None], ["姓名", "部门"], ["张三", "一车间"], [None, None], ["李四", None]]
    table = excel.read_table(write(tmp_path, "a.xlsx", xlsx(rows)), "xlsx")
    got = [(n, [v for v in values if v != ""]) for n, values in table.rows]
    assert got == [(2, ["姓名", "部门"]), (3, ["张三", "一车间"]), (5, ["李四"])]


def test_read_csv_tab_separated_and_gbk(tmp_path):
    data = "姓名\t部门\n张三\t一车间\n\n".encode("gb18030")
    table = excel.read_table(write(tmp_path, "a.csv", data), "csv")
    assert list(table.rows) == [(1, ["姓名", "部门"]), (2, ["张三", "一车间"])]
    assert table.encoding == "gb18030"


def test_row_limit(tmp_path):
    rows = [["h"]] + [[str(i)] for i in range(10)]
    table = excel.read_table(write(tmp_path, "a.xlsx", xlsx(rows)), "xlsx", max_rows=5)
    with pytest.raises(excel.SpreadsheetError, match="上限"):
        list(table.rows)
    table = excel.read_table(write(tmp_path, "a.xlsx", xlsx(rows)), "xlsx", max_rows=10)
    assert len(list(table.rows)) == 11


def test_neutralize():
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert excel.neutralize(value) == "'" + value
    for value in ("张三", "1-2", "", "a=b"):
        assert excel.neutralize(value) == value


def test_streaming_xlsx_round_trip(tmp_path):
    path = tmp_path / "out.xlsx"
    columns = [excel.Column("文本"), excel.Column("日期", kind="date"), excel.Column("金额", kind="money"),
               excel.Column("数字", kind="number")]
    with excel.StreamingXlsx(path, columns, sheet_name="表", title="标题") as book:
        book.append(["=HYPERLINK(\"x\")", datetime.date(2020, 1, 5), Decimal("12.50"), 3])
        book.append(["普通", None, "", True])
        book.append(["-5", datetime.datetime(2021, 2, 3, 4, 5), Decimal("0"), 2.5])
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "标题" and rows[1] == ["文本", "日期", "金额", "数字"]
    assert rows[2] == ["'=HYPERLINK(\"x\")", datetime.date(2020, 1, 5), 12.5, 3.0]
    assert rows[3] == ["普通", "", "", "是"]
    assert rows[4][0] == "'-5" and rows[4][1] == datetime.date(2021, 2, 3)


def test_read_table_when_the_data_starts_lower_right(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C3"], ws["D3"] = "姓名", "部门"
    ws["C4"] = "张三"
    ws["D6"] = "二车间"
    out = io.BytesIO()
    wb.save(out)
    table = excel.read_table(write(tmp_path, "a.xlsx", out.getvalue()), "xlsx")
    assert table.first_column == 2
    assert [(n, values) for n, values in table.rows] == [(3, ["姓名", "部门"]), (4, ["张三", ""]), (6, ["", "二车间"])]
