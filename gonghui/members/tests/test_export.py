"""Exports of the people list: streamed .xlsx and the printable roster, masked unless revealed, audited."""
from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.accounts.roles import Role
from gonghui.core.models import AuditEntry
from gonghui.members import exporting


def xlsx_rows(response) -> list[list]:
    content = b"".join(response.streaming_content)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return workbook.get_sheet_by_index(0).to_python()


def export(client, fmt="xlsx", **params):
    query = "&".join(f"{k}={v}" for k, v in {"export": fmt, **params}.items())
    return client.get(reverse("members:person_list") + "?" + query)


@pytest.fixture
def people(tree, make_person):
    a = make_person(tree["company"], "张三", phone="13812345678", department="=cmd|' /C calc'!A0",
                    note="+SUM(1,2)", base_salary="6500.50")
    b = make_person(tree["branch"], "李四", member=False, post="@evil", education="bachelor")
    c = make_person(tree["school"], "王五")  # another union: never exported by officer_a
    return a, b, c


def test_xlsx_export_is_masked_audited_and_scoped(client, officer_a, people, tree):
    a, b, c = people
    client.force_login(officer_a)
    response = export(client)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = xlsx_rows(response)
    assert rows[0][0].startswith("甲公司工会人员花名册") or "人员花名册" in rows[0][0]
    header = rows[1]
    assert header[:6] == ["姓名", "身份证号", "性别", "出生日期", "民族", "手机"] and "所在组织" in header
    body = {r[0]: dict(zip(header, r)) for r in rows[2:]}
    assert set(body) == {"张三", "李四"}
    zhang = body["张三"]
    assert zhang["身份证号"] == a.id_number[:6] + "********" + a.id_number[-4:]
    assert zhang["手机"] == "138****5678"
    assert zhang["性别"] == "男" and zhang["会籍状态"] == "会员" and zhang["所在组织代码"] == "A"
    assert zhang["出生日期"] == datetime.date(1985, 3, 7)  # a real date cell
    assert "月基本工资" not in header  # salaries only in unmasked exports
    assert body["李四"]["学历"] == "本科" and body["李四"]["会籍状态"] == "非会员"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == officer_a and entry.changes["rows"] == 2 and entry.changes["unmasked"] is False
    assert entry.changes["format"] == "xlsx"


def test_formula_text_is_neutralised(client, officer_a, people):
    client.force_login(officer_a)
    rows = xlsx_rows(export(client))
    header = rows[1]
    body = {r[0]: dict(zip(header, r)) for r in rows[2:]}
    assert body["张三"]["部门"] == "'=cmd|' /C calc'!A0"
    assert body["张三"]["备注"] == "'+SUM(1,2)"
    assert body["李四"]["岗位"] == "'@evil"


def test_reveal_needs_the_permission_on_every_row(client, officer_a, people, tree, make_user):
    a, b, c = people
    client.force_login(officer_a)
    rows = xlsx_rows(export(client, reveal=1))
    header = rows[1]
    body = {r[0]: dict(zip(header, r)) for r in rows[2:]}
    assert body["张三"]["身份证号"] == a.id_number and body["张三"]["手机"] == "13812345678"
    assert body["张三"]["月基本工资"] == 6500.5
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).latest("id")
    assert entry.changes["unmasked"] is True
    # An upper union's staff may export but not reveal: masked even when asking.
    upper = make_user("upper", Role.UPPER, tree["fed"])
    client.force_login(upper)
    rows = xlsx_rows(export(client, reveal=1))
    body = {r[0]: dict(zip(rows[1], r)) for r in rows[2:]}
    assert body["王五"]["身份证号"] != c.id_number and "*" in body["王五"]["身份证号"]
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).latest("id")
    assert entry.changes["unmasked"] is False and entry.changes["reveal_requested"] is True


def test_reveal_refused_when_one_row_is_outside_the_reveal_scope(officer_a, people, tree, make_user):
    from gonghui.accounts.models import RoleAssignment
    from gonghui.members.models import Person

    user = make_user("mixed", Role.OFFICER, tree["branch"])
    RoleAssignment.objects.create(user=user, org=tree["company"], role=Role.UPPER)
    qs = Person.objects.filter(org__path__startswith=tree["company"].path)
    assert exporting.may_reveal(user, qs) is False
    assert exporting.may_reveal(user, qs.filter(org=tree["branch"])) is True


def test_export_needs_the_export_permission(client, tree, people, make_user):
    client.force_login(make_user("leader", Role.GROUP_LEADER, tree["company"]))
    assert export(client).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_filters_apply_to_the_export(client, officer_a, people):
    client.force_login(officer_a)
    rows = xlsx_rows(export(client, member_status="active"))
    assert [r[0] for r in rows[2:]] == ["张三"]


def test_print_roster(client, officer_a, people, tree):
    a, b, c = people
    client.force_login(officer_a)
    response = export(client, "print", member_status="active")
    html = response.content.decode()
    assert response.status_code == 200
    assert "会员花名册" in html and "制表日期" in html
    # A4 landscape: the page's own stylesheet (no inline <style> under the Content-Security-Policy).
    from django.contrib.staticfiles import finders

    assert "/static/members/roster_print.css" in html
    assert "size: A4 landscape" in open(finders.find("members/roster_print.css"), encoding="utf-8").read()
    assert "张三" in html and a.id_number not in html and "138****5678" in html and "王五" not in html
    assert "李四" not in html
    html = export(client, "print").content.decode()
    assert "人员花名册" in html and "李四" in html
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, changes__format="print").count() == 2


def test_print_roster_is_capped(client, officer_a, people, monkeypatch):
    monkeypatch.setattr(exporting, "PRINT_MAX_ROWS", 1)
    client.force_login(officer_a)
    html = export(client, "print").content.decode()
    assert "超过打印花名册 1 人的上限" in html and "张三" not in html
    assert "export=xlsx" in html


def test_export_of_many_rows_streams_in_constant_memory(tree, tmp_path, django_assert_max_num_queries):
    """Rows are read in chunks and written one at a time; the number of queries does not grow with rows."""
    from django.db import connection

    from gonghui.core import idcard
    from gonghui.members.models import Person

    start = datetime.date(1970, 1, 1)
    people = [Person(org=tree["company"], name=f"批量{i}", name_pinyin=f"piliang{i}", name_initials="pl", gender="M",
                     id_number=idcard.make("110105", start + datetime.timedelta(days=i), 11)) for i in range(4500)]
    Person.objects.bulk_create(people)
    path = tmp_path / "out.xlsx"
    with django_assert_max_num_queries(6 if connection.vendor == "sqlite" else 10):
        count = exporting.export_xlsx(Person.objects.all(), path, reveal=False)
    assert count == 4500
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert len(rows) == 4501


def test_unmasked_export_can_be_imported_again_without_changes(client, officer_a, people, tree, settings, tmp_path):
    """The export uses the import template's headers: corrected and uploaded again, people are matched, not
    duplicated (the title line, 所在组织 and status columns are skipped)."""
    from gonghui.members import importing
    from gonghui.members.models import Person

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(officer_a)
    response = export(client, reveal=1)
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    batch = importing.stage_upload(org=tree["company"], user=officer_a, path=str(path), filename="export.xlsx")
    assert batch.rejected_count == 0, batch.errors
    assert (batch.new_count, batch.updated_count) == (0, 2)
    assert set(batch.ignored_columns) == {"所在组织", "会籍状态", "在职状态"}
    result = importing.commit_batch(batch, user=officer_a)
    assert result.committed and (result.batch.updated_count, result.batch.unchanged_count) == (0, 2)
    assert Person.objects.count() == 3


def test_xlsx_export_layout_and_kept_digits(client, officer_a, people, tree):
    """Opened in openpyxl as Excel would: the name column and the header stay in view, the filter covers every row,
    revealed ID numbers and phones are text with all their digits, dates are date cells."""
    import openpyxl

    a, b, c = people
    client.force_login(officer_a)
    content = b"".join(export(client, reveal=1).streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["花名册"]
    assert sheet.freeze_panes == "B3"
    header = [cell.value for cell in sheet[2]]
    last = openpyxl.utils.get_column_letter(len(header))
    assert sheet.auto_filter.ref == f"A2:{last}4"
    rows = {r[0].value: {h: cell for h, cell in zip(header, r)} for r in sheet.iter_rows(min_row=3)}
    zhang = rows["张三"]
    assert zhang["身份证号"].value == a.id_number and zhang["身份证号"].data_type == "s"
    assert zhang["手机"].value == "13812345678" and zhang["手机"].data_type == "s"
    assert zhang["出生日期"].is_date and zhang["出生日期"].number_format == "yyyy-mm-dd"
    assert zhang["月基本工资"].value == 6500.5 and zhang["月基本工资"].number_format == "#,##0.00"
    assert rows["李四"]["会籍状态"].value == "非会员" and rows["李四"]["入会日期"].value is None


def test_masked_export_holds_no_full_number_anywhere(client, officer_a, people):
    """Not only the cells: nothing in the archive (any part) carries the full ID number or phone."""
    import zipfile

    a, b, c = people
    client.force_login(officer_a)
    content = b"".join(export(client).streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert a.id_number[:6] + "********" + a.id_number[-4:] in text
    for secret in (a.id_number, b.id_number, "13812345678", a.id_number[6:14]):
        assert secret not in text
