"""An officer imports a roster with errors, reads the error report, fixes the sheet and imports it."""
import io

from playwright.sync_api import expect

from conftest import PASSWORD
from gonghui.accounts.roles import Role
from gonghui.members.models import Person
from gonghui.members.tests.import_helpers import new_id, row, xlsx_bytes


def _upload(page, org_name: str, content: bytes, filename: str):
    page.goto("/people/import/")
    page.select_option("#id_org", label=org_name)
    page.set_input_files("#id_file", files=[{"name": filename, "mimeType": "application/octet-stream",
                                              "buffer": content}])
    page.click("#import-upload-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_import_with_errors_then_fix_and_commit(page, login, shot, tree, make_user):
    from openpyxl import load_workbook

    make_user("importer", Role.OFFICER, tree["company"])
    good = [row("王建国", new_id(), 入会日期="2020/1/5", 部门="一车间"),
            row("李秀英", new_id(female=True), 入会日期="2021年3月8日", 手机="１３８００１３８０００")]
    bad_id = new_id()
    broken = bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1")  # a wrong check digit
    rows = good + [row("赵错号", broken, 入会日期="2022-02-02")]

    login("importer", PASSWORD)
    _upload(page, "甲公司工会", xlsx_bytes(rows), "花名册.xlsx")
    expect(page.locator("#count-rejected")).to_have_text("1")
    expect(page.locator("#import-errors")).to_contain_text("校验码")
    shot("import_preview_with_errors")

    # The error report names the row, the column and the reason.
    with page.expect_download() as download_info:
        page.click("text=下载错误报告（.xlsx）")
    report = load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read()))
    cells = [str(c) for r in report.active.iter_rows(values_only=True) for c in r if c is not None]
    assert any("校验码" in c for c in cells) and "身份证号" in cells

    # All or nothing: nothing was written yet. The officer fixes the ID and uploads again.
    assert not Person.objects.filter(name__in=["王建国", "李秀英", "赵错号"]).exists()
    rows[-1]["身份证号"] = bad_id
    _upload(page, "甲公司工会", xlsx_bytes(rows), "花名册（已改）.xlsx")
    expect(page.locator("#count-rejected")).to_have_text("0")
    page.click("button:has-text('确认导入')")
    page.wait_for_load_state("networkidle")
    shot("import_after_commit")
    expect(page.locator("#import-result-counts")).to_contain_text("3")
    shot("import_result")

    people = Person.objects.filter(name__in=["王建国", "李秀英", "赵错号"])
    assert people.count() == 3 and all(p.member_status == Person.MemberStatus.ACTIVE for p in people)
    assert Person.objects.get(name="李秀英").phone == "13800138000"

    # Re-importing the same sheet updates by ID number instead of duplicating anyone.
    _upload(page, "甲公司工会", xlsx_bytes(rows), "花名册（再次）.xlsx")
    expect(page.locator("#count-new")).to_have_text("0")
