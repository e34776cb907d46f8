"""隐患信息导入 through the core import engine: states with their department and dates, bad rows named."""
from __future__ import annotations

import datetime
import io

from openpyxl import Workbook

from gonghui.core import importing
from gonghui.rights.models import Hazard, HazardState


def _file(tmp_path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["上报日期", "隐患类别", "地点", "隐患情况", "报告人", "状态", "承办部门", "整改日期", "计划完成日期",
                  "处理情况"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "隐患.xlsx"
    book.save(path)
    return path


def test_import_hazard_list(tmp_path, officer_a, tree, department):
    d = datetime.date(2025, 3, 1)
    path = _file(tmp_path, [
        [d, "消防安全", "仓库", "灭火器过期", "张三", "已整改", "安全环保部", datetime.date(2025, 3, 5), None, "已更换"],
        [d, "设备", "一车间", "防护罩松动", "李四", "正在落实", "安全环保部", None, datetime.date(2025, 6, 1), "采购"],
        [d, "用电", "宿舍", "电线老化", "王五", "不属实", None, None, None, "现场核实无此情况"],
        [d, "其他", "食堂", "地滑", "赵六", "已上报", None, None, None, None],
    ])
    from django.core.management import call_command

    assert importing.get("hazards").title == "隐患信息导入"
    call_command("import", "hazards", str(path), "--org", tree["company"].code, "--user", officer_a.username,
                 stdout=io.StringIO())
    assert Hazard.objects.count() == 4
    fixed = Hazard.objects.get(location="仓库")
    assert fixed.state == HazardState.FIXED and fixed.department == department and fixed.fixed_on.day == 5
    assert Hazard.objects.get(location="一车间").due_on == datetime.date(2025, 6, 1)


def test_bad_rows_are_named(tmp_path, officer_a, tree, department):
    import pytest
    from django.core.management import call_command
    from django.core.management.base import CommandError

    d = datetime.date(2025, 3, 1)
    path = _file(tmp_path, [
        [d, "消防安全", "仓库", "灭火器过期", "张三", "已整改", "不存在的部门", None, None, None],
    ])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "hazards", str(path), "--org", tree["company"].code, "--user", officer_a.username,
                     stdout=out, stderr=out)
    text = out.getvalue()
    assert "没有登记“不存在的部门”" in text and "已整改的，请填写整改日期" in text, text
    assert Hazard.objects.count() == 0
