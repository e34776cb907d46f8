"""API of competitions (list, detail with ranking, POST a round's scores) and mentoring (list, POST a pair, assess),
scoped like the pages; imports of competition results and of mentoring pairs through the import engine."""
import datetime

from openpyxl import Workbook
from rest_framework.test import APIClient

from gonghui.achievements.models import Competition, CompetitionEntry, CompetitionScore, MentorPair
from gonghui.achievements.services import competitions as services
from gonghui.core import importing


def _contest(w, **extra):
    c = services.competition_create(actor=w["officer"], org=w["company"], name="2025年安康杯竞赛",
                                    kind=Competition.Kind.ANKANG, starts_on=datetime.date(2025, 4, 1),
                                    ends_on=datetime.date(2025, 9, 30), rounds=2, max_score=100, **extra)
    teams = [services.entry_add(actor=w["officer"], competition=c, team=t, members=5) for t in ("机修班", "冲压班")]
    return c, teams


def test_competition_api(world):
    c, (a, b) = _contest(world)
    api = APIClient()
    api.force_authenticate(world["officer"])
    listed = api.get("/api/achievements/competitions/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["name"] for r in rows] == ["2025年安康杯竞赛"]
    url = f"/api/achievements/competitions/{c.pk}/scores/"
    bad = api.post(url, {"round": 1, "scores": {str(a.pk): "90", str(b.pk): "120"}}, format="json")
    assert bad.status_code == 400 and "冲压班：得分应在0至100分之间" in str(bad.json()), bad.json()
    assert not CompetitionScore.objects.exists()
    ok = api.post(url, {"round": 1, "scores": {str(a.pk): "90", str(b.pk): "95.5"}}, format="json")
    assert ok.status_code == 200, ok.json()
    ranking = ok.json()["ranking"]
    assert [(e["name"], e["rank"], e["total"]) for e in ranking] == [("冲压班", 1, "95.5"), ("机修班", 2, "90.0")]
    assert ranking[0]["scores"] == {"1": "95.5"}
    assert api.get(f"/api/achievements/competitions/{c.pk}/").json()["ranking"][0]["name"] == "冲压班"
    api.force_authenticate(world["officer_b"])
    assert api.get(f"/api/achievements/competitions/{c.pk}/").status_code == 404
    assert api.post(url, {"round": 1, "scores": {str(a.pk): "1"}}, format="json").status_code == 404
    listed = api.get("/api/achievements/competitions/").json()
    assert "2025年安康杯竞赛" not in str(listed)
    assert CompetitionEntry.objects.get(pk=a.pk).total == 90


def test_mentoring_api(world):
    api = APIClient()
    api.force_authenticate(world["officer"])
    body = {"org": world["company"].pk, "master": world["judges"][0].pk, "apprentice": world["author"].pk,
            "started_on": "2025-03-01", "goals": "独立操作数控车床", "due_on": "2026-03-01"}
    created = api.post("/api/achievements/mentoring/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["master_name"] == "赵评审"
    same = api.post("/api/achievements/mentoring/", {**body, "apprentice": world["judges"][0].pk}, format="json")
    assert same.status_code == 400 and "同一人" in str(same.json())
    outsider = api.post("/api/achievements/mentoring/", {**body, "apprentice": world["b_person"].pk}, format="json")
    assert outsider.status_code == 404
    assess = f"/api/achievements/mentoring/{pk}/assess/"
    assert api.post(assess, {"outcome": "passed", "on": "2026-02-20"}, format="json").json()["outcome"] == "passed"
    again = api.post(assess, {"outcome": "failed", "on": "2026-02-21"}, format="json")
    assert again.status_code == 400 and "已于2026年2月20日考核" in str(again.json())
    api.force_authenticate(world["officer_b"])
    assert api.get(f"/api/achievements/mentoring/{pk}/").status_code == 404
    assert api.post(assess, {"outcome": "failed", "on": "2026-02-21"}, format="json").status_code == 404
    assert MentorPair.objects.get(pk=pk).outcome == "passed"


def _sheet(tmp_path, name, head, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


RESULT_HEAD = ["竞赛名称", "参赛班组/职工", "参赛人数", "轮次", "得分"]


def test_competition_results_import(tmp_path, world):
    c, _ = _contest(world)
    importer = importing.get("achievements_competition_results")
    bad = _sheet(tmp_path, "r.xlsx", RESULT_HEAD, [
        ["2025年安康杯竞赛", "机修班", None, 1, 101],
        ["2025年安康杯竞赛", "机修班", None, 3, 50],
        ["没有的竞赛", "机修班", None, 1, 50],
        ["2025年安康杯竞赛", "冲压班", None, "第1轮", "88.25"]])
    _, analysis = importing.validate_file(importer, bad, "r.xlsx", org=world["company"], user=world["officer"])
    reasons = " ".join(e.reason for e in analysis.errors)
    assert "机修班：得分应在0至100分之间" in reasons and "该竞赛共2轮" in reasons
    assert "没有这项竞赛" in reasons and "最多保留一位小数" in reasons, reasons
    good = _sheet(tmp_path, "r2.xlsx", RESULT_HEAD, [
        ["2025年安康杯竞赛", "机修班", None, 1, 90],
        ["2025年安康杯竞赛", "机修班", None, "第2轮", "92.5"],
        ["2025年安康杯竞赛", "装配班", 9, 1, 85]])
    batch = importing.stage_upload(importer, org=world["company"], user=world["officer"], path=good, filename="r2.xlsx")
    assert batch.rejected_count == 0
    assert importing.commit_batch(importer, batch, user=world["officer"]).committed
    totals = dict(CompetitionEntry.objects.filter(competition=c).values_list("team", "total"))
    assert {k: str(v) for k, v in totals.items()} == {"机修班": "182.5", "冲压班": "0.0", "装配班": "85.0"}
    assert CompetitionEntry.objects.get(competition=c, team="装配班").members == 9


def test_mentor_pairs_import(tmp_path, world):
    importer = importing.get("achievements_mentor_pairs")
    head = ["师傅", "徒弟", "结对日期", "培养目标", "计划出师日期", "考核结果", "考核日期"]
    bad = _sheet(tmp_path, "m.xlsx", head, [
        ["赵评审", "赵评审", "2025-03-01", None, None, None, None],
        ["赵评审", "周老师", "2025-03-01", None, None, None, None],
        ["钱评审", "王金点", "2025-03-01", None, "2025-02-01", "合格", None]])
    _, analysis = importing.validate_file(importer, bad, "m.xlsx", org=world["company"], user=world["officer"])
    reasons = " ".join(e.reason for e in analysis.errors)
    assert "同一人" in reasons and "没有名为“周老师”" in reasons and "计划出师日期应晚于结对日期" in reasons
    assert "须填写考核日期" in reasons, reasons
    assert {e.column for e in analysis.errors} >= {"徒弟", "计划出师日期"}
    good = _sheet(tmp_path, "m2.xlsx", head, [
        ["赵评审", "王金点", "2024-03-01", "独立操作", "2025-03-01", "合格", "2025-03-05"],
        ["钱评审", "孙评审", "2025-03-01", None, None, None, None]])
    batch = importing.stage_upload(importer, org=world["company"], user=world["officer"], path=good, filename="m2.xlsx")
    assert batch.rejected_count == 0
    assert importing.commit_batch(importer, batch, user=world["officer"]).committed
    assert MentorPair.objects.count() == 2
    assert MentorPair.objects.get(apprentice=world["author"]).outcome == MentorPair.Outcome.PASSED
