"""gonghui remind [--today YYYY-MM-DD]: send every registered reminder's messages (portal.desk). Idempotent: a
reminder sends each person one message per object per day, so running it twice a day sends nothing twice.

Run daily by cron or a systemd timer, e.g.  0 7 * * *  /path/to/.venv/bin/gonghui remind
"""
import datetime

from django.core.management.base import BaseCommand, CommandError

from gonghui.portal import desk


class Command(BaseCommand):
    help = "发送所有已登记的提醒（每人每事每天一次，可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按哪一天计算（YYYY-MM-DD，默认今天）")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"日期“{today}”无法识别，请写成 YYYY-MM-DD。") from None
        sent = desk.run_reminders(day)
        for key, n in sent.items():
            self.stdout.write(f"{key}: {n}")
        self.stdout.write(f"共发送 {sum(sent.values())} 条提醒")
