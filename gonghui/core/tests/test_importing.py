"""The import engine (core.importing) on its own: parsers, column matching, a small declared importer end to end
(wizard, command, template, export, staging), the row-check hook, and the expiry of abandoned batches."""
from __future__ import annotations

import datetime
import io
import os
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.scope import Perm
from gonghui.core import importing
from gonghui.core.importing import Column, engine, parsers, staging
from gonghui.core.importing.columns import header_key
from gonghui.members.models import ImportBatch

# ------------------------------------------------------------------------------------------------ parsers


@pytest.mark.parametrize("raw", [datetime.date(2020, 1, 5), datetime.datetime(2020, 1, 5, 0, 0), "2020-01-05",
                                 "2020/1/5", "2020.1.5", "2020年1月5日", "20200105", 20200105, 20200105.0,
                                 "２０２０－０１－０５", " 2020-1-5 ", 43835])
def test_dates_in_every_real_form(raw):
    assert parsers.date(raw) == datetime.date(2020, 1, 5)


@pytest.mark.parametrize(("raw", "reason"), [("2020-02-30", "不存在"), ("1899-12-31", "早于1900年"),
                                             (True, "不是日期"), (datetime.time(8, 0), "时间而不是日期"),
                                             ("明天", "无法识别")])
def test_impossible_dates_say_why_in_chinese(raw, reason):
    with pytest.raises(ValueError, match=reason):
        parsers.date(raw)


def test_money_phone_id_choice_and_boolean():
    assert parsers.money("5,000.5元") == Decimal("5000.50") and parsers.money(3000) == Decimal("3000.00")
    with pytest.raises(ValueError, match="负数"):
        parsers.money(-1.0)
    assert parsers.phone("+86 138-0013-8000") == "13800138000" and parsers.phone(13800138000.0) == "13800138000"
    with pytest.raises(ValueError, match="11位"):
        parsers.phone("12345")
    assert parsers.id_number("11010519491231002x") == "11010519491231002X"
    with pytest.raises(ValueError, match="只保留15位"):
        parsers.id_number(1.10105194912310e17)
    colour = parsers.choice({"红": "red", "RED": "red"}, "颜色", "红", blank="")
    assert colour(" red ") == "red" and colour("无") == ""
    with pytest.raises(ValueError, match="颜色“蓝”无法识别，应为：红"):
        colour("蓝")
    assert parsers.boolean("√") is True and parsers.boolean("否") is False
    assert parsers.clean_text("'=SUM(A1)") == "=SUM(A1)"  # the apostrophe exports put before formulas


def test_column_validators_run_after_the_parser():
    def not_future(day):
        if day > datetime.date(2030, 1, 1):
            raise ValueError("日期不能晚于2030年")

    column = Column("on", "日期", parsers.date, validators=[not_future])
    assert column.parse("2020-01-01") == datetime.date(2020, 1, 1)
    with pytest.raises(ValueError, match="不能晚于2030年"):
        column.parse("2031-01-01")


def test_header_marks_and_brackets_are_ignored():
    assert header_key(" *身份证号（必填） ") == header_key("身份证号") == "身份证号"


# ------------------------------------------------------------------------------------------------ a declared importer

WRITTEN: list = []


class BookImporter(importing.Importer):
    key = "test_books"
    title = "图书目录导入"
    noun = "图书"
    unit = "本"
    sheet_name = "图书"
    perm = Perm.PERSON_IMPORT
    columns = (
        Column("title", "书名", parsers.text(50, "书名"), synonyms=("图书名称", "题名"), required=True, repeats=False),
        Column("price", "定价", parsers.money, synonyms=("价格",), kind="money"),
        Column("bought_on", "购入日期", parsers.date, kind="date"),
        Column("kind", "类别", parsers.choice({"文学": "lit", "技术": "tech"}, "类别", "文学、技术"),
               choices=("文学", "技术"), display={"lit": "文学", "tech": "技术"}),
        Column("shelf", "书架", parsers.code(8, "书架"), attribute="shelf"),
    )
    row_checks: list = []
    preview_columns = (("title", "书名"), ("price", "定价"))

    class row_class(importing.Row):
        shelf = ""

    def write(self, batch, rows, columns, user):
        WRITTEN.extend((row.number, row.values, row.shelf) for row in rows)
        return {"created": len(rows)}


@pytest.fixture
def books(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    importer = importing.register(BookImporter) and importing.get("test_books")
    WRITTEN.clear()
    yield importer
    engine._registry.pop("test_books", None)
    BookImporter.row_checks.clear()


def _csv(tmp_path, lines: list[str], encoding="utf-8", name="books.csv") -> str:
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode(encoding))
    return str(path)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_a_declared_importer_validates_stages_and_commits(tmp_path, tree, officer_a, books, encoding):
    path = _csv(tmp_path, ["图书目录", "题名,价格,购入日期,类别,书架,备注",
                           "红楼梦,35.5元,2020年1月5日,文学,A-01,x", "Python,abc,2021/2/3,技术,,",
                           ",12,,文学,,", "Django,20,2022-02-02,小说,B2,"], encoding)
    batch = importing.stage_upload(books, org=tree["company"], user=officer_a, path=path, filename="b.csv")
    assert (batch.kind, batch.status, batch.total_rows, batch.new_count, batch.rejected_count) == (
        "test_books", "validated", 4, 1, 3)
    assert batch.ignored_columns == ["备注"]
    assert [(e["row"], e["column"], e["reason"]) for e in batch.errors] == [
        (4, "价格", "金额“abc”不是数字"), (5, "题名", "书名为空"), (6, "类别", "类别“小说”无法识别，应为：文学、技术")]
    assert batch.preview == [{"row": 3, "action": "新增", "title": "红楼梦", "price": "35.50"}]
    assert batch.get_absolute_url() == reverse("importing:preview", args=["test_books", batch.pk])

    refused = importing.commit_batch(books, batch, user=officer_a, mode=ImportBatch.Mode.ALL)
    assert not refused.committed and WRITTEN == []
    done = importing.commit_batch(books, batch, user=officer_a, mode=ImportBatch.Mode.VALID_ONLY)
    assert done.committed and done.batch.new_count == 1
    assert WRITTEN == [(3, {"title": "红楼梦", "price": Decimal("35.50"), "bought_on": datetime.date(2020, 1, 5),
                            "kind": "lit"}, "A-01")]


def test_the_staged_rows_are_signed_and_used_by_the_commit(tmp_path, tree, officer_a, books, monkeypatch):
    path = _csv(tmp_path, ["书名,定价,书架", "甲,1,S1", "乙,2,"])
    batch = importing.stage_upload(books, org=tree["company"], user=officer_a, path=path, filename="b.csv")
    kept = tmp_path / "media" / (batch.file.name + staging.PARSED_SUFFIX)
    lines = kept.read_bytes().splitlines(keepends=True)
    parsed = staging.decode(books, lines, file_digest=batch.sha256, kind="csv")
    assert [(r.number, r.values, r.shelf) for r in parsed.rows] == [
        (2, {"title": "甲", "price": Decimal("1.00")}, "S1"), (3, {"title": "乙", "price": Decimal("2.00")}, "")]
    tampered = [line.replace("甲".encode(), "丙".encode()) for line in lines]
    assert staging.decode(books, tampered, file_digest=batch.sha256, kind="csv") is None
    monkeypatch.setattr(books, "read", lambda *a: pytest.fail("the file was parsed again"))
    assert importing.commit_batch(books, batch, user=officer_a).committed
    assert [w[2] for w in WRITTEN] == ["S1", ""]


def test_file_level_problems_are_refused_with_chinese_messages(tmp_path, tree, officer_a, books):
    cases = {"no_required.csv": (["定价,类别", "1,文学"], "缺少必填列：书名（也可写作：图书名称、题名）"),
             "twice.csv": (["书名,题名", "a,b"], "“书名”列出现了两次"),
             "empty.csv": (["书名,定价"], "表头下面没有数据行")}
    for name, (lines, message) in cases.items():
        with pytest.raises(importing.ImportFileError, match=message):
            importing.stage_upload(books, org=tree["company"], user=officer_a, path=_csv(tmp_path, lines, name=name),
                                   filename=name)
    png = tmp_path / "x.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(importing.ImportFileError):
        importing.stage_upload(books, org=tree["company"], user=officer_a, path=str(png), filename="x.csv")
    assert not ImportBatch.objects.exists()


def test_row_checks_can_be_added_to_an_importer(tmp_path, tree, officer_a, books):
    def not_before_2000(row, checks):
        day = row.values.get("bought_on")
        if day is not None and day.year < 2000:
            checks.add(row, "bought_on", day, "购入日期不能早于2000年")

    books.row_checks.append(not_before_2000)
    path = _csv(tmp_path, ["书名,购入日期", "旧书,1999-01-01", "新书,2001-01-01"])
    batch = importing.stage_upload(books, org=tree["company"], user=officer_a, path=path, filename="b.csv")
    assert [(e["row"], e["column"], e["reason"]) for e in batch.errors] == [(2, "购入日期", "购入日期不能早于2000年")]


def test_template_and_export_come_from_the_declaration(tmp_path, tree, officer_a, books):
    from python_calamine import CalamineWorkbook

    out = io.BytesIO()
    importing.build_template(books, out)
    book = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue()))
    assert book.sheet_names == ["图书", "填写说明"]
    assert book.get_sheet_by_index(0).to_python()[0] == ["书名", "定价", "购入日期", "类别", "书架"]
    guide = book.get_sheet_by_index(1).to_python()
    assert ["书名", "必填", "图书名称、题名", ""] in [row[:4] for row in guide]
    assert any("可填：文学、技术" in str(cell) for row in guide for cell in row)

    # An export in the template's shape imports again as it was.
    exported = tmp_path / "export.xlsx"
    records = [("红楼梦", Decimal("35.50"), datetime.date(2020, 1, 5), "lit", "A1")]
    assert importing.export_xlsx(books, exported, records) == 1
    batch = importing.stage_upload(books, org=tree["company"], user=officer_a, path=str(exported),
                                   filename="export.xlsx")
    assert importing.commit_batch(books, batch, user=officer_a).committed
    assert WRITTEN == [(2, {"title": "红楼梦", "price": Decimal("35.50"), "bought_on": datetime.date(2020, 1, 5),
                            "kind": "lit"}, "A1")]


def test_the_wizard_serves_every_registered_importer(client, tmp_path, tree, officer_a, make_user, books):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer_a)
    start = reverse("importing:start", args=["test_books"])
    page = client.get(start)
    assert page.status_code == 200 and "图书目录导入" in page.content.decode()
    template = client.get(reverse("importing:template", args=["test_books"]))
    assert template.status_code == 200 and "attachment" in template["Content-Disposition"]
    data = "书名,定价\n甲,1\n乙,x\n".encode()
    response = client.post(start, {"org": tree["company"].pk, "file": SimpleUploadedFile("b.csv", data)})
    batch = ImportBatch.objects.get(kind="test_books")
    assert response.url == reverse("importing:preview", args=["test_books", batch.pk])
    preview = client.get(response.url).content.decode()
    assert "只导入无误的 1 行" in preview and "不是数字" in preview and "将新增" in preview
    response = client.post(reverse("importing:commit", args=["test_books", batch.pk]),
                           {"mode": "valid_only", "confirm": "1"})
    assert response.url == reverse("importing:result", args=["test_books", batch.pk]) and len(WRITTEN) == 1
    errors = client.get(reverse("importing:errors", args=["test_books", batch.pk]))
    assert errors.status_code == 200
    assert client.get(reverse("importing:start", args=["nothing"])).status_code == 404
    # A roster batch is not reachable as a book batch, and the other union sees nothing.
    assert client.get(reverse("importing:preview", args=["members", batch.pk])).status_code == 404


def test_the_command_imports_any_kind(tmp_path, tree, officer_a, books):
    path = _csv(tmp_path, ["书名,定价", "甲,1", "乙,2"])
    out = io.StringIO()
    call_command("import", "test_books", path, "--org", "A", "--user", "officer_a", stdout=out)
    assert "已导入" in out.getvalue() and len(WRITTEN) == 2
    listing = io.StringIO()
    call_command("import", "--list", stdout=listing)
    assert "members\t花名册导入" in listing.getvalue() and "test_books\t图书目录导入" in listing.getvalue()
    with pytest.raises(CommandError) as exc:
        call_command("import", "nothing", path, "--org", "A")
    assert exc.value.returncode == 2 and "没有“nothing”这一导入类别" in str(exc.value)


# ------------------------------------------------------------------------------------------------ abandoned batches


def _stage(books, tmp_path, tree, user, name: str):
    return importing.stage_upload(books, org=tree["company"], user=user,
                                  path=_csv(tmp_path, ["书名", name], name=f"{name}.csv"), filename=f"{name}.csv")


def _age(batch, hours: float) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - datetime.timedelta(hours=hours))


def _files(batch, media) -> list:
    return [media / batch.file.name, media / (batch.file.name + staging.PARSED_SUFFIX)]


def test_abandoned_batches_expire_with_their_files(tmp_path, tree, officer_a, books, settings):
    settings.GONGHUI_IMPORT_TTL_HOURS = 24
    media = tmp_path / "media"
    stale, fresh, old_done = (_stage(books, tmp_path, tree, officer_a, name) for name in ("stale", "fresh", "done"))
    importing.commit_batch(books, old_done, user=officer_a)
    for batch, hours in ((stale, 25), (fresh, 23), (old_done, 48)):
        _age(batch, hours)
    stale_files, fresh_files = _files(stale, media), _files(fresh, media)
    assert all(f.exists() for f in stale_files + fresh_files)

    out = io.StringIO()
    call_command("import", "--sweep", stdout=out)
    assert "已清理过期的导入批次 1 个" in out.getvalue()
    for batch in (stale, fresh, old_done):
        batch.refresh_from_db()
    assert stale.status == ImportBatch.Status.EXPIRED and "已过期" in stale.message and not stale.file
    assert not any(f.exists() for f in stale_files)
    assert fresh.status == ImportBatch.Status.VALIDATED and all(f.exists() for f in fresh_files)
    assert old_done.status == ImportBatch.Status.COMMITTED and (media / old_done.file.name).exists()
    # An expired batch cannot be committed any more.
    assert not importing.commit_batch(books, stale, user=officer_a).committed and WRITTEN == [(2, {"title": "done"}, "")]


def test_every_upload_sweeps_the_abandoned_batches(tmp_path, tree, officer_a, books, settings):
    settings.GONGHUI_IMPORT_TTL_HOURS = 2
    media = tmp_path / "media"
    stale = _stage(books, tmp_path, tree, officer_a, "stale")
    _age(stale, 3)
    stale_files = _files(stale, media)
    _stage(books, tmp_path, tree, officer_a, "next")  # the next upload, of any kind
    stale.refresh_from_db()
    assert stale.status == ImportBatch.Status.EXPIRED and not any(f.exists() for f in stale_files)


def test_the_sweep_removes_files_no_batch_names(tmp_path, tree, officer_a, books):
    media = tmp_path / "media"
    kept = _stage(books, tmp_path, tree, officer_a, "kept")
    orphan = media / "imports" / "2020" / "01" / "killed.csv"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"x")
    os.utime(orphan, (0, 0))
    young = media / "imports" / "young.csv"
    young.write_bytes(b"x")
    out = io.StringIO()
    call_command("import-sweep", stdout=out)
    assert "无主的导入文件 1 个" in out.getvalue()
    assert not orphan.exists() and young.exists() and all(f.exists() for f in _files(kept, media))


def test_the_roster_is_the_members_kind_of_the_generic_command(tmp_path, tree, settings):
    from gonghui.members.models import Person
    from gonghui.members.tests.import_helpers import new_id, row, xlsx_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx_bytes([row("通用命令", new_id(), 入会日期="2020-01-01")]))
    out = io.StringIO()
    call_command("import", "members", str(path), "--org", "A", stdout=out)
    assert "新增 1 人" in out.getvalue() and "办理入会 1 人" in out.getvalue()
    assert Person.objects.get(name="通用命令").member_status == "active"
    assert ImportBatch.objects.get().kind == "members"
