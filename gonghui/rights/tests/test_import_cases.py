"""调解案件导入 through the core import engine: numbers drawn or kept, states from the dates, figures count the
imported cases; bad rows named by row and column (dates out of order, amount above the claim without a reason,
duplicates in the file and against the union) and nothing written."""
from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from gonghui.core import importing
from gonghui.rights.models import DisputeCase, DisputeKind, DisputeOutcome, DisputeState

HEADER = ["案号", "申请人", "是否会员", "被申请人", "争议类型", "请求金额（元）", "收到申请日期", "受理日期", "结案日期",
          "调解结果", "协议金额（元）", "超出请求的理由", "调解员", "争议事实与请求"]
D = datetime.date


def _file(tmp_path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "调解案件.xlsx"
    book.save(path)
    return path


def _run(path, org, user, out=None):
    out = out or io.StringIO()
    call_command("import", "cases", str(path), "--org", org.code, "--user", user.username, stdout=out, stderr=out)
    return out.getvalue()


def test_import_past_cases(tmp_path, officer_a, tree):
    from gonghui.rights.services import disputes

    disputes.case_register(actor=officer_a, org=tree["company"], applicant_name="现有", other_party="甲公司",
                           kind=DisputeKind.PAY, details="x", received_on=D(2024, 1, 5))  # 调2024-001
    path = _file(tmp_path, [
        [None, "赵六", "是", "甲公司", "拖欠工资", "12000", D(2024, 3, 1), D(2024, 3, 2), D(2024, 3, 10), "调解成功",
         "10000", None, "王调解", "拖欠两个月工资"],
        ["调2024-009", "钱七", "否", "甲公司", "工伤", None, D(2024, 4, 1), D(2024, 4, 2), D(2024, 4, 20), "转仲裁",
         None, None, None, None],
        [None, "孙八", "是", "甲公司", "加班费", "3000", D(2024, 5, 1), D(2024, 5, 2), D(2024, 5, 3), "调解成功",
         "3500", "含经济补偿", None, None],
        [None, "李九", None, "甲公司", "社会保险", None, D(2025, 2, 1), None, None, None, None, None, None, None],
    ])
    assert importing.get("cases").title == "调解案件导入"
    _run(path, tree["company"], officer_a)
    cases = {c.applicant_name: c for c in DisputeCase.objects.filter(org=tree["company"])}
    assert len(cases) == 5
    zhao, qian, sun, li = cases["赵六"], cases["钱七"], cases["孙八"], cases["李九"]
    assert zhao.number == "调2024-010" and sun.number == "调2024-011"  # after 001 and the file's 009
    assert qian.number == "调2024-009" and not qian.is_member and qian.outcome == DisputeOutcome.ARBITRATION
    assert li.number == "调2025-001" and li.state == DisputeState.APPLIED
    assert zhao.state == DisputeState.CLOSED and zhao.agreement_amount == Decimal("10000.00")
    assert zhao.due_on == D(2024, 3, 17) and zhao.details == "拖欠两个月工资"
    assert sun.over_claim_reason == "含经济补偿"
    # the next case registered on the page draws after the imported numbers
    nxt = disputes.case_register(actor=officer_a, org=tree["company"], applicant_name="新", other_party="甲公司",
                                 kind=DisputeKind.PAY, details="x", received_on=D(2024, 6, 1))
    assert nxt.number == "调2024-012"
    from gonghui.core.metrics import compute_many
    from gonghui.reports import registry

    values = compute_many([registry.get("rights.disputes.success")], tree["company"], D(2024, 1, 1), D(2024, 12, 31))
    assert values["rights.disputes.success"] == 2


def test_bad_rows_named_by_row_and_column(tmp_path, officer_a, tree):
    from gonghui.rights.services import disputes

    old = disputes.case_register(actor=officer_a, org=tree["company"], applicant_name="周一", other_party="甲公司",
                                 kind=DisputeKind.PAY, details="x", received_on=D(2024, 1, 5))
    path = _file(tmp_path, [
        [None, "赵六", "是", "甲公司", "劳动报酬", "12000", D(2024, 3, 1), D(2024, 3, 5), D(2024, 3, 4), "调解成功",
         None, None, None, None],  # row 2: closed before accepted
        [None, "钱七", "是", "甲公司", "劳动报酬", "1000", D(2024, 3, 1), D(2024, 3, 2), D(2024, 3, 9), "调解成功",
         "1500", None, None, None],  # row 3: above the claim without a reason
        ["调2024-100", "孙八", "是", "甲公司", "加班", None, D(2024, 3, 1), None, None, None, None, None, None, None],
        ["调2024-100", "李九", "是", "甲公司", "加班", None, D(2024, 3, 2), None, None, None, None, None, None, None],
        [old.number, "吴十", "是", "甲公司", "加班", None, D(2024, 3, 3), None, None, None, None, None, None, None],
        [None, "周一", "是", "甲公司", "劳动报酬", None, D(2024, 1, 5), None, None, None, None, None, None, None],
        [None, "郑二", "是", "甲公司", "打架", None, D(2024, 3, 1), None, D(2024, 3, 9), None, None, None, None,
         None],
        [None, "王三", "是", "甲公司", "加班", None, D(2024, 3, 1), D(2024, 3, 2), D(2024, 3, 9), "调解不成", "100",
         None, None, None],
    ])
    out = io.StringIO()
    with pytest.raises(CommandError):
        _run(path, tree["company"], officer_a, out)
    text = out.getvalue()
    for expected in ("第2行 | 结案日期 | 2024-03-04 | 结案日期早于受理日期", "第3行 | 协议金额", "超过请求金额", "第5行 | 案号", "案号与第4行重复",
                     "已有案号为“调2024-001”", "第7行", "该案件已登记过", "争议类型“打架”无法识别",
                     "已结案的，请填写受理日期", "已结案的，请填写调解结果", "只有调解成功的案件才有协议金额"):
        assert expected in text, (expected, text)
    assert DisputeCase.objects.count() == 1



def test_wizard_pages_and_template(client, officer_a, officer_b, tree, make_user):
    from gonghui.accounts.roles import Role

    client.force_login(officer_a)
    page = client.get("/import/cases/")
    assert page.status_code == 200 and "调解案件导入" in page.content.decode()
    template = client.get("/import/cases/template/")
    assert template.status_code == 200
    from openpyxl import load_workbook

    data = b"".join(template.streaming_content) if template.streaming else template.content
    headers = [c.value for c in load_workbook(io.BytesIO(data)).worksheets[0][1] if c.value]
    assert "案号" in headers and "收到申请日期" in headers
    women = make_user("women_a", Role.WOMEN, tree["company"])  # RIGHTS_VIEW only
    client.force_login(women)
    assert client.get("/import/cases/").status_code in (403, 404)
