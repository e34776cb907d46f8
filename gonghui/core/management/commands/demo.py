"""gonghui demo: load the demo federation, or a large one for benchmarks.

    gonghui demo                          滨江区总工会: three unions, ~600 people, membership and care work from 1 January of the year before last
    gonghui demo --status                 prints "loaded" or "empty"
    gonghui demo --logins [--port 8000]   the address and the demo logins
    gonghui demo --reset                  wipe the database (only if it holds nothing but the demo) and reload
    gonghui demo --members 200000 --unions 200    a large federation, bulk-inserted, for benchmarks
"""
from __future__ import annotations

import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from gonghui.core.errors import ServiceError


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "加载演示数据（滨江区总工会）或生成基准测试用的大数据量。Load the demo federation."

    def add_arguments(self, parser):
        parser.add_argument("--status", action="store_true", help='打印 "loaded" 或 "empty"')
        parser.add_argument("--logins", action="store_true", help="打印访问地址和演示账号")
        parser.add_argument("--port", type=int, default=8000, help="与 --logins 一起使用：服务端口")
        parser.add_argument("--reset", action="store_true",
                            help="清空数据库后重新加载（仅当数据库中只有演示数据时允许）")
        parser.add_argument("--members", type=int, help="基准测试：生成的会员人数（批量写入）")
        parser.add_argument("--unions", type=int, help="基准测试：基层工会数（默认每千名会员一个）")

    def handle(self, *args, **options):
        from gonghui.demo import builder

        if options["status"]:
            try:
                loaded = builder.is_loaded()
            except DatabaseError:  # not migrated yet
                loaded = False
            self.stdout.write("loaded" if loaded else "empty")
            return
        if options["logins"]:
            self.print_logins(options["port"])
            return
        try:
            loaded = builder.is_loaded()
        except DatabaseError as exc:
            raise CommandError(f"数据库尚未初始化，请先执行 gonghui migrate。（{exc}）") from None
        if loaded and not options["reset"]:
            raise CommandError("演示数据已加载。如需重新加载，请使用 gonghui demo --reset。"
                               "The demo is already loaded; use --reset to reload it.")
        if options["reset"]:
            self.reset()
        log = (lambda message: self.stdout.write(message)) if options["verbosity"] >= 1 else builder.quiet
        try:
            if options["members"] is not None:
                members = options["members"]
                unions = options["unions"] or max(1, members // 1000)
                self.stdout.write(f"==> 生成基准测试数据：{members} 名会员，{unions} 个基层工会（{connection.vendor}）")
                summary = builder.build_large(members=members, unions=unions, log=log)
                self.stdout.write(self.style.SUCCESS(
                    f"已生成：{summary.orgs} 个组织，{summary.people} 人（会员 {summary.members} 人），"
                    f"用时 {summary.seconds:.1f} 秒"))
            else:
                summary = builder.build_demo(log=log)
                self.stdout.write(self.style.SUCCESS(
                    f"已加载演示数据：{builder.FED_NAME}，{summary.orgs} 个组织，{summary.people} 人"
                    f"（会员 {summary.members} 人），家属 {summary.family} 人，用时 {summary.seconds:.1f} 秒"))
        except ServiceError as exc:
            raise CommandError(f"加载演示数据失败：{exc}") from None
        self.stdout.write(f"演示账号密码 / demo password: {builder.PASSWORD}")

    def reset(self) -> None:
        """Wipe the whole database and reload. The audit trail cannot be deleted through the application, so the
        only honest reset is emptying the database, and that is refused if it holds anything but the demo."""
        from django.contrib.contenttypes.models import ContentType
        from django.core.management import call_command

        from gonghui.demo import builder

        if not builder.only_demo_data():
            raise CommandError("数据库中除演示数据外还有其他组织的数据，不能重置。"
                               "如需重新加载演示，请另设 GONGHUI_DATA_DIR（或新建数据库）后执行 "
                               "gonghui migrate 和 gonghui demo。")
        self.stdout.write("==> 清空数据库（包括审计记录；仅限演示数据库）")
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()

    def print_logins(self, port: int) -> None:
        from gonghui.demo import builder

        try:
            rows = builder.login_rows()
        except DatabaseError:
            rows = []
        self.stdout.write(f"工会工作平台 / gonghui: http://127.0.0.1:{port}/")
        if not rows:
            self.stdout.write("尚未加载演示数据（gonghui demo）。The demo is not loaded.")
            return
        header = ("用户名 username", "角色", "role", "组织（人员）/ organisation (person)")
        widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(4)]
        self.stdout.write("  ".join(_pad(h, w) for h, w in zip(header, widths)))
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in rows:
            self.stdout.write("  ".join(_pad(str(c), w) for c, w in zip(row, widths)).rstrip())
        self.stdout.write(f"密码 / password: {builder.PASSWORD}（所有演示账号相同 / same for every demo login）")
