"""The one search box (members.filtersets.search_q) answers from indexes and finds exactly what the plain filters
found before (issue 8: name substring, ID number and phone tails on 200,000 people)."""
from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from gonghui.core import bulk, idcard
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.models import AuditEntry
from gonghui.members import services
from gonghui.members.filtersets import search_q
from gonghui.members.models import Person


def plain_q(text: str) -> Q:
    """What the search box did before it used the reversed columns: the filters it must keep agreeing with."""
    text = re.sub(r"\s+", "", text or "").lower()
    if re.fullmatch(r"\d{3,}x?", text):
        digits = text.upper()
        return Q(id_number__endswith=digits) | Q(phone__endswith=digits) | Q(member_no__endswith=digits)
    return Q(name__contains=text)


@pytest.fixture
def crowd(tree, make_person):
    """People whose numbers share beginnings, middles and ends, an X at the end, a 9 before the next digit."""
    people = []
    births = [datetime.date(1985, 3, 7), datetime.date(1990, 12, 9), datetime.date(1979, 9, 9)]
    for i, birth in enumerate(births * 4):
        number = idcard.make("110105", birth, 100 + i * 37)
        people.append(make_person(tree["company" if i % 2 else "school"], ["张三", "李四", "王五张", "赵六"][i % 4] + str(i),
                                  id_number=number, phone=f"13{i:02d}000{(i * 7919) % 1000:03d}9", birth=birth,
                                  member=bool(i % 3)))
    x_number = next(n for n in (idcard.make("320102", datetime.date(1970, 1, 1), s) for s in range(1, 999, 2))
                    if n.endswith("X"))
    people.append(make_person(tree["company"], "末X", id_number=x_number, phone="13900001239"))
    people.append(make_person(tree["company"], "无号", id_number=None, gender="M", phone=""))
    return people


def tails_of(people) -> set[str]:
    tails = set()
    for p in people:
        for value in (p.id_number or "", p.phone, p.member_no):
            for n in (3, 4, 6, len(value)):
                if len(value) >= n >= 3:
                    tails.add(value[-n:].lower())
        if p.id_number:
            tails.add(p.id_number[6:10])  # a birth year: in the middle of ID numbers, at the end of none
    return {t for t in tails | {"999", "9999", "000", "1239", "0009"} if re.fullmatch(r"\d{3,}x?", t)}


def test_tail_search_finds_what_the_plain_filter_found(crowd):
    texts = sorted(tails_of(crowd))
    assert len(texts) > 60
    for text in texts:
        new = set(Person.objects.filter(search_q(text)).values_list("pk", flat=True))
        old = set(Person.objects.filter(plain_q(text)).values_list("pk", flat=True))
        assert new == old, text
    assert Person.objects.filter(search_q(crowd[-2].id_number[-4:].lower())).get() == crowd[-2]  # …123x finds …123X


def test_reversed_columns_follow_every_kind_of_write(crowd, tree):
    person = crowd[0]
    # A queryset update and a bulk update (the import's way) change the reversed copies as well.
    Person.objects.filter(pk=person.pk).update(phone="13712345678")
    assert set(Person.objects.filter(search_q("5678")).values_list("pk", flat=True)) >= {person.pk}
    bulk.update_rows(Person, ("phone",), [(person.pk, "13700004321")])
    assert list(Person.objects.filter(search_q("4321")).values_list("pk", flat=True)) == [person.pk]
    assert not Person.objects.filter(search_q("5678"), pk=person.pk).exists()
    [pk] = bulk.insert_rows(Person, ("org_id", "name", "name_pinyin", "name_initials", "gender", "phone"),
                            [(tree["company"].pk, "批量", "piliang", "pl", "M", "13600007777")])
    assert list(Person.objects.filter(search_q("07777")).values_list("pk", flat=True)) == [pk]
    person.refresh_from_db()
    assert person.phone_reversed == "13700004321"[::-1]
    assert Person.objects.get(pk=crowd[-1].pk).id_number_reversed is None


@pytest.mark.parametrize("text", ["张", "张三", "王五张", "四1", "末X", "无"])
def test_name_search_finds_what_the_plain_filter_found(crowd, text):
    new = set(Person.objects.filter(search_q(text)).values_list("pk", flat=True))
    assert new == set(Person.objects.filter(plain_q(text)).values_list("pk", flat=True))


def test_tail_search_uses_the_index_not_a_scan(crowd):
    with CaptureQueriesContext(connection) as ctx:
        list(Person.objects.filter(search_q("1239")).values_list("pk", flat=True))
    sql = ctx.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute("SET enable_seqscan = off" if connection.vendor == "postgresql" else "SELECT 1")
        cursor.execute(explain + sql)
        plan = " ".join(str(r) for r in cursor.fetchall())
    for index in ("person_id_number_reversed", "person_phone_reversed", "person_member_no_reversed"):
        assert index in plan, plan


def test_list_and_api_show_no_more_than_before(client, api_client_factory, crowd, make_user, tree):
    from gonghui.accounts.roles import Role

    officer = make_user("searcher", Role.OFFICER, tree["company"])
    client.force_login(officer)
    target = next(p for p in crowd if p.org_id == tree["company"].pk and p.id_number)
    page = client.get("/people/", {"q": target.id_number[-4:]}).content.decode()
    assert mask_id_number(target.id_number) in page and target.id_number not in page
    assert target.phone not in page and mask_phone(target.phone) in page
    assert target.id_number[::-1] not in page and target.phone[::-1] not in page
    # Another union's people are not found by their tails.
    other = next(p for p in crowd if p.org_id == tree["school"].pk)
    assert other.name not in client.get("/people/", {"q": other.id_number[-6:]}).content.decode()
    api = api_client_factory(officer)
    data = api.get("/api/people/", {"q": target.id_number[-4:]}).json()
    assert target.pk in [p["id"] for p in data["results"]]
    assert not any("reversed" in key for p in data["results"] for key in p)
    assert target.id_number not in str(data) and target.id_number[::-1] not in str(data)
    # The audit trail of an edit holds no reversed copy of a number.
    services.person_update(person=target, version=target.version, phone="13811112222")
    changes = AuditEntry.objects.filter(object_id=str(target.pk)).latest("id").changes
    assert "phone" in changes and not any("reversed" in key for key in changes)
    assert "22221111831" not in str(changes)


@pytest.fixture
def api_client_factory():
    from rest_framework.test import APIClient

    def _make(user):
        api = APIClient()
        api.force_login(user)
        return api

    return _make
