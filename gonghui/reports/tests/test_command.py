"""`gonghui report KIND --org CODE --period … --format docx|json|md -o FILE`: every format reads back, bad input is
refused in Chinese before anything is written, every export is audited."""
import io
import json
import os
import zipfile

import docx
import pytest
from django.core.management import CommandError, call_command

from gonghui.core.models import AuditEntry
from gonghui.reports import registry
from gonghui.reports.management.commands import report as command
from gonghui.reports.periods import Period


def run(*args, stdout=None):
    out, err = stdout or io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def json_summary(world, tmp_path):
    path = tmp_path / "summary.json"
    run("summary", "--org", "A", "--period", "2025", "--format", "json", "-o", str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def test_json_has_every_figure_with_metric_value_unit_and_phrase(json_summary, tree):
    data = json_summary
    assert data["kind"] == "summary" and data["org"] == "A" and data["period"] == "2025"
    assert "甲公司工会" in data["title"] and "2025" in data["title"]
    assert data["figures"], "a union with a year of records has figures"
    for fig in data["figures"]:
        assert fig["metric"] and fig["unit"] and fig["phrase"] and fig["value"] is not None
        assert registry.get(fig["metric"])  # a registered figure
    # The exact values are the records' (computed here the registry's way, not copied).
    period = Period.year(2025)
    for fig in data["figures"]:
        if fig["metric"] in ("members.new", "members.withdrawals") and fig["period"] == "2025":
            assert fig["value"] == registry.get(fig["metric"]).compute(tree["company"], period.start, period.end)
    assert {"members.new", "members.withdrawals"} & {f["metric"] for f in data["figures"]}
    in_text = [(run, block["text"]) for block in data["blocks"] for run in block.get("runs", [])
               if isinstance(run, dict)]
    assert in_text and all(run["phrase"] in text for run, text in in_text)  # the phrase is what the text says


def test_markdown_starts_with_the_title(world, tmp_path):
    path = tmp_path / "summary.md"
    run("summary", "--org", "A", "--period", "2025", "-o", str(path))  # format from the extension
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# ") and "甲公司工会" in first and "总结" in first
    assert "## 一、" in text


def test_docx_opens_with_the_title_and_the_body(world, tmp_path):
    path = tmp_path / "总结.docx"
    _, err = run("summary", "--org", "A", "--period", "2025", "--style", "rounded", "--format", "docx", "-o",
                 str(path))
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    document = docx.Document(str(path))
    assert "甲公司工会" in document.paragraphs[0].text and "总结" in document.paragraphs[0].text
    assert round(document.sections[0].page_width.mm) == 210
    assert "已生成" in err and str(path) in err
    # The Word text is the drafted document's, block by block (captions aside).
    out, _ = run("summary", "--org", "A", "--period", "2025", "--style", "rounded", "--format", "json", "-o", "-")
    data = json.loads(out)
    expected = [data["title"], data["subtitle"]] + [b["text"] for b in data["blocks"] if b["type"] in
                                                    ("heading", "paragraph")] + data["signature"]
    shown = [p.text for p in document.paragraphs if p.text and p.style.name != "图表题注"]
    assert shown == [t for t in expected if t]
    assert any(t.startswith("一、") for t in shown)


def test_dash_writes_json_and_markdown_to_standard_output(world, tmp_path):
    out, err = run("summary", "--org", "A", "--period", "2025", "--format", "json", "-o", "-")
    assert json.loads(out)["org"] == "A" and "标准输出" in err
    out, _ = run("summary", "--org", "A", "--period", "2025", "--format", "md", "-o", "-")
    assert out.startswith("# ")
    with pytest.raises(CommandError, match="Word 文件不能写到标准输出"):
        run("summary", "--org", "A", "--period", "2025", "--format", "docx", "-o", "-")


@pytest.mark.parametrize("args, key", [
    (["--period", "2025", "--half", "1"], "2025H1"),
    (["--period", "2025", "--quarter", "3"], "2025Q3"),
    (["--period", "2025H2"], "2025H2"),
    (["--period", "2025-03-01..2025-06-30"], "2025-03-01..2025-06-30"),
])
def test_periods(world, args, key):
    out, _ = run("summary", "--org", "A", *args, "--format", "json", "-o", "-")
    assert json.loads(out)["period"] == key


@pytest.mark.parametrize("kind", ["report", "plan"])
def test_the_other_documents(world, tmp_path, kind):
    path = tmp_path / f"{kind}.json"
    run(kind, "--org", "A", "--period", "2025", "--style", "rounded", "-o", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["kind"] == kind and data["title"] and data["blocks"]
    assert all(f["style"] == "rounded" for f in data["figures"])


def test_the_export_is_audited(world, officer_a, tmp_path):
    path = tmp_path / "summary.docx"
    run("summary", "--org", "A", "--period", "2025", "--user", "officer_a", "-o", str(path))
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).latest("pk")
    assert entry.source == "command" and entry.actor == officer_a
    assert entry.org_path == world["p1"].org.path
    assert entry.changes["format"] == "docx" and entry.changes["period"] == "2025" and entry.changes["kind"] == "summary"
    assert entry.changes["figures"] > 0 and "工作总结" in entry.note


def test_without_a_user_the_audit_says_command_line(world, tmp_path):
    run("summary", "--org", "A", "--period", "2025", "-o", str(tmp_path / "s.md"))
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).latest("pk")
    assert entry.actor is None and entry.actor_name == "命令行"


@pytest.mark.parametrize("args, message", [
    (["summary", "--org", "NOPE", "--period", "2025"], "组织代码“NOPE”不存在"),
    (["summary", "--org", "A", "--period", "2025Q5"], "季度只能是1至4"),
    (["summary", "--org", "A", "--period", "去年"], "无法识别的统计期间"),
    (["summary", "--org", "A", "--period", "2025", "--half", "3"], "半年只能是上半年"),
    (["summary", "--org", "A", "--period", "2025H1", "--half", "1"], "--period 只写年份"),
    (["summary", "--org", "A", "--period", "2025", "--half", "1", "--quarter", "2"], "只能选一个"),
    (["summary", "--org", "A", "--period", "2025", "--quarter", "三"], "--quarter 只能是 1 至 4"),
    (["minutes", "--org", "A", "--period", "2025"], "未知的文稿类型“minutes”"),
    (["summary", "--org", "A", "--period", "2025", "--style", "vague"], "未知的数字写法"),
    (["summary", "--org", "A", "--period", "2025", "--format", "pdf"], "不支持的格式“pdf”"),
    (["summary", "--org", "A", "--period", "2025", "--today", "2025/12/01"], "--today 的日期"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(world, tmp_path, args, message):
    path = tmp_path / "out.json"
    with pytest.raises(CommandError, match=message) as caught:
        run(*args, "-o", str(path))
    assert caught.value.returncode == 2
    assert not path.exists() and os.listdir(tmp_path) == []
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_a_format_is_needed_when_the_name_does_not_say(world, tmp_path):
    with pytest.raises(CommandError, match="请用 --format 指定格式"):
        run("summary", "--org", "A", "--period", "2025", "-o", str(tmp_path / "summary.txt"))


def test_unwritable_paths(world, tmp_path):
    with pytest.raises(CommandError, match="目录“.*”不存在"):
        run("summary", "--org", "A", "--period", "2025", "-o", str(tmp_path / "missing" / "s.json"))
    with pytest.raises(CommandError, match="是一个目录"):
        run("summary", "--org", "A", "--period", "2025", "--format", "json", "-o", str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_without_write_permission(world, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(CommandError, match="没有写入权限"):
            run("summary", "--org", "A", "--period", "2025", "-o", str(folder / "s.json"))
    finally:
        folder.chmod(0o700)


def test_a_failed_write_leaves_the_old_file_whole(world, tmp_path, monkeypatch):
    path = tmp_path / "summary.json"
    path.write_text("旧内容", encoding="utf-8")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(command.os, "replace", full_disk)
    with pytest.raises(CommandError, match="无法写入"):
        run("summary", "--org", "A", "--period", "2025", "-o", str(path))
    assert path.read_text(encoding="utf-8") == "旧内容"
    assert os.listdir(tmp_path) == ["summary.json"]  # no temporary file left behind


def test_a_user_without_the_right_to_draft_for_the_union(world, officer_b, tmp_path):
    with pytest.raises(CommandError, match="没有“甲公司工会”的起草权限"):
        run("summary", "--org", "A", "--period", "2025", "--user", "officer_b", "-o", str(tmp_path / "s.json"))
    with pytest.raises(CommandError, match="用户“ghost”不存在"):
        run("summary", "--org", "A", "--period", "2025", "--user", "ghost", "-o", str(tmp_path / "s.json"))


def test_a_period_not_over_is_cut_at_today(world):
    out, _ = run("summary", "--org", "A", "--period", "2025", "--today", "2025-06-30", "--format", "json", "-o", "-")
    data = json.loads(out)
    assert data["period"] == "2025-01-01..2025-06-30"
    assert all(f["period"] == "2025-01-01..2025-06-30" for f in data["figures"])


def test_a_period_not_begun_is_refused(world, tmp_path):
    path = tmp_path / "s.json"
    with pytest.raises(CommandError, match="尚未开始"):
        run("summary", "--org", "A", "--period", "2027", "--today", "2026-11-22", "-o", str(path))
    assert not path.exists()
