"""`gonghui import-members FILE --org CODE [--dry-run] [--valid-only] [--user USERNAME]`."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.core.models import AuditEntry
from gonghui.members.models import ImportBatch, Person

from .import_helpers import new_id, row, xlsx_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run(*args) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command("import-members", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue() + str(exc), exc.returncode
    return out.getvalue(), 0


@pytest.fixture
def roster(tmp_path):
    def _make(rows, name="roster.xlsx"):
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows))
        return str(path)

    return _make


def test_dry_run_writes_nothing(tree, roster):
    path = roster([row("命令甲", new_id(), 入会日期="2020-01-01"), row("命令乙", new_id())])
    out, code = run(path, "--org", "A", "--dry-run")
    assert code == 0 and "共 2 行：新增 2 人" in out and "没有写入任何数据" in out
    assert not Person.objects.exists() and not ImportBatch.objects.exists()


def test_import_and_audit_as_command(tree, roster, officer_a):
    number = new_id()
    out, code = run(roster([row("命令甲", number, 入会日期="2020-01-01")]), "--org", "A", "--user", "officer_a")
    assert code == 0 and "已导入" in out
    person = Person.objects.get(id_number=number)
    assert person.member_status == "active"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.source == "command" and entry.actor == officer_a
    batch = ImportBatch.objects.get()
    assert batch.source == "command" and batch.status == "committed" and batch.created_by == officer_a


def test_without_user_the_audit_says_command_line(tree, roster):
    out, code = run(roster([row("命令丙", new_id())]), "--org", "A1")
    assert code == 0
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.actor is None and entry.actor_name == "命令行"
    assert Person.objects.get(name="命令丙").org == tree["branch"]


def test_rejected_rows_exit_1_and_nothing_is_written(tree, roster):
    good = new_id()
    path = roster([row("好", good), row("坏", "110105")])
    out, code = run(path, "--org", "A")
    assert code == 1 and "第3行 | 身份证号" in out and "没有写入任何数据" in out
    assert not Person.objects.filter(id_number=good).exists()
    assert ImportBatch.objects.get().status == "discarded"
    out, code = run(path, "--org", "A", "--dry-run")
    assert code == 1 and not Person.objects.exists()


def test_valid_only_imports_the_valid_rows_and_still_exits_1(tree, roster):
    good = new_id()
    out, code = run(roster([row("好", good), row("坏", "110105")]), "--org", "A", "--valid-only")
    assert code == 1 and "新增 1 人" in out and "未导入 1 行" in out
    assert Person.objects.filter(id_number=good).exists()


def test_bad_arguments_and_files_exit_2(tree, roster, tmp_path, officer_b):
    path = roster([row("甲", new_id())])
    assert run(path, "--org", "NOPE")[1] == 2
    assert run(str(tmp_path / "missing.xlsx"), "--org", "A")[1] == 2
    assert run(path, "--org", "A", "--user", "officer_b")[1] == 2  # no import permission on 甲公司
    bad = tmp_path / "fake.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    out, code = run(str(bad), "--org", "A")
    assert code == 2 and "不是 Excel" in out
    assert not Person.objects.exists()


def test_underscore_name_works_too(tree, roster):
    out = io.StringIO()
    call_command("import_members", roster([row("下划线", new_id())]), "--org", "A", "--dry-run", stdout=out)
    assert "新增 1 人" in out.getvalue()
