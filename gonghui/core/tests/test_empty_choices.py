"""Empty choices read "全部" in filters and "请选择" in forms; no "（空）" for fields that are never empty."""
import re

import pytest
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role

FILTER_PAGES = ["members:person_list", "members:transfer_list", "orgs:list", "care:hardship_list",
                "care:assistance_list", "care:condolence_list", "care:health_list", "care:campaign_list",
                "core:audit_list", "accounts:user_list"]
FORM_PAGES = ["members:person_add", "orgs:add", "care:assistance_add", "care:condolence_add",
              "accounts:user_add"]


def _selects(html: str) -> dict[str, list[str]]:
    found = {}
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        found[name] = [re.sub(r"<[^>]+>", "", label).strip()
                       for label in re.findall(r"<option[^>]*>(.*?)</option>", body, re.S)]
    return found


@pytest.fixture
def admin_client(client, tree):
    client.force_login(User.objects.create_superuser("root", password="Gonghui2025test"))
    return client


@pytest.mark.parametrize("name", FILTER_PAGES)
def test_filters_offer_all_and_never_empty(admin_client, name):
    response = admin_client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    form = html[:html.find("</form>", html.find('method="get"'))] if 'method="get"' in html else html
    selects = _selects(form)
    assert selects, name
    for select, options in selects.items():
        if select in ("org", "switch-org") and "全部" not in options:
            continue
        assert "（空）" not in options, (name, select, options)
        assert "---------" not in options, (name, select, options)
        assert options[0] == "全部", (name, select, options)


@pytest.mark.parametrize("name", FORM_PAGES)
def test_forms_say_please_choose(admin_client, name):
    response = admin_client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "---------" not in html
    assert "请选择" in html


def test_role_grant_form_says_please_choose(admin_client, tree, make_user):
    user = make_user("someone", Role.OFFICER, tree["company"])
    html = admin_client.get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
    assert "---------" not in html and "请选择" in html


def test_filterset_base_offers_empty_only_for_nullable_fields(db):
    from gonghui.core.filters import FilterSet
    from gonghui.members.models import Person

    class People(FilterSet):
        class Meta:
            model = Person
            fields = ["member_status", "org", "hardship_file"] if hasattr(Person, "hardship_file") else \
                ["member_status", "org"]

    form = People().form
    assert [label for _, label in form.fields["member_status"].choices][0] == "全部"
    assert "（空）" not in [str(label) for _, label in form.fields["member_status"].choices]
    assert "（空）" not in [str(label) for _, label in form.fields["org"].choices]
