"""gonghui restore FILE: replace the database and the uploaded files with a backup's (see gonghui/core/backup.py).

Stop the web server first. The restore is checked table by table against the backup's checksums.

    gonghui restore gonghui-2026-12-06.tar.gz --yes
"""
from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from gonghui.core import audit, backup
from gonghui.core.context import acting_as
from gonghui.core.models import AuditEntry


class Command(BaseCommand):
    help = "用备份文件替换当前数据库和上传的文件（恢复后逐表核对行数和校验值）。请先停止网站服务。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="gonghui backup 生成的备份文件")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接覆盖当前数据")
        parser.add_argument("--no-media", action="store_true", help="只恢复数据库，不动上传的文件")

    def handle(self, *args, file, yes, no_media, **options):
        try:
            manifest = backup.read_manifest(file)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(f"备份时间 {manifest['created_at']}，{len(manifest['tables'])} 张表，共 {rows} 行。")
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("恢复会覆盖当前数据库的全部数据：确认无误后加 --yes 再运行。")
            answer = input("恢复会覆盖当前数据库的全部数据。输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，未做任何更改。")
        try:
            result = backup.restore(file, media=not no_media)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        with acting_as(None, source="command"):
            audit.record(AuditEntry.Action.IMPORT, note=f"从备份恢复数据库：{result.path.name}"
                                                        f"（备份时间 {manifest['created_at']}）")
        self.stdout.write(f"已恢复并核对 {len(manifest['tables'])} 张表、{rows} 行，全部与备份一致；"
                          f"用时 {result.seconds:.1f} 秒。")
        moved = result.manifest.get("media_moved_to")
        if moved:
            self.stdout.write(f"原有的上传文件已移到 {moved}。")
        pending = backup.pending_migrations()
        if pending:
            self.stdout.write(f"备份来自较早的版本，还有 {len(pending)} 个数据库迁移未执行：请运行 gonghui migrate。")
