"""core.bulk: plain-row inserts (executemany on SQLite, COPY on PostgreSQL), updates and big IN lists."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core import bulk
from gonghui.core.models import AuditEntry
from gonghui.members.models import Membership, Person

PERSON_FIELDS = ("org_id", "name", "name_pinyin", "name_initials", "gender", "birth_date", "id_number",
                 "base_salary", "is_military_family", "joined_on")


def _person_row(org, n: int, **over):
    values = {"org_id": org.pk, "name": f"批量{n}", "name_pinyin": f"piliang{n}", "name_initials": "pl",
              "gender": "F" if n % 2 else "M", "birth_date": datetime.date(1980, 1, 1) + datetime.timedelta(days=n),
              "id_number": f"11010519800101{n:04d}", "base_salary": Decimal("6500.50"),
              "is_military_family": n % 3 == 0, "joined_on": None}
    values.update(over)
    return tuple(values[f] for f in PERSON_FIELDS)


def test_insert_rows_writes_values_defaults_and_returns_ids_in_order(tree):
    rows = [_person_row(tree["company"], n) for n in range(5)]
    before = timezone.now()
    ids = bulk.insert_rows(Person, PERSON_FIELDS, rows)
    assert len(ids) == 5 and ids == sorted(ids) and len(set(ids)) == 5
    people = Person.objects.in_bulk(ids)
    for n, pk in enumerate(ids):
        person = people[pk]
        assert person.name == f"批量{n}" and person.org_id == tree["company"].pk
        assert person.birth_date == datetime.date(1980, 1, 1) + datetime.timedelta(days=n)
        assert person.base_salary == Decimal("6500.50") and person.is_military_family is (n % 3 == 0)
        assert person.joined_on is None
        # Fields not given take the model's defaults; created_at/updated_at are now.
        assert person.ethnicity == "汉族" and person.work_status == Person.WorkStatus.SERVING
        assert person.member_status == Person.MemberStatus.NONE and person.version == 1 and person.note == ""
        assert person.created_at >= before.replace(microsecond=0) and person.updated_at == person.created_at


def test_insert_rows_encodes_json_and_takes_json_text_as_it_is(tree):
    now = timezone.now()
    fields = ("at", "action", "object_repr", "changes", "note")
    ids = bulk.insert_rows(AuditEntry, fields, [
        (now, AuditEntry.Action.CREATE, "甲", {"name": [None, "甲"], "n": [1, 2]}, "批量"),
        (now, AuditEntry.Action.CREATE, "乙", '{"name": [null, "乙"]}', "批量"),
    ])
    first, second = (AuditEntry.objects.get(pk=pk) for pk in ids)
    assert first.changes == {"name": [None, "甲"], "n": [1, 2]} and second.changes == {"name": [None, "乙"]}
    assert abs((first.at - now).total_seconds()) < 1e-3 and first.ip is None and first.source == ""


def test_insert_rows_never_reuses_the_id_of_a_deleted_row(tree, make_person):
    person = make_person(tree["company"], "最后一个", member=False)
    deleted_pk = person.pk
    Person.objects.filter(pk=deleted_pk).delete()  # the highest id is gone; its audit trail is still filed under it
    [pk] = bulk.insert_rows(Person, PERSON_FIELDS, [_person_row(tree["company"], 1)])
    assert pk > deleted_pk
    # And the object path (bulk.insert) agrees.
    obj = Person(org=tree["company"], name="对象", name_pinyin="duixiang", name_initials="dx", gender="M")
    bulk.insert(Person, [obj])
    assert obj.pk > pk and Person.objects.get(pk=obj.pk).name == "对象"


def test_insert_rows_refuses_a_primary_key_and_accepts_nothing(tree):
    with pytest.raises(ValueError):
        bulk.insert_rows(Person, ("id", "name"), [(1, "x")])
    assert bulk.insert_rows(Person, PERSON_FIELDS, []) == []


@pytest.mark.django_db(transaction=True)
def test_insert_rows_outside_a_transaction_is_atomic_itself(tree):
    rows = [_person_row(tree["company"], n) for n in range(3)]
    rows.append(_person_row(tree["company"], 3, id_number=rows[0][PERSON_FIELDS.index("id_number")]))  # duplicate
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        bulk.insert_rows(Person, PERSON_FIELDS, rows)
    assert not Person.objects.filter(name__startswith="批量").exists()


def test_postgresql_sends_rows_with_copy(tree, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is the PostgreSQL path")
    copies = []
    real_copy = bulk._copy

    def spy(table, columns, rows):
        rows = list(rows)
        copies.append((table, len(rows)))
        return real_copy(table, columns, rows)

    monkeypatch.setattr(bulk, "_copy", spy)
    with CaptureQueriesContext(connection) as queries:
        ids = bulk.insert_rows(Person, PERSON_FIELDS, [_person_row(tree["company"], n) for n in range(50)])
    assert copies == [(Person._meta.db_table, 50)]
    assert not any(q["sql"].upper().startswith("INSERT") for q in queries.captured_queries)
    assert Person.objects.filter(pk__in=ids).count() == 50


def test_sqlite_sends_rows_with_one_prepared_insert(tree):
    if connection.vendor != "sqlite":
        pytest.skip("executemany is the SQLite path")
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_rows(Person, PERSON_FIELDS, [_person_row(tree["company"], n) for n in range(50)])
    inserts = [q for q in queries.captured_queries if "INSERT" in q["sql"].upper()]
    # One statement for all rows; only the id and the given fields are bound, the shared values are literals.
    assert len(inserts) == 1 and inserts[0]["sql"].count("%s") == 1 + len(PERSON_FIELDS)


def test_shared_values_with_quotes_and_percent_signs_arrive_intact(tree):
    note = "它's 100%s 与 %% 和 '引号'"
    now = timezone.now()
    ids = bulk.insert_rows(AuditEntry, ("object_id", "changes"), [("1", {"a": [None, "50%"]}), ("2", "{}")],
                           constants={"note": note, "at": now, "action": "create", "actor_name": "O'Brien"})
    entries = list(AuditEntry.objects.filter(pk__in=ids).order_by("pk"))
    assert [e.note for e in entries] == [note, note] and entries[0].actor_name == "O'Brien"
    assert entries[0].changes == {"a": [None, "50%"]} and entries[1].changes == {}
    assert abs((entries[1].at - now).total_seconds()) < 1e-3


def test_update_rows_sets_fields_by_primary_key(tree):
    ids = bulk.insert_rows(Person, PERSON_FIELDS, [_person_row(tree["company"], n) for n in range(3)])
    later = timezone.now() + datetime.timedelta(hours=1)
    bulk.update_rows(Person, ("department", "hired_on", "version", "updated_at"),
                     [(ids[0], "一车间", datetime.date(2020, 5, 1), 2, later),
                      (ids[2], "二车间", None, 7, later)])
    people = Person.objects.in_bulk(ids)
    assert (people[ids[0]].department, people[ids[0]].hired_on, people[ids[0]].version) == (
        "一车间", datetime.date(2020, 5, 1), 2)
    assert (people[ids[1]].department, people[ids[1]].version) == ("", 1)
    assert (people[ids[2]].department, people[ids[2]].version) == ("二车间", 7)
    assert abs((people[ids[2]].updated_at - later).total_seconds()) < 1e-3


def test_in_values_looks_up_thousands_of_values_in_one_query(tree, django_assert_num_queries):
    ids = bulk.insert_rows(Person, PERSON_FIELDS, [_person_row(tree["company"], n) for n in range(30)])
    numbers = [f"11010519800101{n:04d}" for n in range(5000)]  # more than SQLite's old 999-parameter limit
    with django_assert_num_queries(1):
        found = set(Person.objects.filter(id_number__in=bulk.in_values(numbers)).values_list("pk", flat=True))
    assert found == set(ids)
    with django_assert_num_queries(1):
        assert Person.objects.filter(pk__in=bulk.in_values(ids[:3] + [10**9])).count() == 3
    assert not Person.objects.filter(pk__in=bulk.in_values([])).exists()
    assert not Membership.objects.filter(member_no__in=bulk.in_values([])).exists()


# ------------------------------------------------------------------------------------------------ big loads


def _index_sql(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL "
                       "ORDER BY name", [table])
        return [r[0] for r in cursor.fetchall()]


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("indexes are rebuilt on SQLite only")


def test_a_big_load_into_a_small_table_rebuilds_its_indexes_the_same(tree, sqlite_only, monkeypatch):
    monkeypatch.setattr(bulk, "REBUILD_MIN_ROWS", 10)
    before = _index_sql(Person._meta.db_table)
    assert len(before) >= 5
    with CaptureQueriesContext(connection) as queries, bulk.loading(Person, rows=40):
        bulk.insert_rows(Person, PERSON_FIELDS, [_person_row(tree["company"], n) for n in range(40)])
    sqls = [q["sql"] for q in queries.captured_queries]
    assert sum(s.startswith("DROP INDEX") for s in sqls) == len(before)
    assert _index_sql(Person._meta.db_table) == before
    # The indexes work: the planner uses the one on name_pinyin.
    with connection.cursor() as cursor:
        cursor.execute('EXPLAIN QUERY PLAN SELECT id FROM members_person WHERE name_pinyin = %s', ["piliang3"])
        assert "INDEX" in " ".join(str(r) for r in cursor.fetchall()).upper()


def test_a_failed_big_load_leaves_the_indexes_in_place(tree, sqlite_only, monkeypatch):
    from django.db import IntegrityError, transaction

    monkeypatch.setattr(bulk, "REBUILD_MIN_ROWS", 10)
    before = _index_sql(Person._meta.db_table)
    rows = [_person_row(tree["company"], n) for n in range(20)] * 2  # every ID number twice
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.loading(Person, rows=40):
        bulk.insert_rows(Person, PERSON_FIELDS, rows)
    assert _index_sql(Person._meta.db_table) == before
    assert not Person.objects.filter(name__startswith="批量").exists()


def test_a_load_smaller_than_the_table_keeps_the_indexes(tree, sqlite_only, monkeypatch, make_person):
    monkeypatch.setattr(bulk, "REBUILD_MIN_ROWS", 1)
    for n in range(3):
        make_person(tree["company"], f"已有{n}", member=False)
    with CaptureQueriesContext(connection) as queries, bulk.loading(Person, rows=2):
        bulk.insert_rows(Person, PERSON_FIELDS, [_person_row(tree["company"], n) for n in range(2)])
    assert not any("DROP INDEX" in q["sql"] for q in queries.captured_queries)


def test_gc_is_paused_for_a_bulk_job_and_left_as_it_was():
    import gc

    assert gc.isenabled()
    with bulk.gc_paused():
        assert not gc.isenabled()
        with bulk.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner job leaves it to the outer one
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk.gc_paused():
            pass
        assert not gc.isenabled()  # whoever switched it off switches it on
    finally:
        gc.enable()


def test_insert_select_makes_rows_from_rows_with_values_and_defaults(tree, officer_a):
    ids = bulk.insert_rows(Person, PERSON_FIELDS + ("member_no", "member_status"),
                           [_person_row(tree["company"], n, joined_on=datetime.date(2021, 1, n + 1))
                            + (f"A-{n:03d}", "active") for n in range(4)])
    wanted = bulk.in_values(ids[:3])
    table = connection.ops.quote_name(Person._meta.db_table)
    count = bulk.insert_select(
        Membership, {"person_id": "p.id", "org_id": "p.org_id", "member_no": "p.member_no",
                     "started_on": "p.joined_on", "end_reason": bulk.Value("")},
        f"{table} p WHERE p.id IN ({wanted.sql})", wanted.params)
    assert count == 3
    rows = list(Membership.objects.order_by("person_id").values_list(
        "person_id", "org_id", "member_no", "started_on", "ended_on", "applied_on", "via_transfer_id"))
    assert rows == [(ids[n], tree["company"].pk, f"A-{n:03d}", datetime.date(2021, 1, n + 1), None, None, None)
                    for n in range(3)]
    with pytest.raises(ValueError):
        bulk.insert_select(Membership, {"no_such_field": "1"}, f"{table} p")
