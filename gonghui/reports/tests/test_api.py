"""The figures API: values from hand-built records, 同比, child unions, scoping and bad input."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gonghui.accounts.roles import Role


@pytest.fixture
def api():
    return APIClient()


def get(api, **params):
    return api.get("/api/reports/figures/", params)


def test_figures_of_a_subtree_with_last_year(api, world, tree, officer_a):
    api.force_authenticate(officer_a)
    response = get(api, org=tree["company"].pk, period="2025H2", codes="members.members,members.new")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["period"] == {"key": "2025H2", "label": "2025年下半年", "start": "2025-07-01", "end": "2025-12-31"}
    assert data["previous_period"]["key"] == "2024H2"
    figures = {f["code"]: f for f in data["figures"]}
    assert figures["members.members"]["value"] == 6
    assert figures["members.members"]["unit"] == "人"
    # On 2024-12-31: p1 p2 p5 p6 pt p7 p8 p10 (not p3, joined 2025; not p4, never; not p9, withdrew 2024-05).
    assert figures["members.members"]["previous"] == 8
    assert figures["members.members"]["change"] == "-2"
    # p9 rejoined on 2025-08-01: the only admission in the half-year.
    assert figures["members.new"]["value"] == 1


def test_rates_keep_numerator_and_denominator(api, world, tree, officer_a):
    api.force_authenticate(officer_a)
    data = get(api, org=tree["company"].pk, period="2025", codes="members.join_rate").json()
    rate = data["figures"][0]["value"]
    assert set(rate) == {"numerator", "denominator", "percent"}
    assert rate["numerator"] <= rate["denominator"]


def test_children_side_by_side(api, world, tree, make_user):
    user = make_user("fed_staff", Role.UPPER, tree["fed"])
    api.force_authenticate(user)
    data = get(api, org=tree["fed"].pk, period="2025H2", codes="members.members", children="1").json()
    children = {c["name"]: c["value"] for c in data["figures"][0]["children"]}
    assert children == {"甲公司工会": 6, "乙学校工会": 2}


def test_catalogue_and_area_permissions(api, tree, make_user):
    leader = make_user("leader", Role.GROUP_LEADER, tree["company"])
    api.force_authenticate(leader)
    codes = {m["code"] for m in api.get("/api/reports/metrics/").json()}
    assert "members.members" in codes and not any(c.startswith("care.") for c in codes)
    # Care figures need care.stats: asked by code they are refused, otherwise left out.
    response = get(api, org=tree["company"].pk, period="2025", codes="care.condolence.visits")
    assert response.status_code == 403 and "care.condolence.visits" in response.json()["detail"]
    every = get(api, org=tree["company"].pk, period="2025").json()["figures"]
    assert every and not any(f["code"].startswith("care.") for f in every)


def test_scope_and_bad_input(api, tree, officer_a):
    api.force_authenticate(officer_a)
    assert get(api, org=tree["school"].pk, period="2025").status_code == 404
    assert get(api, org=999999, period="2025").status_code == 404
    response = get(api, org="abc", period="2025")
    assert response.status_code == 400 and "组织编号" in response.json()["detail"]
    response = get(api, org=tree["company"].pk, period="2025年上")
    assert response.status_code == 400 and "统计期间" in response.json()["detail"]
    response = get(api, org=tree["company"].pk, period="2025", codes="members.nothing")
    assert response.status_code == 400 and "未知指标：members.nothing" in response.json()["detail"]


def test_anonymous_and_members_are_refused(api, tree, make_user):
    assert get(api, org=tree["company"].pk, period="2025").status_code in (401, 403)
    member = make_user("member", Role.MEMBER, tree["company"])
    api.force_authenticate(member)
    assert api.get("/api/reports/metrics/").status_code == 403
    assert get(api, org=tree["company"].pk, period="2025").status_code == 404
