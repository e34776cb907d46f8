"""`gonghui import-sweep [--hours H]`: expire import batches left waiting, with their files (= import --sweep)."""
from django.core.management.base import BaseCommand

from gonghui.core.importing import engine


class Command(BaseCommand):
    help = "清理超过保留时间仍未确认的导入批次及其文件（GONGHUI_IMPORT_TTL_HOURS，默认 24 小时）与无主的导入文件。"

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, help="保留时间（小时）")

    def handle(self, *args, **options):
        found = engine.sweep(hours=options["hours"], orphans=True)
        self.stdout.write(f"已清理过期的导入批次 {found.expired} 个、无主的导入文件 {found.orphans} 个。")
