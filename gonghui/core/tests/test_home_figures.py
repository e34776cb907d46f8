"""The home page's figures are cached under the membership data's change token (members.versioning): a second
view reads no membership, and no write of any kind leaves them stale (issue 8: 1.6 s for a federation)."""
from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.core import bulk
from gonghui.members import services, versioning
from gonghui.members.models import Membership, Person
from gonghui.members.tests.import_helpers import new_id, row, xlsx_bytes
from gonghui.orgs import services as org_services


@pytest.fixture
def fed_client(client, make_user, tree):
    client.force_login(make_user("fed_officer", Role.OFFICER, tree["fed"]))
    return client


def members_shown(client) -> int:
    return client.get("/").context["figures"].members


def heavy_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "members_membership" in q["sql"]]


def test_second_view_reads_no_membership_and_writes_show_at_once(fed_client, tree, make_person, settings, tmp_path,
                                                                  django_capture_on_commit_callbacks):
    def committed(write):  # each write as its own committed transaction: the token is renewed at the commit
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            return write()

    settings.MEDIA_ROOT = tmp_path / "media"
    first = committed(lambda: make_person(tree["company"], "甲"))
    assert members_shown(fed_client) == 1
    assert heavy_queries(fed_client) == []  # cached
    # A service write.
    committed(lambda: make_person(tree["school"], "乙"))
    assert members_shown(fed_client) == 2
    committed(lambda: services.member_withdraw(person=first, on=localdate(), note="调离"))
    assert members_shown(fed_client) == 1
    # A queryset update with no signal, and core.bulk's plain SQL (the import's way).
    committed(lambda: Membership.objects.filter(person=first).update(ended_on=None, end_reason=""))
    assert members_shown(fed_client) == 2
    committed(lambda: bulk.update_rows(Membership, ("ended_on",),
                                       [(first.memberships.get().pk, localdate() - datetime.timedelta(days=1))]))
    assert members_shown(fed_client) == 1
    # An import.
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx_bytes([row("丙", new_id(), 入会日期="2020-01-01"), row("丁", new_id(), 入会日期="2021-01-01")]))
    committed(lambda: call_command("import-members", str(path), "--org", "A", stdout=io.StringIO()))
    assert members_shown(fed_client) == 3
    # Moving a union out of the federation's subtree.
    other = committed(lambda: org_services.org_create(code="FED2", name="另一总工会", kind="federation"))
    committed(lambda: org_services.org_move(org=tree["school"], new_parent=other))
    assert members_shown(fed_client) == 2
    assert heavy_queries(fed_client) == []


def test_token_changes_with_each_kind_of_write(tree, make_person, django_capture_on_commit_callbacks):
    def committed(write):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            write()

    before = versioning.current()
    person = None

    def create():
        nonlocal person
        person = make_person(tree["company"], "甲", member=False)

    committed(create)
    assert versioning.current() != before
    for write in (lambda: Person.objects.filter(pk=person.pk).update(note="x"),
                  lambda: person.save(),
                  lambda: bulk.insert_rows(Person, ("org_id", "name", "name_pinyin", "name_initials", "gender"),
                                           [(tree["company"].pk, "乙", "yi", "y", "M")]),
                  lambda: Person.objects.filter(name="乙").delete()):
        before = versioning.current()
        committed(write)
        assert versioning.current() != before


def test_token_is_written_once_after_the_commit_and_not_after_a_rollback(tree, make_person,
                                                                          django_capture_on_commit_callbacks):
    person = make_person(tree["company"], "甲")
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():  # one transaction with several writes of versioned data
            before = versioning.current()
            person.phone = "13800138000"
            person.save()
            Person.objects.filter(pk=person.pk).update(note="调岗")
            Membership.objects.filter(person=person).update(end_reason="")
        assert versioning.current() == before  # nothing written inside the transaction: no lock held there
    assert sum(1 for c in callbacks if c is versioning._write) == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                make_person(tree["company"], "丙")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert versioning._write not in callbacks
