"""`gonghui import KIND FILE --org CODE [--dry-run] [--valid-only] [--user USERNAME]` and `gonghui import --sweep`.

Imports a file the same way as the wizard: every row is validated first; without --valid-only nothing is written
when any row is rejected; with --valid-only the valid rows are written. --dry-run validates and reports but
writes nothing (no batch, no stored file). `--list` names the registered kinds. `--sweep` expires the batches
left waiting longer than GONGHUI_IMPORT_TTL_HOURS (or --hours) with their files, and deletes stored import files
that no batch names.

Exit status: 0 when every row was accepted (and, without --dry-run, imported); 1 when any row was rejected
(whether or not --valid-only wrote the others), so that scripts notice; 2 when the file or the arguments cannot
be used at all.
"""
from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts.scope import can_on_org
from gonghui.core.context import acting_as
from gonghui.orgs.models import Organization

from . import engine
from .files import ImportFileError

SHOW_ERRORS = 200


class ImportCommand(BaseCommand):
    help = "导入表格（.xlsx/.xls/.csv）：逐行校验后写入。有行被拒绝时退出码为 1。gonghui import --list 列出可导入的类别。"
    fixed_kind: str | None = None  # a command bound to one kind (gonghui import-members)

    def add_arguments(self, parser):
        if self.fixed_kind is None:
            parser.add_argument("kind", nargs="?", help="导入类别（如 members），见 --list")
        parser.add_argument("file", nargs="?" if self.fixed_kind is None else None, help="文件路径")
        parser.add_argument("--org", help="导入到的组织代码")
        parser.add_argument("--dry-run", action="store_true", help="只校验、不写入")
        parser.add_argument("--valid-only", action="store_true", help="有误的行跳过，只导入无误的行")
        parser.add_argument("--user", help="以该用户身份导入（须有该组织的导入权限），记入审计日志")
        if self.fixed_kind is None:
            parser.add_argument("--list", action="store_true", help="列出可导入的类别")
            parser.add_argument("--sweep", action="store_true",
                                help="清理超过保留时间仍未确认的导入批次及其文件（GONGHUI_IMPORT_TTL_HOURS，默认 24 小时）")
            parser.add_argument("--hours", type=float, help="与 --sweep 同用：保留时间（小时）")

    def handle(self, *args, **options):
        if self.fixed_kind is None and options.get("list"):
            for key, importer in sorted(engine.importers().items()):
                self.stdout.write(f"{key}\t{importer.title}")
            return
        if self.fixed_kind is None and options.get("sweep"):
            return self._sweep(options.get("hours"))
        kind = self.fixed_kind or options.get("kind")
        if not kind or not options.get("file"):
            raise CommandError("用法：gonghui import 类别 文件 --org 组织代码（gonghui import --list 列出类别）", returncode=2)
        try:
            importer = engine.get(kind)
        except LookupError:
            known = "、".join(sorted(engine.importers()))
            raise CommandError(f"没有“{kind}”这一导入类别。可用：{known}", returncode=2) from None
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(f"找不到文件：{path}", returncode=2)
        if not options.get("org"):
            raise CommandError("请用 --org 指定导入到的组织代码。", returncode=2)
        org = Organization.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"组织代码“{options['org']}”不存在。", returncode=2)
        user = None
        if options["user"]:
            from gonghui.accounts.models import User

            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None or not can_on_org(user, importer.perm, org):
                raise CommandError(f"用户“{options['user']}”不存在，或没有“{org.name}”的导入权限。", returncode=2)
        with acting_as(user, source="command"):
            return self._run(importer, path, org, user, options)

    def _sweep(self, hours):
        found = engine.sweep(hours=hours, orphans=True)
        self.stdout.write(f"已清理过期的导入批次 {found.expired} 个、无主的导入文件 {found.orphans} 个。")

    def _run(self, importer, path, org, user, options):
        name = os.path.basename(path)
        model = engine.batch_model()
        try:
            if options["dry_run"]:
                _, analysis = engine.validate_file(importer, path, name, org=org, user=user)
                self._summary(importer, analysis)
                self._errors([e.as_dict() for e in analysis.errors], len(analysis.errors))
                self.stdout.write("试运行（--dry-run）：没有写入任何数据。")
                rejected = analysis.rejected_count
            else:
                batch = engine.stage_upload(importer, org=org, user=user, path=path, filename=name, source="command")
                self._summary(importer, batch)
                mode = model.Mode.VALID_ONLY if options["valid_only"] else model.Mode.ALL
                if batch.rejected_count and mode == model.Mode.ALL:
                    self._errors(batch.errors, batch.error_count)
                    engine.discard_batch(importer, batch)
                    self.stdout.write(f"有 {batch.rejected_count} 行有误，没有写入任何数据。"
                                      "请修改后重新导入，或加 --valid-only 只导入无误的行。")
                    rejected = batch.rejected_count
                else:
                    result = engine.commit_batch(importer, batch, user=user, mode=mode)
                    batch = result.batch
                    self._errors(batch.errors, batch.error_count)
                    if not result.committed:
                        raise CommandError(result.message, returncode=2 if batch.status == "failed" else 1)
                    self.stdout.write(importer.done_text(batch))
                    rejected = batch.rejected_count
        except ImportFileError as exc:
            raise CommandError("；".join(exc.messages), returncode=2) from None
        if rejected:
            raise CommandError(f"有 {rejected} 行被拒绝。", returncode=1)

    def _summary(self, importer, found):
        self.stdout.write(importer.summary_text(found))

    def _errors(self, errors, count):
        if not errors:
            return
        self.stdout.write("错误明细（行号 | 列 | 原值 | 原因）：")
        for error in errors[:SHOW_ERRORS]:
            self.stdout.write(f"  第{error['row']}行 | {error['column']} | {error['value']} | {error['reason']}")
        if count > SHOW_ERRORS:
            self.stdout.write(f"  ……共 {count} 条，此处只列出前 {SHOW_ERRORS} 条。")
