"""`gonghui report KIND --org CODE --period 2025 [--half 1 | --quarter 3] [--style mixed|exact|rounded]
   --format docx|json|md -o FILE [--today 2026-01-10] [--user USERNAME]`

Drafts a document from the records, as the drafting pages do (gonghui.reports.drafting.build), and writes it out:

    KIND      summary (工作总结) · report (上报材料) · plan (工作计划)
    --period  a year (2025) with --half 1|2 or --quarter 1–4, or any period key: 2025H1, 2025Q3, 2025-03,
              2025-03-01..2025-06-30
    --style   mixed (金额约数、人数准确: "13万余元", "165人"; default), exact (准确数字) or rounded (约数: "13万余元",
              "2600余人", "近10次")
    --format  docx (Word, GB/T 9704 layout, charts as pictures) · json (every figure with its metric code, exact value,
              unit and phrase) · md (Markdown); by default taken from the file name's extension
    -o FILE   the file to write; `-o -` writes JSON or Markdown to standard output
    --today   the day a period not over yet is cut at (default: today)
    --user    draft as this user (who must be allowed to draft for the organisation); recorded in the audit trail

The file is written whole or not at all (a temporary file beside it, then renamed). Every export is recorded in the
audit trail (导出). Exit status 0 on success, 2 when the arguments or the output path cannot be used, 1 when the
document cannot be drafted.
"""
from __future__ import annotations

import datetime
import os
import re
import tempfile

from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts.scope import Perm, can_on_org
from gonghui.core import audit
from gonghui.core.context import acting_as
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Organization
from gonghui.reports.models import DocumentKind, Draft, Style
from gonghui.reports.periods import Period, PeriodError, parse

FORMATS = {"docx": "Word", "json": "JSON", "md": "Markdown"}
EXTENSIONS = {".docx": "docx", ".json": "json", ".md": "md", ".markdown": "md"}
STDOUT = "-"


def _usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def choose_period(text: str, half: str | None, quarter: str | None) -> Period:
    """The period from --period and --half / --quarter, with a Chinese message for anything unusable."""
    if half and quarter:
        raise _usage_error("--half 与 --quarter 只能选一个。")
    if half or quarter:
        if not re.fullmatch(r"\d{4}", (text or "").strip()):
            raise _usage_error(f"使用 --half 或 --quarter 时，--period 只写年份（如 2025），不是“{text}”。")
        which = half or quarter
        if not re.fullmatch(r"\d{1,2}", which.strip()):
            raise _usage_error(f"{'--half 只能是 1 或 2' if half else '--quarter 只能是 1 至 4'}，不是“{which}”。")
        year, number = int(text), int(which)
        try:
            return Period.half(year, number) if half else Period.quarter(year, number)
        except PeriodError as exc:
            raise _usage_error(str(exc)) from None
    try:
        return parse(text)
    except PeriodError as exc:
        raise _usage_error(str(exc)) from None


def choose_format(fmt: str | None, output: str) -> str:
    if fmt:
        fmt = fmt.lower().lstrip(".")
        if fmt not in FORMATS:
            raise _usage_error(f"不支持的格式“{fmt}”：可用 docx（Word）、json 或 md（Markdown）。")
        return fmt
    fmt = EXTENSIONS.get(os.path.splitext(output)[1].lower())
    if fmt is None:
        raise _usage_error("请用 --format 指定格式：docx（Word）、json 或 md（Markdown）。")
    return fmt


def check_writable(path: str) -> str:
    """The absolute path of a file that can be written, or a Chinese message saying why not (before any work)."""
    target = os.path.abspath(path)
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise _usage_error(f"输出路径“{path}”是一个目录，请写文件名，如 {os.path.join(path, '工作总结.docx')}。")
    if not os.path.isdir(folder):
        raise _usage_error(f"无法写入“{path}”：目录“{folder}”不存在。")
    if not os.access(folder, os.W_OK) or (os.path.exists(target) and not os.access(target, os.W_OK)):
        raise _usage_error(f"无法写入“{path}”：没有写入权限。")
    return target


def write_whole(target: str, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename it: the file is complete or untouched."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".gonghui-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as exc:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise _usage_error(f"无法写入“{target}”：{exc.strerror or exc}。") from None


class Command(BaseCommand):
    help = ("根据记录起草工作总结（summary）、上报材料（report）或工作计划（plan），导出为 Word（docx）、JSON 或 Markdown（md）。"
            "例：gonghui report summary --org CODE --period 2025 --half 1 --format docx -o 总结.docx")

    def add_arguments(self, parser):
        parser.add_argument("kind", help="文稿类型：summary（工作总结）、report（上报材料）、plan（工作计划）")
        parser.add_argument("--org", required=True, help="组织代码")
        parser.add_argument("--period", required=True,
                            help="统计期间：2025（全年）、2025H1、2025Q3、2025-03 或 2025-03-01..2025-06-30")
        parser.add_argument("--half", help="半年：1（上半年）或 2（下半年），--period 只写年份")
        parser.add_argument("--quarter", help="季度：1 至 4，--period 只写年份")
        parser.add_argument("--style", default=Style.MIXED,
                            help="数字写法：mixed（金额约数、人数准确，默认）、exact（准确数字）或 rounded（约数）")
        parser.add_argument("--format", dest="fmt", help="输出格式：docx、json 或 md；默认按文件扩展名")
        parser.add_argument("-o", "--output", required=True, help="输出文件；“-”表示把 JSON 或 Markdown 写到标准输出")
        parser.add_argument("--today", help="未结束的期间截至哪一天（YYYY-MM-DD），默认今天")
        parser.add_argument("--user", help="以该用户身份起草（须有该组织的起草权限），记入审计日志")

    def handle(self, *args, **options):
        kind = options["kind"]
        if kind not in DocumentKind.values:
            raise _usage_error(f"未知的文稿类型“{kind}”：可用 summary（工作总结）、report（上报材料）、plan（工作计划）。")
        style = options["style"]
        if style not in Style.values:
            raise _usage_error(f"未知的数字写法“{style}”：可用 mixed（金额约数、人数准确）、exact（准确数字）或 rounded（约数）。")
        org = Organization.objects.filter(code=(options["org"] or "").strip()).first()
        if org is None:
            raise _usage_error(f"组织代码“{options['org']}”不存在。")
        period = choose_period(options["period"], options["half"], options["quarter"])
        today = self._today(options["today"])
        output = options["output"]
        fmt = choose_format(options["fmt"], output)
        if output == STDOUT:
            if fmt == "docx":
                raise _usage_error("Word 文件不能写到标准输出，请用 -o 指定文件名，如 -o 工作总结.docx。")
            target = None
        else:
            target = check_writable(output)
        user = self._user(options["user"], org)

        with acting_as(user, source="command"):
            document = self._build(kind, org, period, style, today)
            data = self._render(document, fmt)
            if target is None:
                self.stdout.write(data.decode("utf-8"), ending="")
                self.stdout.flush()
            else:
                write_whole(target, data)
            figures = sum(1 for _ in document.figures())
            audit.record(
                AuditEntry.Action.EXPORT, model=Draft, org_path=org.path,
                changes={"kind": kind, "org": org.code, "period": document.period or period.key, "style": style,
                         "format": fmt, "figures": figures, "bytes": len(data)},
                note=f"导出{DocumentKind(kind).label}（{FORMATS[fmt]}，{period.label}）：{document.title}")
        where = "标准输出" if target is None else target
        self.stderr.write(f"已生成《{document.title}》（{DocumentKind(kind).label}，{Style(style).label}，"
                          f"{figures}个数字），{FORMATS[fmt]}格式，{len(data):,}字节，写入{where}。")

    def _today(self, text: str | None) -> datetime.date | None:
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text.strip())
        except ValueError:
            raise _usage_error(f"--today 的日期“{text}”不正确，请写作 YYYY-MM-DD，如 2026-01-10。") from None

    def _user(self, username: str | None, org):
        if not username:
            return None
        from gonghui.accounts.models import User

        user = User.objects.filter(username=username, is_active=True).first()
        if user is None or not can_on_org(user, Perm.REPORT_DRAFT, org):
            raise _usage_error(f"用户“{username}”不存在，或没有“{org.name}”的起草权限。")
        return user

    def _build(self, kind, org, period, style, today):
        from gonghui.reports.drafting import build

        try:
            return build(kind, org, period, style=style, today=today)
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        except ServiceError as exc:
            raise CommandError("；".join(exc.messages)) from None

    def _render(self, document, fmt: str) -> bytes:
        if fmt == "docx":
            from gonghui.reports import docx  # matplotlib is loaded only if the document has charts

            try:
                return docx.render(document)
            except RuntimeError as exc:
                from gonghui.reports.charts import ChartFontMissing

                if isinstance(exc, ChartFontMissing):
                    raise CommandError(str(exc)) from None
                raise
        from gonghui.reports import documents

        text = documents.to_json(document) + "\n" if fmt == "json" else documents.to_markdown(document)
        return text.encode("utf-8")
