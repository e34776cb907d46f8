"""gonghui backup / restore (core/backup.py): a round trip gives the same rows, to the microsecond, on SQLite and
on PostgreSQL, into a fresh database and over the live one; a bad archive changes nothing."""
from __future__ import annotations

import datetime
import io
import json
import sqlite3
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gonghui.core import backup
from gonghui.core.models import AuditEntry
from gonghui.members.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "care").mkdir(parents=True)
    (tmp_path / "media" / "care" / "诊断证明.pdf").write_bytes(b"%PDF-1.4 the scan")
    return tmp_path / "media"


@pytest.fixture
def records(tree, make_person):
    people = [make_person(name=n, org=tree["company"]) for n in ("张三", "李四", "王五")]
    return people


def _live_checksums():
    tables = backup._tables_and_keys("default")
    with connection.cursor() as cursor:
        return backup.checksums(cursor, tables, connection.vendor)


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database of the same kind as the one under test: a new SQLite file, or a new PostgreSQL database."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "fresh.sqlite3")
        return
    import psycopg

    params = dict(connection.get_connection_params())
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = {**params, "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(**admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_round_trip_into_a_fresh_database_is_exact(records, media, tmp_path, fresh_database):
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.at.microsecond  # a real timestamp, with its microseconds
    before = _live_checksums()

    made = backup.create(tmp_path / "b.tar.gz")
    assert made.manifest["tables"] == before
    assert made.manifest["tables"]["members_person"]["rows"] == Person.objects.count() == 3
    assert made.manifest["media"]["care/诊断证明.pdf"]["size"] == len(b"%PDF-1.4 the scan")

    backup.restore(tmp_path / "b.tar.gz", target=fresh_database)

    tables = {t: info["order"] for t, info in before.items()}
    if connection.vendor == "sqlite":
        with sqlite3.connect(fresh_database) as db:
            after = backup.checksums(db.cursor(), tables, connection.vendor)
            at = db.execute("SELECT at FROM core_auditentry WHERE id = ?", [entry.id]).fetchone()[0]
        assert at.endswith(f".{entry.at.microsecond:06d}") or f".{entry.at.microsecond:06d}" in at
    else:
        import psycopg

        params = {**connection.get_connection_params(), "dbname": fresh_database}
        with psycopg.connect(**params) as db:
            after = backup.checksums(db.cursor(), tables, connection.vendor)
            at = db.execute("SELECT at FROM core_auditentry WHERE id = %s", [entry.id]).fetchone()[0]
        assert at == entry.at
    assert after == before


def test_restore_command_puts_back_the_database_and_the_files(records, media, tmp_path):
    archive = tmp_path / "nightly.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = _live_checksums()
    names = sorted(Person.objects.values_list("name", flat=True))

    # The day after the backup: someone renamed a person and a file was replaced.
    zhang = Person.objects.get(name="张三")
    zhang.name = "张叁"
    zhang.save()
    (media / "care" / "诊断证明.pdf").write_bytes(b"another scan")

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "全部与备份一致" in out.getvalue()
    assert sorted(Person.objects.values_list("name", flat=True)) == names
    after = _live_checksums()
    after.pop("core_auditentry"), before.pop("core_auditentry")  # the restore itself is audited afterwards
    assert after == before
    assert (media / "care" / "诊断证明.pdf").read_bytes() == b"%PDF-1.4 the scan"
    moved = list(media.parent.glob("media.before-restore-*"))
    assert len(moved) == 1 and (moved[0] / "care" / "诊断证明.pdf").read_bytes() == b"another scan"
    assert AuditEntry.objects.filter(note__startswith="从备份恢复数据库").exists()


def test_restore_without_yes_and_without_a_terminal_refuses(records, tmp_path, media):
    archive = tmp_path / "b.tar.gz"
    backup.create(archive)
    with pytest.raises(CommandError, match="加 --yes"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_a_file_that_is_no_backup_gets_a_chinese_message(db, tmp_path):
    junk = tmp_path / "花名册.xlsx"
    junk.write_bytes(b"PK\x03\x04 not a backup")
    with pytest.raises(CommandError, match="不是 gonghui 备份文件"):
        call_command("restore", str(junk), "--yes", stdout=io.StringIO())
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--yes", stdout=io.StringIO())


def _rewrite_manifest(archive, change):
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            if member.name == backup.MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data) if data is not None else None)


def test_a_backup_of_the_other_engine_or_a_newer_version_is_refused(records, tmp_path, media):
    archive = tmp_path / "b.tar.gz"
    backup.create(archive)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    _rewrite_manifest(archive, lambda m: m.update(engine=other))
    with pytest.raises(backup.BackupError, match="只能恢复到同一种数据库"):
        backup.restore(archive)
    _rewrite_manifest(archive, lambda m: m.update(engine=connection.vendor,
                                                  migrations=m["migrations"] + [["care", "9999_future"]]))
    with pytest.raises(backup.BackupError, match="请先升级 gonghui"):
        backup.restore(archive)
    assert Person.objects.count() == 3


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_damaged_sqlite_archive_changes_nothing(records, tmp_path, media):
    archive = tmp_path / "b.tar.gz"
    backup.create(archive)
    _rewrite_manifest(archive, lambda m: m["tables"]["members_person"].update(rows=4))
    Person.objects.filter(name="李四").update(name="李肆")
    with pytest.raises(backup.BackupError, match="备份文件已损坏，未做任何恢复"):
        backup.restore(archive)
    assert Person.objects.filter(name="李肆").exists()
