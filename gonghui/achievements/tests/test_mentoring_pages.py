"""Mentoring pages: forming a pair (people of the union; the same person twice refused), the assessment (once), the
list with its filters and export, and another union's pairs (404)."""
import io

import openpyxl
from django.urls import reverse

from gonghui.achievements.models import MentorPair


def _pair(client, w, **extra):
    data = {"master": w["judges"][0].pk, "apprentice": w["author"].pk, "started_on": "2025-03-01",
            "agreement": "师徒协议2025-01", "goals": "一年内独立操作数控车床", "due_on": "2026-03-01"}
    data.update(extra)
    return client.post(reverse("achievements:pair_add"), data)


def test_pairs_formed_assessed_listed_and_exported(client, world):
    client.force_login(world["officer"])
    assert client.get(reverse("achievements:pair_add")).status_code == 200
    assert _pair(client, world).status_code == 302
    pair = MentorPair.objects.get()
    assert pair.org == world["company"] and pair.agreement == "师徒协议2025-01"
    same = _pair(client, world, master=world["author"].pk)
    assert same.status_code == 200 and "师傅和徒弟不能是同一人" in same.content.decode()
    late = _pair(client, world, master=world["judges"][1].pk, due_on="2025-01-01")
    assert "计划出师日期应晚于结对日期" in late.content.decode()
    outsider = _pair(client, world, apprentice=world["b_person"].pk)
    assert outsider.status_code == 200 and MentorPair.objects.count() == 1
    _pair(client, world, master=world["judges"][1].pk, apprentice=world["judges"][2].pk, started_on="2024-03-01")
    url = reverse("achievements:pair_assess", args=[pair.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"outcome": "passed", "assessed_on": "2025-02-01"}).status_code == 200  # before start
    assert client.post(url, {"outcome": "passed", "assessed_on": "2026-02-20", "note": "独立完成零件加工"}
                       ).status_code == 302
    pair.refresh_from_db()
    assert pair.outcome == MentorPair.Outcome.PASSED and pair.note == "独立完成零件加工"
    again = client.post(url, {"outcome": "failed", "assessed_on": "2026-02-21"})
    assert "该师徒对子已于2026年2月20日考核" in again.content.decode()
    assert "已于2026年2月20日考核" in client.get(url).content.decode()  # the page says so before a POST
    html = client.get(reverse("achievements:pair_list")).content.decode()
    assert "王金点" in html and "考核合格" in html and "在带" in html
    html = client.get(reverse("achievements:pair_list") + "?status=open").content.decode()
    assert "王金点" not in html and "孙评审" in html
    html = client.get(reverse("achievements:pair_list") + "?year=2024").content.decode()
    assert "王金点" not in html and "孙评审" in html
    book = openpyxl.load_workbook(io.BytesIO(b"".join(
        client.get(reverse("achievements:pair_list") + "?export=xlsx&status=passed").streaming_content)))
    rows = [r for r in book.active.iter_rows(values_only=True) if r and r[1] in ("王金点", "孙评审")]
    assert [(r[0], r[1], r[6]) for r in rows] == [("赵评审", "王金点", "考核合格（出师）")], rows


def test_other_unions_pairs(client, world):
    client.force_login(world["officer"])
    _pair(client, world)
    pair = MentorPair.objects.get()
    client.force_login(world["officer_b"])
    url = reverse("achievements:pair_assess", args=[pair.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "failed", "assessed_on": "2026-02-21"}).status_code == 404
    assert "王金点" not in client.get(reverse("achievements:pair_list")).content.decode()
    pair.refresh_from_db()
    assert pair.outcome == ""
