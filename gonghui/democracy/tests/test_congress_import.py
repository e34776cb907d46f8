"""Delegates import through the core import engine: matched by ID number or member number, refused rows with
their reasons, delegations created, then written through delegate_elect."""
from __future__ import annotations

import datetime

import openpyxl
import pytest

from gonghui.core import importing
from gonghui.democracy.models import Delegate, Delegation
from gonghui.democracy.services import congress as services


def _sheet(tmp_path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "会员编号", "代表构成", "代表团（组）", "当选日期"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "代表.xlsx"
    book.save(path)
    return path


@pytest.fixture
def term(tree, officer_a):
    congress = services.congress_create(actor=officer_a, org=tree["company"])
    return services.term_open(actor=officer_a, congress=congress, number=2, started_on=datetime.date(2025, 3, 20))


def test_import_delegates(tmp_path, tree, officer_a, make_person, term):
    a = make_person(tree["company"], "王一", female=True)
    b = make_person(tree["branch"], "李二", birth=datetime.date(1998, 1, 1))
    c = make_person(tree["company"], "赵三")
    outsider = make_person(tree["school"], "钱四")
    nonmember = make_person(tree["company"], "孙五", member=False)
    services.delegate_elect(actor=officer_a, term=term, person=c, category="frontline")
    path = _sheet(tmp_path, [
        ["王一", a.id_number, "", "一线职工", "第一代表团", ""],
        ["李二", "", b.member_no, "专业技术人员", "第一代表团", "2025-03-20"],
        ["赵三", c.id_number, "", "一线职工", "", ""],  # already a delegate
        ["钱四", outsider.id_number, "", "一线职工", "", ""],  # another union's person
        ["孙五", nonmember.id_number, "", "一线职工", "", ""],  # not a member
        ["王二", a.id_number, "", "一线职工", "", ""],  # name does not match
        ["周六", "", "", "中层以上管理人员", "", ""],  # neither number
        ["王一", a.id_number, "", "厂长", "", ""],  # unknown category
    ])
    importer = importing.get("democracy-delegates")
    _, analysis = importing.validate_file(importer, path, "代表.xlsx", org=tree["company"], user=officer_a)
    reasons = {e.row: e.reason for e in analysis.errors}
    assert analysis.new_count == 2, reasons
    assert "已是" in reasons[4] and "找不到" in reasons[5] and "不是在册会员" in reasons[6]
    assert "不一致" in reasons[7] and "至少填一项" in reasons[8] and "代表构成" in reasons[9]
    batch = importing.stage_upload(importer, org=tree["company"], user=officer_a, path=path, filename="代表.xlsx")
    importing.commit_batch(importer, batch, user=officer_a, mode="valid_only")
    made = {d.person.name: d for d in Delegate.objects.filter(term=term).select_related("person", "delegation")}
    assert set(made) == {"王一", "李二", "赵三"}
    assert made["王一"].is_woman and made["李二"].is_young and made["李二"].category == "technical"
    assert made["王一"].delegation.name == "第一代表团" and Delegation.objects.filter(term=term).count() == 1


def test_import_without_a_term_is_refused(tmp_path, tree, officer_a, make_person):
    a = make_person(tree["company"], "王一")
    path = _sheet(tmp_path, [["王一", a.id_number, "", "一线职工", "", ""]])
    importer = importing.get("democracy-delegates")
    _, analysis = importing.validate_file(importer, path, "代表.xlsx", org=tree["company"], user=officer_a)
    assert analysis.new_count == 0 and "没有正在任期内" in analysis.errors[0].reason


def test_wizard_and_template(client, officer_a, term):
    client.force_login(officer_a)
    assert client.get("/import/democracy-delegates/").status_code == 200
    response = client.get("/import/democracy-delegates/template/")
    assert response.status_code == 200
    import io

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                             else response.content))
    headers = [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))]
    assert any("姓名" in str(h) for h in headers) and any("代表构成" in str(h) for h in headers)
