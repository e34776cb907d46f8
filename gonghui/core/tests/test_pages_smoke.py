import pytest
from django.urls import reverse



@pytest.mark.parametrize("name,kwargs", [
    ("core:home", {}), ("orgs:list", {}), ("members:person_list", {}), ("members:transfer_list", {}),
    ("orgs:add", {}), ("members:person_add", {}),
])
def test_pages_render_for_officer(client, officer_a, make_person, tree, name, kwargs):
    make_person(tree["company"], "赵六")
    client.force_login(officer_a)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, response.content[:2000]


def test_detail_pages(client, officer_a, make_person, tree):
    p = make_person(tree["company"], "赵六")
    client.force_login(officer_a)
    for tab in ("info", "membership", "family", "positions", "history"):
        r = client.get(reverse("members:person_detail", args=[p.pk]) + f"?tab={tab}")
        assert r.status_code == 200
    for tab in ("info", "children", "committee", "terms", "history"):
        r = client.get(reverse("orgs:detail", args=[tree["company"].pk]) + f"?tab={tab}")
        assert r.status_code == 200
    assert "赵六" in client.get(reverse("members:person_list") + "?q=zl").content.decode()
