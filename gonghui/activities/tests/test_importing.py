"""Imports through the core engine: past events (counted in last year's figures, no double import) and training
attendance lists (one course per topic and day, people found inside the union, names checked)."""
import datetime

import pytest
from openpyxl import Workbook

from gonghui.activities.models import Attendance, Course, Event
from gonghui.core import importing
from gonghui.reports import registry
from gonghui.reports.periods import Period

pytestmark = pytest.mark.django_db
LAST_YEAR = datetime.date.today().year - 1


def _sheet(tmp_path, name, header, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_past_events(tmp_path, world):
    o, org = world["officer"], world["company"]
    importer = importing.get("past_events")
    header = ["活动名称", "活动类型", "举办日期", "组织方式", "主办单位", "参加人数", "预算", "实际支出"]
    bad = _sheet(tmp_path, "bad.xlsx", header, [["篮球赛", "球赛", f"{LAST_YEAR}-05-01", "上级", "", "12人", "", ""],
                                                ["联欢会", "晚会", "2099-01-01", "本会", "", "abc", "", ""]])
    _, analysis = importing.validate_file(importer, bad, "bad.xlsx", org=org, user=o)
    reasons = " ".join(e.reason for e in analysis.errors)
    assert "请填写主办单位" in reasons and "今天之后" in reasons and "应为整数" in reasons
    good = _sheet(tmp_path, "good.xlsx", header, [
        ["迎新春联欢会", "联欢", f"{LAST_YEAR}-01-20", "本会", "", 320, 18000, 17500],
        ["区职工篮球赛", "体育比赛", f"{LAST_YEAR}-06-14", "上级", "区总工会", 14, "", ""]])
    batch = importing.stage_upload(importer, org=org, user=o, path=good, filename="good.xlsx")
    assert batch.rejected_count == 0
    assert importing.commit_batch(importer, batch, user=o).committed
    got = registry.compute(["activities.events.count", "activities.events.participants", "activities.events.upper"],
                           org, Period.year(LAST_YEAR))
    assert got == {"activities.events.count": 1, "activities.events.participants": 334, "activities.events.upper": 1}
    _, again = importing.validate_file(importer, good, "good.xlsx", org=org, user=o)
    assert "不再重复导入" in " ".join(e.reason for e in again.errors)
    assert Event.objects.filter(org=org).count() == 2


def test_training_attendance(tmp_path, world):
    o, org = world["officer"], world["company"]
    m = world["members"]
    importer = importing.get("training_attendance")
    header = ["培训主题", "培训日期", "培训类别", "学时", "姓名", "会员编号"]
    day = f"{LAST_YEAR}-03-20"
    rows = [["工会干部培训班", day, "工会干部", 6, p.name, p.member_no] for p in m[:3]]
    bad = _sheet(tmp_path, "bad.xlsx", header, rows + [["工会干部培训班", day, "工会干部", 6, "错名字", m[3].member_no],
                                                        ["工会干部培训班", day, "工会干部", 6, "郑外",
                                                         world["outsider"].member_no]])
    _, analysis = importing.validate_file(importer, bad, "bad.xlsx", org=org, user=o)
    reasons = " ".join(e.reason for e in analysis.errors)
    assert "姓名与登记的" in reasons and "没有此人" in reasons
    good = _sheet(tmp_path, "good.xlsx", header, rows)
    batch = importing.stage_upload(importer, org=org, user=o, path=good, filename="good.xlsx")
    assert importing.commit_batch(importer, batch, user=o).committed
    assert Course.objects.filter(org=org).count() == 1 and Attendance.objects.count() == 3
    got = registry.compute(["activities.training.sessions", "activities.training.cadres"], org, Period.year(LAST_YEAR))
    assert got == {"activities.training.sessions": 1, "activities.training.cadres": 3}
