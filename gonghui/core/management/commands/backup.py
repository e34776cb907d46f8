"""gonghui backup FILE: the whole database and the uploaded files in one archive (see gonghui/core/backup.py).

    gonghui backup /srv/backups/gonghui-$(date +%F).tar.gz
    gonghui backup FILE --no-media        the database only
"""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gonghui.core import audit, backup
from gonghui.core.context import acting_as
from gonghui.core.models import AuditEntry


class Command(BaseCommand):
    help = "备份整个数据库和上传的文件到一个归档文件（SQLite 用在线备份接口，PostgreSQL 用 pg_dump）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径，如 gonghui-2026-12-06.tar.gz")
        parser.add_argument("--no-media", action="store_true", help="只备份数据库，不含上传的文件")

    def handle(self, *args, file, no_media, **options):
        try:
            result = backup.create(file, media=not no_media)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        with acting_as(None, source="command"):
            audit.record(AuditEntry.Action.EXPORT, note=f"备份数据库：{result.path.name}，"
                                                        f"{len(manifest['tables'])}张表 {result.rows}行")
        media = manifest["media"]
        self.stdout.write(f"已备份到 {result.path}：{len(manifest['tables'])} 张表，共 {result.rows} 行"
                          + (f"，上传文件 {len(media)} 个" if media is not None else "")
                          + f"；{result.path.stat().st_size / 1e6:.1f} MB，用时 {result.seconds:.1f} 秒。")
