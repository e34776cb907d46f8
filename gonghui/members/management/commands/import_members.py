"""`gonghui import-members FILE --org CODE [--dry-run] [--valid-only] [--user USERNAME]`

The roster's name for `gonghui import members FILE …` (core.importing's command): every row is validated first;
without --valid-only nothing is written when any row is rejected; with --valid-only the valid rows are written.
--dry-run validates and reports but writes nothing (no batch, no stored file).

Exit status: 0 when every row was accepted (and, without --dry-run, imported); 1 when any row was rejected
(whether or not --valid-only wrote the others), so that scripts notice; 2 when the file or the arguments cannot
be used at all.
"""
from __future__ import annotations

from gonghui.core.importing.command import ImportCommand


class Command(ImportCommand):
    help = "导入花名册（.xlsx/.xls/.csv）：逐行校验后写入人员与会员。有行被拒绝时退出码为 1。（即 gonghui import members）"
    fixed_kind = "members"
