"""Imports of suggestions and honours through the import engine: rows checked (person in the union, benefit needs its
verification date, a 不采纳 suggestion is not adopted), then committed; the exports open."""
from openpyxl import Workbook

from gonghui.achievements.models import Honour, Suggestion
from gonghui.core import importing
from gonghui.members.models import Person

SUGGESTION_HEAD = ["建议人", "建议名称", "存在问题", "建议内容", "提交日期", "评定等级", "采纳日期", "实施部门", "经济效益（元）",
                   "效益核实日期"]
HONOUR_HEAD = ["对象", "姓名", "集体名称", "荣誉类别", "荣誉称号", "级别", "年度", "授予单位", "授予日期"]


def _sheet(tmp_path, name, head, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_suggestions_import(tmp_path, world):
    importer = importing.get("achievements_suggestions")
    bad = _sheet(tmp_path, "s.xlsx", SUGGESTION_HEAD, [
        ["王金点", "节能", "耗电大", "换灯", "2025-03-01", "二等", "2025-03-10", "设备部", 5000, None],
        ["周老师", "乙校的", "问题", "措施", "2025-03-01", None, None, None, None, None],
        ["王金点", "不采纳的", "问题", "措施", "2025-03-01", "不采纳", "2025-03-10", "设备部", None, None]])
    _, analysis = importing.validate_file(importer, bad, "s.xlsx", org=world["company"], user=world["officer"])
    reasons = " ".join(e.reason for e in analysis.errors)
    assert "须填写效益核实日期" in reasons and "没有名为“周老师”" in reasons and "不采纳的建议不能有采纳日期" in reasons
    good = _sheet(tmp_path, "s2.xlsx", SUGGESTION_HEAD, [
        ["王金点", "节能灯具", "耗电大", "换LED灯", "2025-03-01", "二等", "2025-03-10", "设备部", "5,000.50", "2025-06-30"],
        ["李协作", "错峰就餐", "排队久", "错峰", "2025-04-01", None, None, None, None, None]])
    batch = importing.stage_upload(importer, org=world["company"], user=world["officer"], path=good, filename="s2.xlsx")
    assert batch.rejected_count == 0
    assert importing.commit_batch(importer, batch, user=world["officer"]).committed
    s = Suggestion.objects.get(title="节能灯具")
    assert s.state == Suggestion.State.VERIFIED and str(s.benefit) == "5000.50" and s.org == world["branch"]
    assert Suggestion.objects.get(title="错峰就餐").state == Suggestion.State.SUBMITTED


def test_honours_import(tmp_path, world):
    importer = importing.get("achievements_honours")
    bad = _sheet(tmp_path, "h.xlsx", HONOUR_HEAD, [
        ["个人", "周老师", None, "先进个人", "乙校", "市级", 2025, "市教育局", "2025-09-10"],
        ["集体", None, None, "工人先锋号", "x", "市级", 2025, "市总工会", "2025-04-28"],
        ["个人", "赵评审", None, "五一劳动奖章", "x", "市级", 2025, "市总工会", "2021-04-28"]])
    _, analysis = importing.validate_file(importer, bad, "h.xlsx", org=world["company"], user=world["officer"])
    reasons = " ".join(e.reason for e in analysis.errors)
    assert "没有名为“周老师”" in reasons and "请填写集体名称" in reasons and "与年度2025年不符" in reasons
    good = _sheet(tmp_path, "h2.xlsx", HONOUR_HEAD, [
        ["个人", "赵评审", None, "劳模", "2025年市劳动模范", "市级", "2025年", "市人民政府", "2025-04-28"],
        ["集体", None, "机修车间", "工人先锋号", "省工人先锋号", "省级", 2025, "省总工会", "2025-04-28"]])
    batch = importing.stage_upload(importer, org=world["company"], user=world["officer"], path=good, filename="h2.xlsx")
    assert batch.rejected_count == 0
    assert importing.commit_batch(importer, batch, user=world["officer"]).committed
    assert Honour.objects.filter(org__path__startswith=world["company"].path).count() == 2
    assert Person.objects.get(pk=world["judges"][0].pk).model_worker == Person.ModelWorker.MUNICIPAL


def test_exports(client, world):
    client.force_login(world["officer"])
    for name in ("achievements:suggestion_list", "achievements:honour_list"):
        from django.urls import reverse

        response = client.get(reverse(name) + "?export=xlsx")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
