"""Survey API: officers build and read results; a member answers once; another union's ids answer 404."""
import datetime

from rest_framework.test import APIClient

from gonghui.democracy.models import Participation, Survey

from .test_surveys_services import TODAY, world  # noqa: F401


def _client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_officer_builds_and_member_answers_once(world, officer_b):
    officer = _client(world["officer"])
    r = officer.post("/api/democracy/surveys/", {
        "title": "班组长满意度", "kind": "satisfaction", "opens_on": str(TODAY),
        "closes_on": str(TODAY + datetime.timedelta(days=3)), "org": world["tree"]["company"].pk}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = officer.post(f"/api/democracy/surveys/{pk}/questions/", {"text": "评分", "kind": "rating"}, format="json")
    assert r.status_code == 201 and r.json()["questions"][0]["kind"] == "rating"
    qid = r.json()["questions"][0]["id"]
    r = officer.post(f"/api/democracy/surveys/{pk}/questions/", {"text": "单选", "kind": "single",
                                                                 "options": ["是"]}, format="json")
    assert r.status_code == 400 and "至少需要两个" in r.json()["detail"]
    assert officer.post(f"/api/democracy/surveys/{pk}/open/").json()["status"] == "open"
    r = officer.post(f"/api/democracy/surveys/{pk}/paper-counts/", {"issued": 5, "returned": 6, "valid": 1},
                     format="json")
    assert r.status_code == 400 and "回收份数（6）不能多于发放份数（5）" in r.json()["detail"]

    member = _client(world["members"][2])
    assert [s["id"] for s in member.get("/api/democracy/my-surveys/").json()["results"]] == [pk]
    r = member.post(f"/api/democracy/my-surveys/{pk}/answer/", {"answers": {str(qid): 4}}, format="json")
    assert r.json() == {"created": True}
    r = member.post(f"/api/democracy/my-surveys/{pk}/answer/", {"answers": {str(qid): 4}}, format="json")
    assert r.json() == {"created": False}
    assert Participation.objects.filter(survey_id=pk).count() == 1
    results = officer.get(f"/api/democracy/surveys/{pk}/results/").json()
    assert results["returned"] == 1 and results["questions"][0]["ratings"][3]["count"] == 1

    other = _client(officer_b)
    assert other.get(f"/api/democracy/surveys/{pk}/").status_code == 404
    assert other.post(f"/api/democracy/surveys/{pk}/close/").status_code == 404
    outsider = _client(world["outsider"])
    assert outsider.post(f"/api/democracy/my-surveys/{pk}/answer/", {"answers": {}}, format="json").status_code == 404
    assert Survey.objects.get(pk=pk).online_returned == 1
