"""audit.record_rows / record_bulk: the entries of a bulk write are the ones `record` writes, one per record."""
from __future__ import annotations

import pytest
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.context import acting_as
from gonghui.core.models import AuditEntry
from gonghui.members.models import Person


def test_record_rows_writes_who_when_where_and_the_changes(tree, officer_a, make_person):
    people = [make_person(tree["company"], f"批{i}", member=False) for i in range(3)]
    before = timezone.now()
    with acting_as(officer_a, ip="198.51.100.7", source="web"):
        count = audit.record_rows(AuditEntry.Action.UPDATE, Person, [
            (people[0].pk, people[0].name, tree["company"].path, {"post": ["", "焊工"]}),
            (people[1].pk, people[1].name, tree["company"].path, '{"post":["","钳工"]}'),
            (people[2].pk, people[2].name, "", {}),
        ], note="批量修改")
    assert count == 3
    entries = {e.object_id: e for e in AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, note="批量修改")}
    first, second, third = (entries[str(p.pk)] for p in people)
    for entry in (first, second, third):
        assert (entry.actor, entry.actor_name, entry.ip, entry.source) == (officer_a, "officer_a", "198.51.100.7", "web")
        assert entry.content_type.model == "person" and entry.at >= before.replace(microsecond=0)
    assert first.changes == {"post": ["", "焊工"]} and second.changes == {"post": ["", "钳工"]}
    assert third.changes == {} and third.org_path == "" and first.org_path == tree["company"].path
    assert first.object_repr == people[0].name
    # They are what the person's history shows.
    from gonghui.core.selectors import object_history

    assert list(object_history(people[1]).filter(action=AuditEntry.Action.UPDATE)) == [second]


def test_record_rows_from_a_command_has_no_user_and_no_address(tree, make_person):
    person = make_person(tree["company"], "命令", member=False)
    with acting_as(None, source="command"):
        audit.record_rows(AuditEntry.Action.CREATE, Person, [(person.pk, "命令", "", {"name": [None, "命令"]})])
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_id=str(person.pk)).latest("id")
    assert (entry.actor, entry.actor_name, entry.ip, entry.source) == (None, "命令行", None, "command")


def test_record_bulk_keeps_its_shape(tree, officer_a, make_person):
    people = [make_person(tree["company"], f"旧{i}", member=False, phone="13912345678") for i in range(2)]
    with acting_as(officer_a, ip="192.0.2.1", source="web"):
        assert audit.record_bulk(AuditEntry.Action.REVEAL, people, note="查看") == 2
        audit.record_bulk(AuditEntry.Action.UPDATE, people, note="快照")
    reveal = AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, note="查看")
    assert sorted(int(e.object_id) for e in reveal) == sorted(p.pk for p in people)
    snapshot = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, note="快照").first()
    assert snapshot.changes["phone"] == [None, "139****5678"] and "13912345678" not in str(snapshot.changes)
    assert snapshot.changes["name"][1].startswith("旧") and snapshot.org_path == tree["company"].path


@pytest.mark.parametrize("ip", [None, ""])
def test_an_empty_address_is_stored_as_none(tree, make_person, ip):
    person = make_person(tree["company"], "无址", member=False)
    with acting_as(None, ip=ip, source="system"):
        audit.record_rows(AuditEntry.Action.UPDATE, Person, [(person.pk, "无址", "", {})])
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(person.pk)).latest("id")
    assert entry.ip is None and entry.actor_name == "系统"
