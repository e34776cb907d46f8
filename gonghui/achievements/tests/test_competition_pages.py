"""Competition pages: create and edit, entries (teams and people), a round's score sheet (a score outside the range
is refused naming the entry, nothing of the sheet is written), finishing with awards and the honours their title
becomes (once, also when finished twice), the exports, and another union's ids (404)."""
import datetime
import io
from decimal import Decimal

import openpyxl
from django.urls import reverse

from gonghui.achievements.models import Competition, CompetitionEntry, CompetitionScore, Honour, HonourLevel
from gonghui.achievements.services import competitions as services


def _create(client, **extra):
    data = {"name": "2025年安康杯竞赛", "kind": "ankang", "trade": "", "starts_on": "2025-04-01",
            "ends_on": "2025-09-30", "rules": "安全无事故、隐患排查", "team_based": "1", "rounds": "2",
            "max_score": "100"}
    data.update(extra)
    return client.post(reverse("achievements:competition_add"), data)


def _sheet(client, c, round, values):
    data = {f"e{e.pk}": values.get(str(e), "") for e in c.entries.all()}
    return client.post(reverse("achievements:competition_scores", args=[c.pk, round]), data)


def test_officer_runs_a_competition_on_pages(client, world):
    client.force_login(world["officer"])
    assert client.get(reverse("achievements:competition_add")).status_code == 200
    response = _create(client)
    c = Competition.objects.get(name="2025年安康杯竞赛")
    assert response.status_code == 302 and response.url == reverse("achievements:competition_detail", args=[c.pk])
    assert c.org == world["company"] and c.rounds == 2 and c.team_based
    bad = _create(client, name="倒序竞赛", starts_on="2025-10-01")
    assert bad.status_code == 200 and "结束不早于开始" in bad.content.decode()
    for team, n in (("机修班", 8), ("冲压班", 12), ("装配班", 10)):
        assert client.post(reverse("achievements:competition_entry_add", args=[c.pk]),
                           {"team": team, "members": n}).status_code == 302
    assert c.entries.count() == 3
    page = client.get(reverse("achievements:competition_scores", args=[c.pk, 1])).content.decode()
    assert "机修班" in page and "冲压班" in page
    # a score out of range: the entry is named, nothing of the sheet is written
    bad = _sheet(client, c, 1, {"机修班": "90", "冲压班": "101", "装配班": "88.25"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "冲压班：得分应在0至100分之间，填写的是101分" in html, html
    assert "装配班：得分最多保留一位小数" in html
    assert not CompetitionScore.objects.filter(entry__competition=c).exists()
    assert _sheet(client, c, 1, {"机修班": "90", "冲压班": "95.5", "装配班": "88"}).status_code == 302
    assert _sheet(client, c, 2, {"机修班": "92", "冲压班": "96", "装配班": "85"}).status_code == 302
    assert client.get(reverse("achievements:competition_scores", args=[c.pk, 3])).status_code == 404
    # the sheet shows what was entered; entered again it replaces
    assert 'value="95.5"' in client.get(reverse("achievements:competition_scores", args=[c.pk, 1])).content.decode()
    assert CompetitionEntry.objects.get(competition=c, team="冲压班").total == Decimal("191.5")
    # editing: the rounds cannot drop below a scored one, the maximum not below a score
    edit = client.post(reverse("achievements:competition_edit", args=[c.pk]),
                       {"name": "2025年安康杯竞赛", "kind": "ankang", "starts_on": "2025-04-01", "ends_on": "2025-09-30",
                        "team_based": "1", "rounds": "1", "max_score": "100"})
    assert "第2轮已有得分，轮次不能少于2" in edit.content.decode()
    edit = client.post(reverse("achievements:competition_edit", args=[c.pk]),
                       {"name": "2025年安康杯竞赛", "kind": "ankang", "starts_on": "2025-04-01", "ends_on": "2025-09-30",
                        "rules": "新规则", "team_based": "1", "rounds": "3", "max_score": "100"})
    assert edit.status_code == 302
    c.refresh_from_db()
    assert c.rounds == 3 and c.rules == "新规则"
    finish = {"finished_on": "2025-10-08", "title": "安康杯优胜班组"}
    assert client.post(reverse("achievements:competition_finish", args=[c.pk]), finish).status_code == 302
    awards = dict(CompetitionEntry.objects.filter(competition=c).values_list("team", "award"))
    assert awards == {"冲压班": "一等奖", "机修班": "二等奖", "装配班": "二等奖"}
    honours = Honour.objects.filter(note__contains="2025年安康杯竞赛")
    assert sorted(honours.values_list("unit_name", flat=True)) == ["冲压班", "机修班", "装配班"]
    assert {h.level for h in honours} == {HonourLevel.INTERNAL} and honours[0].state == Honour.State.APPROVED
    # finishing twice: no second set of honours, and the pages are closed
    client.post(reverse("achievements:competition_finish", args=[c.pk]), finish)
    services.competition_finish(actor=world["officer"], competition=c, on=datetime.date(2025, 10, 9),
                                title="安康杯优胜班组")
    assert Honour.objects.filter(note__contains="2025年安康杯竞赛").count() == 3
    assert "竞赛已评定" in _sheet(client, c, 1, {"机修班": "10"}).content.decode()
    html = client.get(reverse("achievements:competition_detail", args=[c.pk])).content.decode()
    assert "一等奖" in html and "安康杯优胜班组" in html and "已评定" in html
    # exports: the list and the ranking
    book = openpyxl.load_workbook(io.BytesIO(b"".join(
        client.get(reverse("achievements:competition_list") + "?export=xlsx").streaming_content)))
    assert "2025年安康杯竞赛" in [str(v) for row in book.active.iter_rows(values_only=True) for v in row]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(
        client.get(reverse("achievements:competition_detail", args=[c.pk]) + "?export=xlsx").streaming_content)))
    rows = [r for r in book.active.iter_rows(values_only=True) if r and r[1] in ("冲压班", "机修班", "装配班")]
    assert [(r[0], r[1], r[-2]) for r in rows] == [(1, "冲压班", "一等奖"), (2, "机修班", "二等奖"),
                                                   (3, "装配班", "二等奖")], rows


def test_individual_contest_entries_are_people_of_the_union(client, world):
    client.force_login(world["officer"])
    _create(client, name="数控车工技能比武", kind="skill", trade="数控车工", team_based="0", rounds="1")
    c = Competition.objects.get(name="数控车工技能比武")
    url = reverse("achievements:competition_entry_add", args=[c.pk])
    assert client.post(url, {"person": world["author"].pk}).status_code == 302
    bad = client.post(url, {"person": world["b_person"].pk})  # not offered: the form refuses the choice
    assert bad.status_code == 200 and c.entries.count() == 1
    _sheet(client, c, 1, {"王金点": "87.5"})
    client.post(reverse("achievements:competition_finish", args=[c.pk]), {"finished_on": "2025-10-08",
                                                                          "title": "岗位标兵"})
    h = Honour.objects.get(person=world["author"])
    assert h.get_title_display() == "岗位标兵" and h.kind == Honour.Kind.PERSON and "一等奖" in h.name


def test_permissions_and_other_unions(client, world):
    c = services.competition_create(actor=world["officer"], org=world["company"], name="节能降耗竞赛",
                                    kind=Competition.Kind.ENERGY, starts_on=datetime.date(2025, 1, 1),
                                    ends_on=datetime.date(2025, 6, 30))
    client.force_login(world["officer_b"])
    for name, args in (("competition_detail", [c.pk]), ("competition_edit", [c.pk]),
                       ("competition_entry_add", [c.pk]), ("competition_scores", [c.pk, 1]),
                       ("competition_finish", [c.pk])):
        assert client.get(reverse(f"achievements:{name}", args=args)).status_code == 404, name
        assert client.post(reverse(f"achievements:{name}", args=args), {}).status_code in (404, 405), name
    client.force_login(world["member"])  # a member without ACHIEVE_EDIT
    assert client.get(reverse("achievements:competition_add")).status_code in (403, 404)
    assert client.post(reverse("achievements:competition_entry_add", args=[c.pk]),
                       {"team": "x"}).status_code in (403, 404)
    assert not c.entries.exists()
