"""Roster import: messy sheets, bad files, matching by ID number, membership, all-or-nothing and scoping."""
from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from gonghui.core import idcard
from gonghui.core.models import AuditEntry
from gonghui.members import importing, services
from gonghui.members.models import ImportBatch, Membership, MembershipEvent, Person

from .import_helpers import commit, csv_bytes, new_id, row, stage, xls_bytes, xlsx_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def file_error(tmp_path, org, user, data: bytes, name="花名册.xlsx") -> str:
    with pytest.raises(importing.ImportFileError) as exc:
        stage(tmp_path, org, user, data, name)
    return " ".join(exc.value.messages)


def errors_of(batch) -> list[tuple]:
    return [(e["row"], e["column"], e["reason"]) for e in batch.errors]


# ------------------------------------------------------------------------------------------ messy but valid


def test_messy_values_are_cleaned(tmp_path, tree, officer_a):
    female_id = new_id(datetime.date(1988, 2, 29), female=True)
    x_id = next(n for n in (idcard.make("110105", datetime.date(1979, 9, 9), s) for s in range(1, 999, 2))
                if n.endswith("X"))
    serial_1979_09_09 = (datetime.date(1979, 9, 9) - datetime.date(1899, 12, 30)).days
    old15 = "110105790909" + "123"  # first-generation number, upgraded to 18 digits
    rows = [
        row("  王 芳 ", female_id, 性别="女", 出生日期="1988/2/29", 手机="１３８ ００１３ ８０００",
            参加工作时间="2010年7月1日", 入职日期="20150301", 月基本工资="6,500.50元", 入会日期=datetime.date(2016, 1, 5),
            学历="大学本科", 政治面貌="党员", 用工形式="合同工", 部门="  一车间  ", 民族="回", 劳模级别="市劳模",
            困难职工="是", 军烈属="√"),
        row("李四", x_id.lower(), 性别="M", 出生日期=serial_1979_09_09, 入会日期=43835.0, 学历="硕士"),
        row("赵五", float(old15), 性别="男", 入会日期="2019.03"),
    ]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    assert batch.rejected_count == 0, batch.errors
    assert (batch.total_rows, batch.new_count, batch.updated_count, batch.joined_count) == (3, 3, 0, 3)
    result = commit(batch, officer_a)
    assert result.committed
    wang = Person.objects.get(id_number=female_id)
    assert wang.name == "王芳" and wang.gender == "F" and wang.birth_date == datetime.date(1988, 2, 29)
    assert wang.phone == "13800138000" and wang.department == "一车间" and wang.ethnicity == "回族"
    assert wang.work_started_on == datetime.date(2010, 7, 1) and wang.hired_on == datetime.date(2015, 3, 1)
    assert wang.base_salary == Decimal("6500.50") and wang.education == "bachelor" and wang.political_status == "cpc"
    assert wang.employment_type == "contract" and wang.model_worker == "municipal" and wang.hardship_level == "ordinary"
    assert wang.is_military_family is True
    assert wang.name_pinyin == "wangfang" and wang.name_initials == "wf"
    li = Person.objects.get(id_number=x_id)
    assert li.joined_on == datetime.date(2020, 1, 5) and li.education == "master"
    zhao = Person.objects.get(id_number=idcard.upgrade_15(old15))
    assert zhao.joined_on == datetime.date(2019, 3, 1)


def test_header_aliases_title_row_and_column_order(tmp_path, tree, officer_a):
    number = new_id()
    headers = ["联系电话", "公民身份号码", "职工姓名 *", "性 别", "入会时间"]
    data = xlsx_bytes([["13912345678", number, "钱七", "男", "2021-06-01"]], headers, title="甲公司职工花名册",
                      raw_rows=True)
    batch = stage(tmp_path, tree["company"], officer_a, data)
    assert batch.rejected_count == 0, batch.errors
    assert batch.preview[0]["row"] == 3  # the title line and the header are rows 1 and 2
    commit(batch, officer_a)
    person = Person.objects.get(id_number=number)
    assert person.phone == "13912345678" and person.member_status == Person.MemberStatus.ACTIVE


def test_unknown_columns_are_listed_as_ignored(tmp_path, tree, officer_a):
    data = xlsx_bytes([[new_id(), "孙八", "x"]], ["身份证号码", "姓名", "籍贯"], raw_rows=True)
    batch = stage(tmp_path, tree["company"], officer_a, data)
    assert batch.ignored_columns == ["籍贯"] and batch.rejected_count == 0


def test_xls_and_csv_in_utf8_bom_and_gb18030(tmp_path, tree, officer_a):
    rows = [row("周一", new_id(), 出生日期=None, 入会日期=datetime.date(2020, 1, 5)), row("吴二", new_id())]
    xls = stage(tmp_path, tree["company"], officer_a, xls_bytes(rows), "名单.xls")
    assert (xls.file_kind, xls.total_rows, xls.rejected_count) == ("xls", 2, 0), xls.errors
    rows2 = [row("郑三", new_id(), 入会日期="2020年1月5日", 部门="财务科"), row("冯四", new_id(female=True), 性别="女")]
    for encoding in ("utf-8-sig", "gb18030", "utf-8"):
        batch = stage(tmp_path, tree["company"], officer_a, csv_bytes(rows2, encoding=encoding), "名单.csv")
        assert (batch.file_kind, batch.total_rows, batch.rejected_count) == ("csv", 2, 0), (encoding, batch.errors)
        assert batch.preview[0]["department"] == "财务科"


def test_new_people_with_join_date_become_members_with_numbers(tmp_path, tree, officer_a):
    member_id, employee_id, branch_id = new_id(), new_id(), new_id()
    rows = [row("会员甲", member_id, 入会日期="2020-01-05"), row("职工乙", employee_id),
            row("分会丙", branch_id, 入会日期="2021-02-03", 所在组织代码="A1")]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    commit(batch, officer_a)
    member = Person.objects.get(id_number=member_id)
    assert member.member_status == Person.MemberStatus.ACTIVE and member.member_no.startswith("A-")
    assert member.joined_on == datetime.date(2020, 1, 5)
    membership = member.memberships.get()
    assert membership.org == tree["company"] and membership.member_no == member.member_no and membership.ended_on is None
    event = member.membership_events.get()
    assert event.kind == MembershipEvent.Kind.JOIN and event.recorded_by == officer_a
    employee = Person.objects.get(id_number=employee_id)
    assert employee.member_status == Person.MemberStatus.NONE and not employee.memberships.exists()
    branch = Person.objects.get(id_number=branch_id)
    assert branch.org == tree["branch"] and branch.member_no.startswith("A1-")
    assert branch.memberships.get().org == tree["branch"]


def test_given_member_numbers_are_kept_and_clashes_refused(tmp_path, tree, officer_a, make_person):
    existing = make_person(tree["company"], "老会员", member=False)
    services.member_admit(person=existing, joined_on=datetime.date(2019, 1, 1), member_no="A-900001")
    rows = [row("新甲", new_id(), 入会日期="2020-01-01", 会员编号="A-100"),
            row("新乙", new_id(), 入会日期="2020-01-01", 会员编号="A-900001"),
            row("新丙", new_id(), 入会日期="2020-01-01", 会员编号="A-7"),
            row("新丁", new_id(), 入会日期="2020-01-01", 会员编号="A-7"),
            row("新戊", new_id(), 会员编号="A-8")]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    reasons = {r: reason for r, _, reason in errors_of(batch)}
    assert "已被使用" in reasons[3] and "重复" in reasons[4] and "重复" in reasons[5]
    assert "没有填写入会日期" in reasons[6]
    commit(batch, officer_a, ImportBatch.Mode.VALID_ONLY)
    assert Person.objects.get(name="新甲").member_no == "A-100"


def test_generated_numbers_skip_numbers_already_taken(tmp_path, tree, officer_a, make_person):
    for name, number in (("手工编号", "A-000001"), ("手工编号二", "A-000003")):
        services.member_admit(person=make_person(tree["company"], name, member=False),
                              joined_on=datetime.date(2019, 1, 1), member_no=number)
    rows = [row(f"新人{i}", new_id(), 入会日期="2022-01-01") for i in range(3)]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    commit(batch, officer_a)
    numbers = set(Membership.objects.filter(org=tree["company"]).values_list("member_no", flat=True))
    assert len(numbers) == 5


# ------------------------------------------------------------------------------------------ re-import


def test_reimport_updates_by_id_number_instead_of_duplicating(tmp_path, tree, officer_a):
    number = new_id()
    first = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("陈一", number, 手机="13800000001",
                                                                         入会日期="2020-01-05")]))
    commit(first, officer_a)
    person = Person.objects.get(id_number=number)
    version = person.version
    second = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([
        row("陈一", number, 手机="13900000002", 部门="二车间", 入会日期="2020-01-05")]))
    assert (second.new_count, second.updated_count, second.rejected_count) == (0, 1, 0)
    result = commit(second, officer_a)
    assert result.committed and result.batch.updated_count == 1
    person.refresh_from_db()
    assert Person.objects.filter(id_number=number).count() == 1
    assert person.phone == "13900000002" and person.department == "二车间" and person.version == version + 1
    assert person.memberships.count() == 1  # membership untouched
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(person.pk)).latest("id")
    assert entry.changes["phone"] == ["138****0001", "139****0002"] and entry.actor == officer_a
    # The same sheet once more: nothing changes.
    third = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([
        row("陈一", number, 手机="13900000002", 部门="二车间", 入会日期="2020-01-05")]))
    result = commit(third, officer_a)
    assert (result.batch.updated_count, result.batch.unchanged_count) == (0, 1)


def test_blank_cells_do_not_erase_known_values(tmp_path, tree, officer_a, make_person):
    person = make_person(tree["company"], "蒋二", member=False, phone="13700000000", department="质检部")
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("蒋二", person.id_number, 岗位="质检员")]))
    commit(batch, officer_a)
    person.refresh_from_db()
    assert (person.phone, person.department, person.post) == ("13700000000", "质检部", "质检员")


def test_registered_non_member_with_join_date_is_admitted(tmp_path, tree, officer_a, make_person):
    person = make_person(tree["company"], "沈三", member=False)
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("沈三", person.id_number, 入会日期="2023-03-03")]))
    assert (batch.updated_count, batch.joined_count) == (1, 1)
    commit(batch, officer_a)
    person.refresh_from_db()
    assert person.member_status == Person.MemberStatus.ACTIVE and person.joined_on == datetime.date(2023, 3, 3)
    assert person.memberships.get().member_no == person.member_no


def test_existing_membership_is_not_rewritten(tmp_path, tree, officer_a, make_person):
    person = make_person(tree["company"], "韩四", joined=datetime.date(2019, 1, 1))
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("韩四", person.id_number, 入会日期="2020-01-01")]))
    assert batch.rejected_count == 1 and "导入不修改会籍信息" in batch.errors[0]["reason"]


def test_person_in_a_sub_organisation_is_updated_where_they_are(tmp_path, tree, officer_a, make_person):
    person = make_person(tree["branch"], "杨五", member=False)
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("杨五", person.id_number, 岗位="班长")]))
    commit(batch, officer_a)
    person.refresh_from_db()
    assert person.org == tree["branch"] and person.post == "班长"
    moved = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("杨五", person.id_number, 所在组织代码="A")]))
    assert "不能变更所在组织" in moved.errors[0]["reason"]


# ------------------------------------------------------------------------------------------ bad rows


def test_bad_check_digit(tmp_path, tree, officer_a):
    good = new_id()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("错号", bad)]))
    assert errors_of(batch) == [(2, "身份证号", "身份证号校验码错误，请核对是否录错")]
    assert batch.errors[0]["value"] == bad


def test_id_number_stored_as_number_that_lost_digits(tmp_path, tree, officer_a):
    number = new_id()
    lost = float(number[:15] + "000")
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("数字号", lost)]))
    assert batch.rejected_count == 1 and "文本" in batch.errors[0]["reason"]
    csv_batch = stage(tmp_path, tree["company"], officer_a, csv_bytes([row("科学计数", "1.10105E+17")]), "a.csv")
    assert "文本" in csv_batch.errors[0]["reason"]


def test_same_id_twice_in_file_reports_both_rows(tmp_path, tree, officer_a):
    number = new_id()
    rows = [row("甲", number), row("乙", new_id()), row("丙", number)]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    assert errors_of(batch) == [(2, "身份证号", "身份证号在文件中重复（与第4行相同）"),
                                (4, "身份证号", "身份证号在文件中重复（与第2行相同）")]
    assert (batch.rejected_count, batch.new_count) == (2, 1)


def test_member_of_another_union_is_refused_without_saying_who_or_where(tmp_path, tree, officer_a, make_person):
    other = make_person(tree["school"], "欧阳秘密")
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("冒用者", other.id_number, 入会日期="2020-01-01")]))
    assert batch.errors[0]["reason"] == "该身份证号已登记在其他工会，如需调入请办理转会"
    text = str(batch.errors) + str(batch.preview)
    assert "欧阳" not in text and "乙学校" not in text and "B-" not in text
    result = commit(batch, officer_a, ImportBatch.Mode.VALID_ONLY)
    assert not result.committed
    other.refresh_from_db()
    assert other.name == "欧阳秘密" and other.org == tree["school"]


def test_unknown_or_foreign_organisation_code(tmp_path, tree, officer_a):
    rows = [row("甲", new_id(), 所在组织代码="NOPE"), row("乙", new_id(), 所在组织代码="B"),
            row("丙", new_id(), 所在组织代码="a1g1")]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    reasons = [reason for _, _, reason in errors_of(batch)]
    assert len(reasons) == 2
    assert reasons[0] == "组织代码“NOPE”不存在，或不在“甲公司工会”及其下级组织范围内"
    assert reasons[1] == "组织代码“B”不存在，或不在“甲公司工会”及其下级组织范围内"
    assert batch.preview[0]["org"] == "一分会第一小组"


def test_future_birth_dates(tmp_path, tree, officer_a):
    today = datetime.date.today()
    future = today.replace(year=today.year + 1)
    future_id = idcard.make("110105", datetime.date(1990, 1, 1), 11)[:6] + f"{future:%Y%m%d}" + "011"
    future_id += idcard.check_char(future_id)
    rows = [row("甲", new_id(datetime.date(1990, 5, 17)), 出生日期=future.isoformat()), row("乙", future_id),
            row("丙", new_id(), 入会日期=future.isoformat())]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    reasons = {r: reason for r, _, reason in errors_of(batch)}
    assert reasons[2] == "出生日期不能晚于今天"
    assert "晚于今天" in reasons[3]
    assert reasons[4] == "入会日期不能晚于今天"


def test_other_row_errors_are_reported_with_row_and_column(tmp_path, tree, officer_a):
    rows = [row("", new_id()), row("甲", "", 性别="女"), row("乙", new_id(), 性别="女"),
            row("丙", new_id(), 手机="12345", 出生日期="1990-13-45", 学历="幼儿园", 月基本工资="很多"),
            row("丁", new_id(datetime.date(1990, 5, 17)), 出生日期="1990-05-18", 参加工作时间="1980-01-01")]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    got = errors_of(batch)
    columns = {(r, c) for r, c, _ in got}
    assert (2, "姓名") in columns and (3, "身份证号") in columns and (4, "性别") in columns
    assert {(5, "手机"), (5, "出生日期"), (5, "学历"), (5, "月基本工资")} <= columns
    assert (6, "出生日期") in columns and (6, "参加工作时间") in columns
    assert batch.rejected_count == 5 and batch.error_count == len(got)


def test_formula_like_values_are_stored_as_plain_text(tmp_path, tree, officer_a):
    number = new_id()
    evil = "=HYPERLINK(\"http://evil.example\",\"点我\")"
    batch = stage(tmp_path, tree["company"], officer_a, csv_bytes([row("公式", number, 备注=evil, 部门="+SUM(A1)",
                                                                       岗位="@cmd")]), "a.csv")
    assert batch.rejected_count == 0, batch.errors
    commit(batch, officer_a)
    person = Person.objects.get(id_number=number)
    assert (person.note, person.department, person.post) == (evil, "+SUM(A1)", "@cmd")


def test_row_limit(tmp_path, tree, officer_a, settings):
    settings.GONGHUI_IMPORT_MAX_ROWS = 5
    rows = [row(f"人{i}", new_id()) for i in range(6)]
    message = file_error(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    assert "5 行的上限" in message
    assert "5 行的上限" in file_error(tmp_path, tree["company"], officer_a, csv_bytes(rows), "a.csv")
    assert stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows[:5])).total_rows == 5


# ------------------------------------------------------------------------------------------ bad files


def test_missing_or_renamed_required_columns(tmp_path, tree, officer_a):
    data = xlsx_bytes([["张三", "320102198503071230"]], ["姓名", "身份编码"], raw_rows=True)
    message = file_error(tmp_path, tree["company"], officer_a, data)
    assert "缺少必填列：身份证号" in message and "姓名" not in message.split("缺少必填列")[1].split("。")[0]
    data = xlsx_bytes([["320102198503071230", "张三"]], ["身份证号", "名称"], raw_rows=True)
    assert "缺少必填列：姓名" in file_error(tmp_path, tree["company"], officer_a, data)


def test_no_header_row(tmp_path, tree, officer_a):
    data = xlsx_bytes([["张三", "320102198503071230"]], ["甲", "乙"], raw_rows=True)
    assert "没有找到表头行" in file_error(tmp_path, tree["company"], officer_a, data)


def test_duplicate_header_column(tmp_path, tree, officer_a):
    data = xlsx_bytes([["张三", new_id(), "13800000000", "13900000000"]], ["姓名", "身份证号", "手机", "联系电话"],
                      raw_rows=True)
    assert "“手机”列出现了两次" in file_error(tmp_path, tree["company"], officer_a, data)


def test_empty_files(tmp_path, tree, officer_a):
    assert "文件是空的" in file_error(tmp_path, tree["company"], officer_a, b"", "a.xlsx")
    assert "文件是空的" in file_error(tmp_path, tree["company"], officer_a, b"", "a.csv")
    assert "没有数据行" in file_error(tmp_path, tree["company"], officer_a, xlsx_bytes([]))
    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    assert "没有任何数据" in file_error(tmp_path, tree["company"], officer_a, out.getvalue())


def test_files_disguised_by_their_extension(tmp_path, tree, officer_a):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    assert "内容不是 Excel 文件" in file_error(tmp_path, tree["company"], officer_a, png, "a.xlsx")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "不是 Excel 工作簿" in file_error(tmp_path, tree["company"], officer_a, plain_zip.getvalue(), "a.xlsx")
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert "不是 Excel 工作簿" in file_error(tmp_path, tree["company"], officer_a, docx.getvalue(), "a.xlsx")
    assert "内容不是 Excel 文件" in file_error(tmp_path, tree["company"], officer_a, "姓名,身份证号\n".encode(), "a.xls")
    assert "网页" in file_error(tmp_path, tree["company"], officer_a, b"<html><table><tr><td>1</td></tr></table>", "a.xls")
    assert "不是文本表格" in file_error(tmp_path, tree["company"], officer_a, png, "a.csv")
    assert "只能导入" in file_error(tmp_path, tree["company"], officer_a, b"MZ\x90\x00", "roster.exe")
    # An .xls saved under an .xlsx name is still read (content decides between the Excel formats).
    batch = stage(tmp_path, tree["company"], officer_a, xls_bytes([row("改名", new_id())]), "a.xlsx")
    assert batch.file_kind == "xls" and batch.rejected_count == 0
    # A corrupt OLE2 file.
    assert "无法读取" in file_error(tmp_path, tree["company"], officer_a, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
                                    "a.xls")


def test_oversized_file_is_refused_before_parsing(tmp_path, tree, officer_a, settings, monkeypatch):
    settings.GONGHUI_MAX_UPLOAD_BYTES = 1000
    called = []
    monkeypatch.setattr(importing.excel, "sniff", lambda *a, **k: called.append(1))
    message = file_error(tmp_path, tree["company"], officer_a, b"x" * 1001, "a.csv")
    assert "超过 0 MB" in message or "上限" in message
    assert not called


def test_zip_bomb_is_refused_before_parsing(tmp_path, tree, officer_a, monkeypatch):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (40 * 1024 * 1024))
    data = bomb.getvalue()
    assert len(data) < 200 * 1024
    opened = []
    monkeypatch.setattr(importing.excel, "_read_workbook", lambda *a: opened.append(1))
    assert "压缩炸弹" in file_error(tmp_path, tree["company"], officer_a, data)
    assert not opened


# ------------------------------------------------------------------------------------------ commit


def test_all_or_nothing_and_valid_only(tmp_path, tree, officer_a):
    good_id = new_id()
    rows = [row("好人", good_id, 入会日期="2020-01-01"), row("坏人", "123")]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    result = commit(batch, officer_a, ImportBatch.Mode.ALL)
    assert not result.committed and "没有写入任何数据" in result.message
    assert not Person.objects.filter(id_number=good_id).exists()
    assert result.batch.status == ImportBatch.Status.VALIDATED
    result = commit(batch, officer_a, ImportBatch.Mode.VALID_ONLY)
    assert result.committed
    batch.refresh_from_db()
    assert (batch.status, batch.mode, batch.new_count, batch.rejected_count) == ("committed", "valid_only", 1, 1)
    assert batch.errors[0]["row"] == 3
    assert Person.objects.filter(id_number=good_id, member_status="active").exists()


def test_commit_is_idempotent(tmp_path, tree, officer_a):
    rows = [row(f"人{i}", new_id(), 入会日期="2020-01-01") for i in range(3)]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    first = commit(batch, officer_a)
    second = commit(batch, officer_a)
    assert first.committed and not second.committed and "没有重复处理" in second.message
    assert Person.objects.filter(org=tree["company"]).count() == 3
    assert Membership.objects.filter(org=tree["company"]).count() == 3
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 1
    discarded = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("弃", new_id())]))
    importing.discard_batch(discarded)
    discarded.refresh_from_db()
    assert discarded.status == "discarded" and not discarded.file
    assert not commit(discarded, officer_a).committed
    assert not Person.objects.filter(name="弃").exists()


def test_commit_revalidates_against_the_database(tmp_path, tree, officer_a, make_person):
    number = new_id()
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("后到", number)]))
    make_person(tree["school"], "先到", id_number=number)  # registered elsewhere meanwhile
    result = commit(batch, officer_a)
    assert not result.committed and result.batch.rejected_count == 1
    assert result.batch.errors[0]["reason"] == importing.OTHER_UNION


def test_missing_stored_file_fails_the_batch(tmp_path, tree, officer_a):
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("丢", new_id())]))
    batch.file.storage.delete(batch.file.name)
    result = commit(batch, officer_a)
    assert not result.committed and result.batch.status == ImportBatch.Status.FAILED
    assert result.batch.message == "导入文件已不存在，请重新上传。"


def test_audit_trail_of_an_import(tmp_path, tree, officer_a):
    rows = [row("审计甲", new_id(), 入会日期="2020-01-01", 手机="13811112222"), row("审计乙", new_id())]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    commit(batch, officer_a)
    created = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, content_type__model="person")
    assert created.count() == 2
    entry = created.get(object_repr="审计甲")
    assert entry.actor == officer_a and entry.source == "web" and entry.org_path == tree["company"].path
    assert entry.changes["phone"] == [None, "138****2222"] and "*" in entry.changes["id_number"][1]
    assert entry.changes["member_status"] == [None, "active"]
    assert entry.changes["member_no"][1].startswith("A-") and entry.changes["joined_on"] == [None, "2020-01-01"]
    summary = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert summary.changes["created"] == 2 and summary.changes["joined"] == 1 and summary.actor == officer_a
    assert summary.org_path == tree["company"].path


def test_import_uses_few_queries(tmp_path, tree, officer_a, django_assert_max_num_queries):
    rows = [row(f"批量{i}", new_id(), 入会日期="2020-01-01") for i in range(60)]
    data = xlsx_bytes(rows)
    path = tmp_path / "q.xlsx"
    path.write_bytes(data)
    with django_assert_max_num_queries(8):
        importing.validate_file(str(path), "q.xlsx", org=tree["company"], user=officer_a)
    batch = stage(tmp_path, tree["company"], officer_a, data)
    with django_assert_max_num_queries(30):
        commit(batch, officer_a)
    assert Person.objects.filter(org=tree["company"]).count() == 60


def test_a_clash_at_the_last_moment_writes_nothing_and_can_be_retried(tmp_path, tree, officer_a, monkeypatch):
    from django.db import IntegrityError

    rows = [row("并发甲", new_id(), 入会日期="2020-01-01"), row("并发乙", new_id())]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    real_write = importing._write

    def clashing_write(*args, **kwargs):
        real_write(*args, **kwargs)
        raise IntegrityError("UNIQUE constraint failed: members_person.id_number")

    monkeypatch.setattr(importing, "_write", clashing_write)
    result = commit(batch, officer_a)
    assert not result.committed and "没有写入任何数据" in result.message
    assert result.batch.status == ImportBatch.Status.VALIDATED
    assert not Person.objects.filter(name__startswith="并发").exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()
    monkeypatch.setattr(importing, "_write", real_write)
    assert commit(batch, officer_a).committed
    assert Person.objects.filter(name__startswith="并发").count() == 2


@pytest.mark.parametrize("cell", ["=1+2", "+86 138", "-5", "@home", "\tindented", "\rreturn"])
def test_export_apostrophe_comes_off_every_formula_prefix(cell):
    """What core.excel.neutralize writes imports back as the same cell would without it."""
    from gonghui.core.excel import neutralize
    from gonghui.members.importing import clean_text

    assert clean_text(neutralize(cell)) == clean_text(cell)
