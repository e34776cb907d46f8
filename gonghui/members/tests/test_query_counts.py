"""The person list and the other key pages: a fixed number of queries however many people there are (no N+1),
and the search box's semantics (pinyin, initials, number endings, member numbers, Chinese name parts)."""
from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_id
from gonghui.accounts.roles import Role
from gonghui.members import services
from gonghui.members.filtersets import prefix_q, search_q
from gonghui.members.models import FamilyMember, Person
from gonghui.members.tables import PersonTable
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Organization, Position

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超霞平刚英"


def add_people(org, count, start=0):
    """`count` members of `org` with distinct names, through the services."""
    people = []
    for i in range(start, start + count):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)] + GIVEN[i % len(GIVEN)]
        birth = datetime.date(1987 + i % 30, 1 + i % 12, 1 + i % 28)  # the first few are in their thirties
        person = services.person_create(org=org, name=name, id_number=make_id(birth, female=bool(i % 2)),
                                        phone=f"139{i:08d}", department="一车间")
        services.member_admit(person=person, joined_on=datetime.date(2020, 1, 1))
        people.append(person)
    return people


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)


@pytest.fixture
def federation_officer(tree, make_user):
    return make_user("fed_officer", Role.OFFICER, tree["fed"])


def _grow(tree, more):
    """More people (in the union, its branch and its group), more organisations, more history."""
    add_people(tree["group"], more // 3, start=1000)
    add_people(tree["branch"], more // 3, start=2000)
    add_people(tree["school"], more - 2 * (more // 3), start=3000)
    for i in range(more // 10):
        org_services.org_create(code=f"G{i}", name=f"第{i}组", kind=Organization.Kind.GROUP, parent=tree["branch"])


@pytest.mark.parametrize("page", ["person_list", "person_list_search", "person_list_filtered", "org_list", "home"])
def test_list_pages_do_not_grow_with_people(client, tree, federation_officer, django_assert_num_queries,
                                            django_assert_max_num_queries, page):
    urls = {
        "person_list": reverse("members:person_list"),
        "person_list_search": reverse("members:person_list") + "?q=wang",
        "person_list_filtered": reverse("members:person_list") + "?member_status=active&gender=F&age=30-39",
        "org_list": reverse("orgs:list"),
        "home": reverse("core:home"),
    }
    url = urls[page]
    add_people(tree["company"], 5)
    client.force_login(federation_officer)
    client.get(url)  # the session and the current organisation settle on the first request
    cache.clear()  # the home page's figures are cached (core.views_home): count the queries that compute them
    few = queries(client, url)
    _grow(tree, 45)
    cache.clear()
    with django_assert_num_queries(few):
        client.get(url)
    # 16 at most; the desk home 8 + one per declared to-do source (a COUNT each; portal/tests/test_desk.py holds every
    # source to at most two): each work area adds its sources, so the cap follows them.
    from gonghui.portal import desk

    with django_assert_max_num_queries(8 + len(desk.sources()) if page == "home" else 16):
        client.get(url)


def test_person_list_shows_fifty_of_many_in_a_fixed_number_of_queries(client, tree, officer_a,
                                                                        django_assert_num_queries):
    add_people(tree["company"], 5)
    client.force_login(officer_a)
    url = reverse("members:person_list")
    client.get(url)
    few = queries(client, url)
    add_people(tree["group"], 55, start=100)
    with django_assert_num_queries(few):
        response = client.get(url)
    html = response.content.decode()
    assert "共 60 条" in html
    assert html.count('name="pk"') == 50  # one page


@pytest.mark.parametrize("tab", ["info", "membership", "family", "positions", "history"])
def test_person_detail_does_not_grow(client, tree, officer_a, django_assert_num_queries, tab):
    person = add_people(tree["company"], 1)[0]
    add_people(tree["company"], 4, start=10)
    services.family_member_add(person=person, relation=FamilyMember.Relation.SPOUSE, name="配偶甲")
    client.force_login(officer_a)
    url = reverse("members:person_detail", args=[person.pk]) + f"?tab={tab}"
    client.get(url)
    few = queries(client, url)
    add_people(tree["company"], 45, start=100)
    for i in range(5):
        services.family_member_add(person=person, relation=FamilyMember.Relation.CHILD, name=f"子女{i}")
    services.member_retire(person=person, on=datetime.date(2024, 5, 1))
    other = add_people(tree["school"], 1, start=500)[0]
    org_services.position_assign(org=tree["company"], person=person, title=Position.Title.COMMITTEE,
                                 starts_on=datetime.date(2021, 1, 1))
    org_services.position_assign(org=tree["school"], person=other, title=Position.Title.COMMITTEE,
                                 starts_on=datetime.date(2021, 1, 1))
    with django_assert_num_queries(few):
        client.get(url)


@pytest.mark.parametrize("tab", ["info", "children", "committee", "terms", "history"])
def test_org_detail_does_not_grow(client, tree, officer_a, django_assert_num_queries, tab):
    company = tree["company"]
    people = add_people(company, 5)
    term = org_services.term_create(org=company, number=1, starts_on=datetime.date(2021, 1, 1))
    org_services.election_record(org=company, term=term, kind="general", held_on=datetime.date(2021, 1, 1),
                                 elected=[(people[0], Position.Title.CHAIR), (people[1], Position.Title.COMMITTEE)])
    client.force_login(officer_a)
    url = reverse("orgs:detail", args=[company.pk]) + f"?tab={tab}"
    client.get(url)
    few = queries(client, url)
    people += add_people(company, 45, start=100)
    org_services.election_record(org=company, term=term, kind="by_election", held_on=datetime.date(2022, 1, 1),
                                 elected=[(p, Position.Title.COMMITTEE) for p in people[2:10]])
    term2 = org_services.term_create(org=company, number=2, starts_on=datetime.date(2024, 1, 1))
    org_services.election_record(org=company, term=term2, kind="general", held_on=datetime.date(2024, 1, 1),
                                 elected=[(p, Position.Title.COMMITTEE) for p in people[10:20]])
    for i in range(8):
        org_services.org_create(code=f"A1G{i + 2}", name=f"第{i + 2}小组", kind=Organization.Kind.GROUP,
                                parent=tree["branch"])
        org_services.org_create(code=f"A{i + 2}", name=f"第{i + 2}分会", kind=Organization.Kind.BRANCH, parent=company)
    with django_assert_num_queries(few):
        client.get(url)


def test_person_table_cells_match_its_columns(client, tree, officer_a):
    """members/person_table.html draws the rows by hand: one cell per column, in the columns' order."""
    add_people(tree["company"], 3)
    client.force_login(officer_a)
    html = client.get(reverse("members:person_list")).content.decode()
    table = html[html.index('id="person-table"'):]
    header = table[table.index("<thead"):table.index("</thead>")]
    body = table[table.index("<tbody"):table.index("</tbody>")]
    first_row = body[body.index("<tr"):body.index("</tr>")]
    assert len(re.findall(r"<th[\s>]", header)) == len(PersonTable.base_columns) == first_row.count("<td")
    assert "****" in first_row  # phone and ID number masked


# --------------------------------------------------------------------------------------------------------------
# Search


@pytest.fixture
def people(tree):
    company = tree["company"]

    def make(name, *, org=company, phone="", birth=datetime.date(1985, 3, 7), female=False, id_number=None):
        person = services.person_create(org=org, name=name, phone=phone,
                                        id_number=id_number or make_id(birth, female=female))
        services.member_admit(person=person, joined_on=datetime.date(2020, 1, 1))
        person.refresh_from_db()
        return person

    return {
        "zhangsan": make("张三", phone="13912345678"),
        "zhangxiaoming": make("张晓明"),
        "zhang_other": make("章子怡", female=True),
        "zhan": make("詹姆"),
        "ouyang": make("欧阳修远"),
        "shan": make("单田芳"),
        "lv": make("吕布"),
        "lixiaoming": make("李晓明", org=tree["group"]),
        "with_x": make("王五", id_number="11010519491231002X"),
        "school": make("张老师", org=tree["school"]),
        "make": make,
    }


def found(client, text) -> set[str]:
    html = client.get(reverse("members:person_list"), {"q": text}).content.decode()
    body = html[html.index("<tbody"):html.index("</tbody>")]
    return set(re.findall(r'<a href="/people/\d+/">([^<]+)</a>', body))


def test_search_full_pinyin_prefix(client, officer_a, people):
    client.force_login(officer_a)
    assert found(client, "zhang") == {"张三", "张晓明", "章子怡"}  # 章 reads zhang too; 詹 (zhan) does not match
    assert found(client, "zhangsan") == {"张三"}
    assert found(client, "Zhang San") == {"张三"}  # case and spaces do not matter
    assert found(client, "zhan") == {"张三", "张晓明", "章子怡", "詹姆"}
    assert found(client, "ouyang") == {"欧阳修远"}
    assert found(client, "shantian") == {"单田芳"}  # the surname's reading, not the character's usual one
    assert found(client, "lü") == found(client, "lv") == {"吕布"}


def test_search_initials_prefix(client, officer_a, people):
    client.force_login(officer_a)
    assert found(client, "zs") == {"张三"}
    assert found(client, "zxm") == {"张晓明"}
    assert found(client, "zx") == {"张晓明"}
    assert found(client, "xm") == set()  # initials match from the start only
    assert found(client, "oyxy") == {"欧阳修远"}


def test_search_last_digits_of_phone_and_id_number(client, officer_a, people):
    client.force_login(officer_a)
    assert found(client, "5678") == {"张三"}
    assert found(client, "002x") == found(client, "002X") == {"王五"}
    assert found(client, people["zhangxiaoming"].id_number[-4:]) >= {"张晓明"}
    assert found(client, "12") == set()  # two digits are too few to mean anything


def test_search_member_number(client, officer_a, people):
    client.force_login(officer_a)
    number = people["zhangxiaoming"].member_no  # e.g. "A-000002"
    assert found(client, number) == {"张晓明"}
    assert found(client, number.lower()) == {"张晓明"}
    assert found(client, number[-6:]) >= {"张晓明"}  # the number's last digits
    prefix = number.split("-")[0] + "-"
    assert {"张三", "张晓明", "章子怡"} <= found(client, prefix.lower() + "0")


def test_search_chinese_name_part(client, officer_a, people):
    client.force_login(officer_a)
    assert found(client, "晓明") == {"张晓明", "李晓明"}
    assert found(client, "张") == {"张三", "张晓明"}
    assert found(client, "张晓明") == {"张晓明"}


def test_search_stays_in_scope(client, officer_a, officer_b, people):
    client.force_login(officer_a)
    assert "张老师" not in found(client, "zls") | found(client, "zhang") | found(client, "老师")
    client.force_login(officer_b)
    assert found(client, "zhang") == {"张老师"}


def test_search_results_in_pinyin_order(client, officer_a, people):
    client.force_login(officer_a)
    html = client.get(reverse("members:person_list"), {"q": "zhan"}).content.decode()
    order = re.findall(r'<a href="/people/\d+/">([^<]+)</a>', html[html.index("<tbody"):])
    assert order == ["张三", "张晓明", "章子怡", "詹姆"]  # zhangsan < zhangxiaoming < zhangziyi < zhanmu


def test_prefix_range_is_exact():
    q = prefix_q("name_pinyin", "zhang")
    assert dict(q.children) == {"name_pinyin__gte": "zhang", "name_pinyin__lt": "zhanh"}
    assert dict(prefix_q("name_initials", "az").children) == {"name_initials__gte": "az", "name_initials__lt": "a{"}
    assert search_q("  ") == search_q("")


def test_prefix_search_uses_ranges_not_like(tree, people):
    """The pinyin search is a b-tree range on both databases (LIKE 'x%' is not, on SQLite)."""
    qs = Person.objects.filter(search_q("zhang"))
    sql = str(qs.query)
    assert "LIKE" not in sql.upper()
    assert set(qs.values_list("name", flat=True)) == {"张三", "张晓明", "章子怡", "张老师"}


def test_age_band_on_29_february(client, officer_a, people, monkeypatch):
    """Age bands are computed from today; on 29 February the same day in a common year does not exist."""
    from gonghui.members import filtersets

    make = people["make"]
    make("冯三十", birth=datetime.date(1998, 3, 1))   # 29 on 2028-02-29
    make("冯整三十", birth=datetime.date(1998, 2, 28))  # 30 on 2028-02-29
    monkeypatch.setattr(filtersets, "localdate", lambda: datetime.date(2028, 2, 29))
    client.force_login(officer_a)
    html = client.get(reverse("members:person_list"), {"age": "30-39", "q": "feng"}).content.decode()
    assert "冯整三十" in html and "冯三十" not in html


def test_org_filter_lists_the_current_subtree_and_keeps_the_choice(client, tree, officer_a, people):
    client.force_login(officer_a)
    html = client.get(reverse("members:person_list"), {"org": tree["group"].pk}).content.decode()
    select = html[html.index('id="id_org"'):]
    select = select[:select.index("</select>")]
    assert f'<option value="{tree["group"].pk}" selected>' in select
    assert "甲公司一分会" in select and "乙学校工会" not in select and "测试区总工会" not in select
    assert "李晓明" in html and "张三" not in html
