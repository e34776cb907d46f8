"""core.excel: recognising files by content, zip-bomb checks, reading, and neutralised streaming writes."""
from __future__ import annotations

import codecs
import datetime
import io
import posixpath
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


# --------------------------------------------------------------------------------------------------- writing

def written(tmp_path, rows, columns=None, **options):
    path = tmp_path / "out.xlsx"
    columns = columns or [excel.Column("值", 20)]
    with excel.StreamingXlsx(path, columns, **options) as book:
        for row in rows:
            book.append(row)
    return path


def test_streaming_xlsx_is_a_complete_package(tmp_path):
    """Every part is well-formed XML, [Content_Types].xml comes first and names every part, every relationship
    points at a part that exists; the sheet has the frozen panes, widths, autofilter, print titles and notes."""
    from xml.etree import ElementTree

    columns = [excel.Column("姓名", 10, note="填写真实姓名"), excel.Column("身份证号", 21, note="18 位"),
               excel.Column("出生日期", 12, "date"), excel.Column("工资", 12, "money")]
    path = written(tmp_path, [["张三", "110105198503071234", datetime.date(1985, 3, 7), Decimal("6500.50")]],
                   columns, sheet_name="花名册", title="甲公司工会人员花名册", freeze_columns=1)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        parts = {name: archive.read(name) for name in names}
    assert names[0] == "[Content_Types].xml"
    for name, data in parts.items():
        ElementTree.fromstring(data)  # well-formed
    types = ElementTree.fromstring(parts["[Content_Types].xml"])
    overrides = {e.get("PartName") for e in types if e.tag.endswith("Override")}
    defaults = {e.get("Extension") for e in types if e.tag.endswith("Default")}
    for name in names:
        assert "/" + name in overrides or name.rsplit(".", 1)[-1] in defaults, name
    for name in [n for n in names if n.endswith(".rels")]:
        source_folder = posixpath.dirname(posixpath.dirname(name))  # xl/_rels/workbook.xml.rels → xl
        for rel in ElementTree.fromstring(parts[name]):
            assert posixpath.normpath(posixpath.join(source_folder, rel.get("Target"))) in names, (name, rel.attrib)
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert '<pane xSplit="1" ySplit="2" topLeftCell="B3" activePane="bottomRight" state="frozen"/>' in sheet
    assert '<autoFilter ref="A2:D3"/>' in sheet
    workbook = parts["xl/workbook.xml"].decode()
    assert "'花名册'!$A$2:$D$3" in workbook and "'花名册'!$2:$2" in workbook


def test_streaming_xlsx_reads_back_in_openpyxl_and_calamine(tmp_path):
    import openpyxl

    columns = [excel.Column("姓名", 10, note="填写真实姓名"), excel.Column("身份证号", 21), excel.Column("手机", 14),
               excel.Column("出生日期", 12, "date"), excel.Column("工资", 12, "money"), excel.Column("人数", 8, "number"),
               excel.Column("备注", 30)]
    rows = [["张三", "110105198503071234", "013812345678", datetime.date(1985, 3, 7), Decimal("6500.50"), 3, "=1+1"],
            ["李四", "11010519850307123X", None, datetime.date(1900, 2, 28), 1234567.891, 2.5, "a & b < c"],
            ["王五", "12345678901234567890", "", datetime.datetime(2021, 2, 3, 4, 5), None, True, None]]
    path = written(tmp_path, rows, columns, sheet_name="花名册", title="标题", freeze_columns=1)

    book = openpyxl.load_workbook(path)
    sheet = book["花名册"]
    assert sheet.freeze_panes == "B3"
    assert sheet.auto_filter.ref == "A2:G5"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet["A1"].value == "标题" and sheet["A1"].font.b and sheet["A1"].font.sz == 14
    header = sheet["A2"]
    assert header.value == "姓名" and header.font.b and header.fill.fgColor.rgb == "FFF2F2F2"
    assert header.comment is not None and header.comment.text == "填写真实姓名"
    assert sheet.column_dimensions["B"].width == pytest.approx(21.71, abs=0.01)
    # ID numbers and phones are text, every digit and the leading zero kept; never numbers
    assert sheet["B3"].value == "110105198503071234" and sheet["B3"].data_type == "s"
    assert sheet["B5"].value == "12345678901234567890" and sheet["C3"].value == "013812345678"
    assert sheet["D3"].value == datetime.datetime(1985, 3, 7) and sheet["D3"].number_format == "yyyy-mm-dd"
    assert sheet["D4"].value == "1900-02-28"  # before 1900-03-01 Excel's serial numbers are off by one: text
    assert sheet["D5"].value == datetime.datetime(2021, 2, 3) and sheet["D5"].is_date
    assert sheet["E3"].value == 6500.5 and sheet["E3"].number_format == "#,##0.00"
    assert sheet["E4"].value == 1234567.891
    assert sheet["F3"].value == 3 and sheet["F4"].value == 2.5 and sheet["F5"].value == "是"
    assert sheet["G3"].value == "'=1+1" and sheet["G3"].data_type == "s"
    assert sheet["G4"].value == "a & b < c"
    assert sheet["C4"].value is None and sheet["C5"].value is None and sheet["G5"].value is None

    read_only = openpyxl.load_workbook(path, read_only=True)
    assert [r[:2] for r in read_only.active.iter_rows(min_row=3, values_only=True)] == [
        ("张三", "110105198503071234"), ("李四", "11010519850307123X"), ("王五", "12345678901234567890")]

    cal = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert cal[2][:5] == ["张三", "110105198503071234", "013812345678", datetime.date(1985, 3, 7), 6500.5]
    assert cal[3][3] == "1900-02-28" and cal[4][3] == datetime.date(2021, 2, 3)


@pytest.mark.parametrize("text", [
    "a&b<c>d\"e'f", " 前后有空格 ", "换行\n第二行", "回车\r\n换行", "制表\t符", "控制\x01字符\x0b", "_x0041_ 不是转义",
    "表情 😀 𠀀", "\u3000全角空格", "0012", "-5", "@evil", "+86 138", "\tx",
])
def test_text_round_trips_exactly(tmp_path, text):
    """Whatever the text, the file stays valid XML and the text comes back as written (after neutralising);
    calamine decodes Excel's _xHHHH_ escapes as Excel does."""
    path = written(tmp_path, [[text]])
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[1] == [excel.neutralize(text)]


def test_text_the_cell_cannot_hold(tmp_path):
    path = written(tmp_path, [["长" * 40_000], ["半个\ud800代理对"], ["非字符\ufffe"]])
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[1][0] == "长" * excel.MAX_CELL_CHARS  # Excel's limit per cell
    assert rows[2][0] == "半个?代理对" and rows[3][0] == "非字符\ufffd"


def test_numbers_that_are_not_numbers_are_text(tmp_path):
    path = written(tmp_path, [[float("nan")], [Decimal("Infinity")], [10 ** 20], [False]],
                   [excel.Column("金额", kind="money")])
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows[1:]] == ["nan", "Infinity", 1e20, "否"]


def test_sheet_names_excel_accepts(tmp_path):
    assert excel.sheet_title("2026/11 慰问: [第一批]?") == "2026_11 慰问_ _第一批__"
    assert excel.sheet_title("'引号'") == "引号"
    assert excel.sheet_title("") == "Sheet1"
    assert len(excel.sheet_title("长" * 40)) == 31
    path = written(tmp_path, [["x"]], sheet_name="a'b & <c>")
    assert CalamineWorkbook.from_path(str(path)).sheet_names == ["a'b & <c>"]


def test_empty_sheet_and_no_title(tmp_path):
    import openpyxl

    path = written(tmp_path, [], [excel.Column("姓名"), excel.Column("部门")], freeze=False)
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == ["姓名", "部门"] and sheet.max_row == 1
    assert sheet.freeze_panes is None and sheet.auto_filter.ref is None


def test_too_many_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(excel, "MAX_ROWS", 3)
    with pytest.raises(excel.SpreadsheetError, match="上限"):
        written(tmp_path, [["a"], ["b"], ["c"]])


def test_a_failure_while_writing_leaves_no_thread_behind(tmp_path):
    import threading

    def rows():
        for i in range(3000):
            yield [f"第{i}行"]
        raise RuntimeError("数据库断开")

    with pytest.raises(RuntimeError, match="数据库断开"):
        written(tmp_path, rows())
    assert not [t for t in threading.enumerate() if t.name.startswith("xlsx")]


def test_streaming_xlsx_memory_is_flat(tmp_path):
    """The memory used while writing does not grow with the number of rows."""
    import tracemalloc

    columns = [excel.Column(f"列{i}") for i in range(12)] + [excel.Column("日期", kind="date")]
    row = ["张三丰", "110105198503071234", "一车间", "操作工", "BENCH-000001", "汉族", "本科", "中共党员", "合同制",
           "甲公司工会", "会员", "在职", datetime.date(1985, 3, 7)]

    def peak(count: int) -> int:
        tracemalloc.start()
        written(tmp_path, (row for _ in range(count)), columns)
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return result

    small, large = peak(1_000), peak(8_000)
    assert large < small * 1.5 + 512 * 1024, (small, large)
