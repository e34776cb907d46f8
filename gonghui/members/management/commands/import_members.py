"""`gonghui import-members FILE --org CODE [--dry-run] [--valid-only] [--user USERNAME]`

Imports a roster (.xlsx, .xls, .csv) the same way as the import pages: every row is validated first; without
--valid-only nothing is written when any row is rejected; with --valid-only the valid rows are written.
--dry-run validates and reports but writes nothing (no batch, no stored file).

Exit status: 0 when every row was accepted (and, without --dry-run, imported); 1 when any row was rejected
(whether or not --valid-only wrote the others), so that scripts notice; 2 when the file or the arguments cannot
be used at all.
"""
from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts.scope import Perm, can_on_org
from gonghui.core.context import acting_as
from gonghui.members import importing
from gonghui.members.models import ImportBatch
from gonghui.orgs.models import Organization

SHOW_ERRORS = 200


class Command(BaseCommand):
    help = "导入花名册（.xlsx/.xls/.csv）：逐行校验后写入人员与会员。有行被拒绝时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="花名册文件路径")
        parser.add_argument("--org", required=True, help="导入到的组织代码")
        parser.add_argument("--dry-run", action="store_true", help="只校验、不写入")
        parser.add_argument("--valid-only", action="store_true", help="有误的行跳过，只导入无误的行")
        parser.add_argument("--user", help="以该用户身份导入（须有该组织的导入权限），记入审计日志")

    def handle(self, *args, **options):
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(f"找不到文件：{path}", returncode=2)
        org = Organization.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"组织代码“{options['org']}”不存在。", returncode=2)
        user = None
        if options["user"]:
            from gonghui.accounts.models import User

            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None or not can_on_org(user, Perm.PERSON_IMPORT, org):
                raise CommandError(f"用户“{options['user']}”不存在，或没有“{org.name}”的导入权限。", returncode=2)
        with acting_as(user, source="command"):
            return self._run(path, org, user, options)

    def _run(self, path, org, user, options):
        name = os.path.basename(path)
        try:
            if options["dry_run"]:
                _, analysis = importing.validate_file(path, name, org=org, user=user)
                self._summary(analysis.total_rows, analysis.new_count, analysis.updated_count,
                              analysis.joined_count, analysis.rejected_count)
                self._errors([e.as_dict() for e in analysis.errors], len(analysis.errors))
                self.stdout.write("试运行（--dry-run）：没有写入任何数据。")
                rejected = analysis.rejected_count
            else:
                batch = importing.stage_upload(org=org, user=user, path=path, filename=name, source="command")
                self._summary(batch.total_rows, batch.new_count, batch.updated_count, batch.joined_count,
                              batch.rejected_count)
                mode = ImportBatch.Mode.VALID_ONLY if options["valid_only"] else ImportBatch.Mode.ALL
                if batch.rejected_count and mode == ImportBatch.Mode.ALL:
                    self._errors(batch.errors, batch.error_count)
                    importing.discard_batch(batch)
                    self.stdout.write(f"有 {batch.rejected_count} 行有误，没有写入任何数据。"
                                      "请修改后重新导入，或加 --valid-only 只导入无误的行。")
                    rejected = batch.rejected_count
                else:
                    result = importing.commit_batch(batch, user=user, mode=mode)
                    batch = result.batch
                    self._errors(batch.errors, batch.error_count)
                    if not result.committed:
                        raise CommandError(result.message, returncode=2 if batch.status == "failed" else 1)
                    self.stdout.write(
                        f"已导入（批次 {batch.pk}）：新增 {batch.new_count} 人，更新 {batch.updated_count} 人"
                        f"（另有 {batch.unchanged_count} 人无变化），办理入会 {batch.joined_count} 人，"
                        f"未导入 {batch.rejected_count} 行。")
                    rejected = batch.rejected_count
        except importing.ImportFileError as exc:
            raise CommandError("；".join(exc.messages), returncode=2) from None
        if rejected:
            raise CommandError(f"有 {rejected} 行被拒绝。", returncode=1)

    def _summary(self, total, new, updated, joined, rejected):
        self.stdout.write(f"共 {total} 行：新增 {new} 人，更新 {updated} 人（其中办理入会 {joined} 人），有误 {rejected} 行。")

    def _errors(self, errors, count):
        if not errors:
            return
        self.stdout.write("错误明细（行号 | 列 | 原值 | 原因）：")
        for error in errors[:SHOW_ERRORS]:
            self.stdout.write(f"  第{error['row']}行 | {error['column']} | {error['value']} | {error['reason']}")
        if count > SHOW_ERRORS:
            self.stdout.write(f"  ……共 {count} 条，此处只列出前 {SHOW_ERRORS} 条。")
