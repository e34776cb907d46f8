"""The fast roster import: what it writes equals what the services write one person at a time; the parsed rows
kept with a batch are used only when they can be trusted; the audit trail of a bulk import; COPY on PostgreSQL."""
from __future__ import annotations

import datetime
import json
import random
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse

from gonghui.core import bulk, idcard
from gonghui.core.context import acting_as
from gonghui.core.models import AuditEntry
from gonghui.members import importing, services
from gonghui.members.models import ImportBatch, Membership, MembershipEvent, Person

from . import import_helpers
from .import_helpers import new_id, row, xlsx_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


IP = "192.0.2.9"


def stage(tmp_path, org, user, data: bytes, name="花名册.xlsx") -> ImportBatch:
    return import_helpers.stage(tmp_path, org, user, data, name, ip=IP)


def commit(batch, user, mode=ImportBatch.Mode.ALL):
    return import_helpers.commit(batch, user, mode, ip=IP)


def roster(count: int, *, seed: int = 5) -> list[dict]:
    """Varied rows: every kind of column, blanks, about three in four with an 入会日期."""
    rnd = random.Random(seed)
    rows, seen = [], set()
    while len(rows) < count:
        birth = datetime.date(1962, 1, 1) + datetime.timedelta(days=rnd.randrange(0, 365 * 40))
        number = idcard.make(rnd.choice(("110105", "320102", "440305")), birth, rnd.randrange(1, 999))
        if number in seen:
            continue
        seen.add(number)
        hired = min(birth + datetime.timedelta(days=365 * 20 + rnd.randrange(0, 3000)), datetime.date(2024, 6, 30))
        data = row(rnd.choice("王李张刘陈杨") + rnd.choice("伟芳娜秀英敏静丽强磊") + rnd.choice(("", "明", "华")), number,
                   民族=rnd.choice(("汉族", "回", "满族", None)), 手机=rnd.choice((None, f"139{rnd.randrange(10**8):08d}")),
                   学历=rnd.choice(("大专", "本科", None)), 政治面貌=rnd.choice(("群众", "中共党员", None)),
                   用工形式=rnd.choice(("合同制", "劳务派遣", None)), 部门=rnd.choice(("一车间", "质检部", None)),
                   岗位=rnd.choice(("操作工", "技术员", None)), 入职日期=hired,
                   参加工作时间=hired - datetime.timedelta(days=rnd.randrange(0, 900)),
                   月基本工资=rnd.choice((None, round(rnd.uniform(3000, 9000), 2))),
                   劳模级别=rnd.choice((None, None, "市劳模")), 困难职工=rnd.choice((None, None, "一般困难")),
                   军烈属=rnd.choice((None, "是", "否")), 备注=rnd.choice((None, "", "=SUM(A1)")))
        if rnd.random() < 0.75:
            data["入会日期"] = min(hired + datetime.timedelta(days=rnd.randrange(30, 400)), datetime.date(2025, 1, 1))
        rows.append(data)
    return rows


PERSON_COMPARED = [f.attname for f in Person._meta.concrete_fields
                   if f.attname not in ("id", "created_at", "updated_at", "version")]


def snapshot() -> tuple:
    people = {p["id_number"]: p for p in Person.objects.values(*PERSON_COMPARED)}
    memberships = sorted(Membership.objects.values_list(
        "person__id_number", "org_id", "member_no", "applied_on", "started_on", "ended_on", "end_reason"))
    events = sorted(MembershipEvent.objects.values_list(
        "person__id_number", "org_id", "kind", "occurred_on", "member_no", "recorded_by_id"))
    return people, memberships, events


class _Rollback(Exception):
    pass


def rolled_back(fn) -> tuple:
    """Run fn, take a snapshot of the people, memberships and events, and undo everything."""
    found = None
    try:
        with transaction.atomic():
            fn()
            found = snapshot()
            raise _Rollback
    except _Rollback:
        return found


def test_a_2000_row_import_equals_the_same_rows_through_the_services(tmp_path, tree, officer_a, make_person):
    rows = roster(2000)
    # People already registered: one to update, one non-member to admit, one member to leave as is.
    to_update = make_person(tree["company"], "旧人甲", member=False, phone="13700000000", department="旧部门")
    to_admit = make_person(tree["company"], "旧人乙", member=False)
    member = make_person(tree["company"], "旧人丙", member=True, joined=datetime.date(2019, 3, 3))
    rows += [row("旧人甲", to_update.id_number, 手机="13700000001", 部门="新部门"),
             row("旧人乙", to_admit.id_number, 入会日期=datetime.date(2024, 2, 2)),
             row("旧人丙", member.id_number, 入会日期=datetime.date(2019, 3, 3))]
    data = xlsx_bytes(rows)

    def fast():
        result = commit(stage(tmp_path, tree["company"], officer_a, data), officer_a)
        assert result.committed, result.message
        assert (result.batch.new_count, result.batch.updated_count, result.batch.unchanged_count) == (2000, 2, 1)

    def slow():
        path = tmp_path / "slow.xlsx"
        path.write_bytes(data)
        analysis = importing.analyse(str(path), "xlsx", org=tree["company"], user=officer_a, keep_rows=True)
        assert not analysis.errors
        with acting_as(officer_a, source="web"):
            for r in analysis.valid_rows:  # in file order, as the import gives member numbers
                if r.existing is None:
                    person = services.person_create(org=r.org, **r.values)
                else:
                    person = Person.objects.get(pk=r.existing["pk"])
                    changed = {k: v for k, v in r.values.items() if getattr(person, k) != v}
                    if changed:
                        person = services.person_update(person=person, version=person.version, **changed)
                if r.admit:
                    services.member_admit(person=person, joined_on=r.joined_on)

    fast_people, fast_memberships, fast_events = rolled_back(fast)
    slow_people, slow_memberships, slow_events = rolled_back(slow)
    assert len(fast_people) == 2000 + 3  # the new ones and the three registered before
    assert fast_people == slow_people
    assert fast_memberships == slow_memberships and len(fast_memberships) > 1400
    assert fast_events == slow_events


def test_commit_uses_the_parsed_rows_kept_with_the_batch(tmp_path, tree, officer_a, monkeypatch, media):
    rows = [row("保留甲", new_id(), 入会日期="2020-01-01", 月基本工资="5000.5", 参加工作时间="2010/7/1"),
            row("保留乙", new_id(), 军烈属="是", 劳模级别="无"), row("坏行", "123")]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    kept = media / (batch.file.name + importing.PARSED_SUFFIX)
    assert kept.exists()
    calls = []
    real = importing.read_rows
    monkeypatch.setattr(importing, "read_rows", lambda *a, **k: calls.append(a) or real(*a, **k))
    result = commit(batch, officer_a, ImportBatch.Mode.VALID_ONLY)
    assert result.committed and calls == []  # the file was not parsed again
    assert [(e["row"], e["reason"]) for e in result.batch.errors] == [
        (4, "身份证号应为18位，前17位为数字，最后一位为数字或X")]
    first = Person.objects.get(name="保留甲")
    assert (first.base_salary, first.work_started_on, first.member_status) == (
        Decimal("5000.50"), datetime.date(2010, 7, 1), "active")
    second = Person.objects.get(name="保留乙")
    assert second.is_military_family is True and second.model_worker == ""


def test_kept_rows_are_removed_when_the_batch_is_done(tmp_path, tree, officer_a, media,
                                                      django_capture_on_commit_callbacks):
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("完成", new_id())]))
    kept = media / (batch.file.name + importing.PARSED_SUFFIX)
    with django_capture_on_commit_callbacks(execute=True):
        assert commit(batch, officer_a).committed
    assert not kept.exists() and (media / batch.file.name).exists()  # the roster itself stays on record

    discarded = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("放弃", new_id())]))
    kept = media / (discarded.file.name + importing.PARSED_SUFFIX)
    assert kept.exists()
    importing.discard_batch(discarded)
    assert not kept.exists()


@pytest.mark.parametrize("spoil", ["tampered", "other_rules", "next_day", "missing", "garbage"])
def test_kept_rows_that_cannot_be_trusted_are_ignored(tmp_path, tree, officer_a, monkeypatch, media, spoil):
    number = new_id()
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("原名", number, 部门="一车间")]))
    kept = media / (batch.file.name + importing.PARSED_SUFFIX)
    if spoil == "tampered":  # someone with access to the storage changes the rows, not the signature
        kept.write_bytes(kept.read_bytes().replace("原名".encode(), "假名".encode()))
    elif spoil == "other_rules":  # a new version of the parsing code was deployed meanwhile
        monkeypatch.setattr(importing, "_rules_digest", lambda: "another version")
    elif spoil == "next_day":  # dates are checked against "today"
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        monkeypatch.setattr(importing.timezone, "localdate", lambda *a, **k: tomorrow)
    elif spoil == "missing":
        kept.unlink()
    else:
        kept.write_bytes(b"not json at all")
    calls = []
    real = importing.read_rows
    monkeypatch.setattr(importing, "read_rows", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert commit(batch, officer_a).committed
    assert len(calls) == 1  # the stored file was read again instead
    person = Person.objects.get(id_number=number)
    assert (person.name, person.department) == ("原名", "一车间")


def test_kept_rows_are_signed_and_tied_to_the_file(tmp_path, tree, officer_a, media):
    """They are as confidential as the roster beside them (same storage, same lifetime); signed, not encrypted."""
    number = new_id()
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("存储", number, 入会日期="2020-02-02")]))
    lines = (media / (batch.file.name + importing.PARSED_SUFFIX)).read_bytes().splitlines(keepends=True)
    head = json.loads(lines[1])
    assert len(lines[0].strip()) == 64 and head["file"] == batch.sha256 and head["kind"] == "xlsx"
    assert json.loads(lines[2]) == [2] and json.loads(lines[3]) == ["2020-02-02"]
    assert [number] in [json.loads(line) for line in lines[6:]]
    # A line dropped, or one more, spoils the signature as much as a changed value.
    kept = media / (batch.file.name + importing.PARSED_SUFFIX)
    for spoiled in (lines[:-1], lines + [b"[1]\n"], lines[:2] + lines[3:]):
        assert importing._decode_parsed(spoiled, file_digest=batch.sha256, kind="xlsx") is None
    assert importing._decode_parsed(lines, file_digest=batch.sha256, kind="xlsx") is not None
    assert importing._decode_parsed(lines, file_digest="0" * 64, kind="xlsx") is None
    assert kept.exists()


# ------------------------------------------------------------------------------------------------ audit trail


def test_bulk_import_audits_every_person_with_who_when_where_and_masked_values(client, tmp_path, tree, officer_a):
    rows = [row(f"审计{i}", new_id(), 手机=f"1381111{i:04d}", 入会日期="2021-05-05" if i % 2 else None)
            for i in range(30)]
    batch = commit(stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows)), officer_a).batch
    people = list(Person.objects.filter(org=tree["company"], name__startswith="审计"))
    assert len(people) == 30
    entries = {e.object_id: e for e in AuditEntry.objects.filter(action=AuditEntry.Action.CREATE,
                                                                 content_type__model="person")}
    for person in people:
        entry = entries[str(person.pk)]
        assert (entry.actor, entry.actor_name, entry.ip, entry.source) == (officer_a, "officer_a", "192.0.2.9", "web")
        assert entry.at is not None and entry.object_repr == person.name and entry.org_path == tree["company"].path
        assert entry.changes["name"] == [None, person.name]
        assert entry.changes["phone"] == [None, person.phone[:3] + "****" + person.phone[-4:]]
        assert entry.changes["id_number"][1] == person.id_number[:6] + "********" + person.id_number[-4:]
        assert person.id_number not in json.dumps(entry.changes) and person.phone not in json.dumps(entry.changes)
        assert entry.changes["org_id"] == [None, tree["company"].pk]
        if person.member_status == "active":
            assert entry.changes["member_no"] == [None, person.member_no]
            assert entry.changes["joined_on"] == [None, "2021-05-05"]
        else:
            assert "member_no" not in entry.changes
        assert f"批次{batch.pk}" in entry.note
    summary = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert summary.changes["created"] == 30 and summary.changes["joined"] == 15

    # The person's history tab shows the import with readable values.
    client.force_login(officer_a)
    person = next(p for p in people if p.member_status == "active")
    body = client.get(reverse("members:person_detail", args=[person.pk]) + "?tab=history").content.decode()
    assert "花名册导入" in body and f"批次{batch.pk}" in body
    assert person.phone[:3] + "****" + person.phone[-4:] in body and person.phone not in body
    assert "入会日期" in body and "2021-05-05" in body and "officer_a" in body


def test_reimport_audits_the_changes_only(tmp_path, tree, officer_a):
    number = new_id()
    commit(stage(tmp_path, tree["company"], officer_a, xlsx_bytes([row("复导", number, 手机="13800000001")])), officer_a)
    person = Person.objects.get(id_number=number)
    result = commit(stage(tmp_path, tree["company"], officer_a,
                          xlsx_bytes([row("复导", number, 手机="13800000002", 岗位="焊工")])), officer_a)
    assert result.batch.updated_count == 1
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_id=str(person.pk))
    assert entry.changes == {"phone": ["138****0001", "138****0002"], "post": ["", "焊工"]}
    assert (entry.actor, entry.ip) == (officer_a, "192.0.2.9")
    person.refresh_from_db()
    assert (person.phone, person.post, person.version) == ("13800000002", "焊工", 2)


def test_postgresql_import_writes_with_copy(tmp_path, tree, officer_a, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is the PostgreSQL path")
    tables = []
    real = bulk._copy
    monkeypatch.setattr(bulk, "_copy", lambda table, columns, rows: tables.append(table) or real(table, columns, rows))
    rows = [row(f"拷贝{i}", new_id(), 入会日期="2020-01-01") for i in range(20)]
    assert commit(stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows)), officer_a).committed
    # People and their audit entries go by COPY; memberships and events are made by the database from the people.
    assert sorted(set(tables)) == sorted({Person._meta.db_table, AuditEntry._meta.db_table})
    assert Membership.objects.filter(person__name__startswith="拷贝", started_on="2020-01-01").count() == 20
    assert MembershipEvent.objects.filter(person__name__startswith="拷贝", kind="join", recorded_by=officer_a).count() == 20


def test_cells_equal_in_python_but_of_different_types_are_read_each_as_itself(tmp_path, tree, officer_a):
    """True, 1 and 1.0 are one dict key; the parse cache must not give one the other's reading."""
    rows = [row("类型甲", new_id(), 入职日期=True), row("类型乙", new_id(), 入职日期=1),
            row("类型丙", new_id(), 入职日期=datetime.date(2015, 3, 1))]
    batch = stage(tmp_path, tree["company"], officer_a, xlsx_bytes(rows))
    reasons = {e["row"]: e["reason"] for e in batch.errors}
    assert reasons[2] == "不是日期"
    assert reasons[3] != "不是日期" and 4 not in reasons
