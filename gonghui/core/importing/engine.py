"""The import engine: an area declares an `Importer` (its columns, its row checks, its database checks and its
commit service), registers it under a key, and gets the upload → preview → commit wizard, the error report, the
template, the `gonghui import <key>` command, the signed staging and the sweep of abandoned batches.

The flow (for every area alike):

1. `stage_upload` checks the file as a whole (`files.check_file`: size, type, zip bomb, encodings), reads and
   parses every row (`rows.read_rows`: header matched with synonyms, column parsers, `Importer.check_row`), keeps
   the file and the parsed rows (signed, `staging`) and runs the database checks (`Importer.validate`); the
   findings go into an `ImportBatch` (status "validated"). Nothing is written yet.
2. The officer sees the counts, the first rows and the errors, and downloads the error report.
3. `commit_batch` takes the kept rows (or reads the stored file again), validates again against the database as
   it is now, and calls `Importer.write` in one transaction: all rows or nothing (`Mode.ALL`), or only the valid
   rows (`Mode.VALID_ONLY`). A batch is committed at most once.
4. Batches left "validated" longer than GONGHUI_IMPORT_TTL_HOURS expire with their files (`sweep`).
"""
from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from gonghui.core import audit, bulk, excel
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry

from . import files, rows as rows_module, staging
from .columns import Column, header_lookup
from .files import ImportFileError
from .rows import Checks, Collector, Parsed, Row, RowError

PREVIEW_ROWS = 20


def batch_model():
    """The model of import batches (members.ImportBatch, shared by every area through its `kind`)."""
    return apps.get_model(getattr(settings, "GONGHUI_IMPORT_BATCH_MODEL", "members.ImportBatch"))


@dataclass
class Analysis:
    """What validating a file found: counts, errors, the first rows, and (keep_rows) the rows themselves."""

    kind: str
    total_rows: int = 0
    new_count: int = 0
    updated_count: int = 0
    joined_count: int = 0
    rejected_rows: set = field(default_factory=set)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # keys of the recognised columns

    @property
    def rejected_count(self) -> int:
        return len(self.rejected_rows)

    @property
    def valid_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.rejected]


@dataclass
class CommitResult:
    batch: object
    committed: bool
    message: str


class Importer:
    """One kind of import. Subclass, declare, register:

        @register
        class DelegateImporter(Importer):
            key = "delegates"; title = "代表名单导入"; noun = "代表"; perm = Perm.DELEGATE_IMPORT
            columns = [Column("name", "姓名", parsers.name, required=True), ...]
            def write(self, batch, rows, columns, user): ...  # the commit service; returns counts

    Hooks, all optional but `write`: `check_row` (the file alone: one row; extend `row_checks` for shared rules),
    `validate` (against the database: all rows at once), `summarise` (counts and preview), `preview_row`,
    `audit_summary`. Rows are `row_class` objects (`rows.Row`: number, values, rejected).
    """

    key: str = ""
    title: str = "导入"
    noun: str = "数据"  # what a row is ("人员", "代表"…), in messages
    unit: str = "条"  # the counting word of the counts ("人", "条")
    file_label: str = "导入文件"
    sheet_name: str = "导入"
    perm: str = ""
    columns: Sequence[Column] = ()
    row_class: type[Row] = Row
    #: value keys set by check_row from other columns (kept with the staged rows), e.g. gender from ID numbers.
    derived_keys: Sequence[str] = ()
    #: more checks of one row, each `(row, checks)`; `checks.add(row, key, value, reason)` reports a problem.
    #: A subclass gives its own list (shared rules are appended to it by the areas that own them).
    row_checks: Sequence = ()
    #: lines of the template's guide, after the first one (the engine adds the general ones).
    template_notes: Sequence[str] = ()
    #: (key of the preview dict, header) for the preview table of the wizard.
    preview_columns: Sequence[tuple[str, str]] = ()
    preview_blanks: dict = {}  # what an empty preview cell shows, by key
    org_label: str = "导入到组织"
    org_help: str = ""
    guide_template: str = ""  # an include with the area's 填写要点 on the upload page
    result_link: tuple[str, str] | None = None  # (URL name, label) of the page that lists what was imported
    #: the counts shown on the preview (batch field, label, element id, CSS class) and on the result page.
    preview_counts: Sequence[tuple[str, str, str, str]] = (
        ("new_count", "将新增", "count-new", "text-success"),
        ("updated_count", "将更新", "count-updated", "text-primary"))
    result_counts: Sequence[tuple[str, str, str]] = (
        ("new_count", "新增", "text-success"), ("updated_count", "更新", "text-primary"),
        ("unchanged_count", "无变化", ""))
    url_namespace: str | None = None  # an area keeping its own URL names ("members" → members:import_start…)
    clash_message: str = "提交时有人同时登记了相同的数据，本次没有写入任何数据。请再次确认导入，系统会重新校验。"

    # ---- declaration helpers
    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def header_lookup(self) -> dict[str, Column]:
        cache = self.__dict__.get("_lookup")
        if cache is None:
            cache = self._lookup = header_lookup(self.columns)
        return cache

    def required_columns(self) -> list[Column]:
        return [c for c in self.columns if c.required and c.importable]

    def importable_columns(self) -> list[Column]:
        return [c for c in self.columns if c.importable]

    def rules_digest(self) -> str:
        return staging.rules_digest(self)

    # ---- hooks
    def read(self, path, kind: str) -> Parsed:
        return rows_module.read_rows(self, path, kind)

    def check_row(self, row: Row, checks: Checks) -> None:
        """Checks of one row that need only the file. The default: each required value is present, then
        `row_checks`."""
        values, bad = row.values, row.bad or ()
        for column in self.required_columns():
            if column.key not in values and column.key not in bad and not (
                    column.attribute and getattr(row, column.attribute, None) not in (None, "")):
                checks.add(row, column.key, "", f"{column.label}为空")
        for check in self.row_checks:
            check(row, checks)

    def validate(self, rows: list[Row], checks: Checks, *, org, user) -> None:
        """Checks against the database, all rows at once (the default: none)."""

    def summarise(self, analysis: Analysis, rows: list[Row]) -> None:
        """Counts and the first rows of the preview (the default: every valid row is new)."""
        for row in rows:
            if row.rejected:
                continue
            analysis.new_count += 1
            if len(analysis.preview) < PREVIEW_ROWS:
                analysis.preview.append(self.preview_row(row))

    def preview_row(self, row: Row) -> dict:
        return {"row": row.number, "action": "新增",
                **{key: _shown(row.values.get(key)) for key, _ in self.preview_columns}}

    def write(self, batch, rows: list[Row], columns: list[str], user) -> dict:
        """The commit service, inside the engine's transaction: write the valid rows; returns counts
        ({"created", "updated", "unchanged", "joined"}: those given)."""
        raise NotImplementedError

    def audit_summary(self, batch) -> tuple[dict, str]:
        """The changes and note of the batch's IMPORT audit entry."""
        changes = {"file": batch.original_name, "mode": batch.mode, "rows": batch.total_rows,
                   "created": batch.new_count, "updated": batch.updated_count,
                   "unchanged": batch.unchanged_count, "rejected": batch.rejected_count}
        return changes, (f"{self.title}：{batch.original_name}，新增{batch.new_count}条，更新{batch.updated_count}条，"
                         f"未导入{batch.rejected_count}行")

    def summary_text(self, found) -> str:
        """One line for the command: what validating found (an Analysis or a batch)."""
        return (f"共 {found.total_rows} 行：新增 {found.new_count} {self.unit}，更新 {found.updated_count} {self.unit}，"
                f"有误 {found.rejected_count} 行。")

    def done_text(self, batch) -> str:
        return (f"已导入（批次 {batch.pk}）：新增 {batch.new_count} {self.unit}，更新 {batch.updated_count} {self.unit}"
                f"（另有 {batch.unchanged_count} {self.unit}无变化），未导入 {batch.rejected_count} 行。")

    # ---- URLs of the wizard
    def url(self, view: str, pk=None) -> str:
        kwargs = {} if pk is None else {"pk": pk}
        if self.url_namespace:
            return reverse(f"{self.url_namespace}:import_{view}", kwargs=kwargs)
        return reverse(f"importing:{view}", kwargs={"kind": self.key, **kwargs})

    # ---- exports
    def export_columns(self, names: Sequence[str] | None = None) -> list[Column]:
        """The exported columns (all with an export field, or those of `names`, in declaration order)."""
        return [c for c in self.columns if c.export_field and (names is None or c.key in names)]


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# ------------------------------------------------------------------------------------------------ registry

_registry: dict[str, Importer] = {}
_discovered: list[bool] = []


def register(importer_class: type[Importer]) -> type[Importer]:
    """Class decorator: the importer is found by its key (wizard URL, `gonghui import KEY`)."""
    if not importer_class.key:
        raise ValueError("an Importer needs a key")
    _registry[importer_class.key] = importer_class()
    return importer_class


def _discover() -> None:
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("importing")
        _discovered.append(True)


def get(key: str) -> Importer:
    """The registered importer of `key`; LookupError when there is none."""
    if key not in _registry:
        _discover()
    try:
        return _registry[key]
    except KeyError:
        raise LookupError(key) from None


def importers() -> dict[str, Importer]:
    _discover()
    return dict(_registry)


# ------------------------------------------------------------------------------------------------ analysis


def analyse(importer: Importer, path, kind: str, *, org, user=None, keep_rows: bool = False,
            parsed: Parsed | None = None) -> Analysis:
    """Read and validate every row of a file for `org`; nothing is written.

    Raises ImportFileError when the file as a whole cannot be imported. Row problems are collected: each with
    the row number, the column (as headed in the file), the value and the reason. `parsed`: the file already
    read (or the rows kept with a batch); its rows are used up (the checks mark them).
    """
    if not org.is_active:
        raise ImportFileError(f"所选组织已撤销，不能导入{importer.noun}。")
    if parsed is None:
        parsed = importer.read(path, kind)
    rows, columns = parsed.rows, parsed.columns
    collector = Collector(parsed.errors, parsed.rejected)
    result = Analysis(kind=kind, total_rows=len(rows), ignored_columns=parsed.ignored,
                      columns=[column.key for _, column, _ in columns])
    importer.validate(rows, Checks(importer, columns, collector, parsed.today), org=org, user=user)
    position = {header: index for index, _, header in columns}
    collector.errors.sort(key=lambda e: (e.row, position.get(e.column, 10_000)))
    result.errors = collector.errors
    result.rejected_rows = collector.rejected
    importer.summarise(result, rows)
    if keep_rows:
        result.rows = rows
    return result


def validate_file(importer: Importer, path, filename: str, *, org, user=None) -> tuple[str, Analysis]:
    """Everything a dry run does: check the file and every row. Writes nothing."""
    kind = files.check_file(path, filename)
    with bulk.gc_paused():
        return kind, analyse(importer, path, kind, org=org, user=user)


# ------------------------------------------------------------------------------------------------ batches


def batch_list(importer: Importer, user):
    """The batches of this kind a user may see: those of organisations where they may import."""
    from gonghui.accounts.scope import org_q

    return (batch_model().objects.filter(kind=importer.key).filter(org_q(user, importer.perm))
            .select_related("org", "created_by"))


def batch_get(importer: Importer, user, pk):
    return get_object_or_404(batch_list(importer, user), pk=pk)


def _apply(batch, analysis: Analysis) -> None:
    batch.total_rows = analysis.total_rows
    batch.new_count = analysis.new_count
    batch.updated_count = analysis.updated_count
    batch.joined_count = analysis.joined_count
    batch.rejected_count = analysis.rejected_count
    batch.error_count = len(analysis.errors)
    batch.errors = [e.as_dict() for e in analysis.errors[:batch.MAX_STORED_ERRORS]]
    batch.preview = analysis.preview
    batch.ignored_columns = analysis.ignored_columns[:50]


def stage_upload(importer: Importer, *, org, user, path, filename: str, source: str = "web"):
    """Check and validate a file, then keep it with the findings as a batch waiting for the officer's decision.
    Abandoned batches of every kind are swept first (cheap: one indexed query)."""
    sweep_quietly()
    with bulk.gc_paused():
        return _stage_upload(importer, org=org, user=user, path=path, filename=filename, source=source)


def _stage_upload(importer: Importer, *, org, user, path, filename: str, source: str):
    kind = files.check_file(path, filename)
    if not org.is_active:
        raise ImportFileError(f"所选组织已撤销，不能导入{importer.noun}。")
    parsed = importer.read(path, kind)
    digest = files.sha256(path)
    model = batch_model()
    with tempfile.TemporaryFile() as kept:
        staging.encode(importer, parsed, digest, kept)  # before the checks below mark the rows
        analysis = analyse(importer, path, kind, org=org, user=user, parsed=parsed)
        del parsed
        batch = model(kind=importer.key, org=org, created_by=user if getattr(user, "pk", None) else None,
                      source=source, original_name=os.path.basename(filename)[:255], file_kind=kind,
                      file_size=os.path.getsize(path), sha256=digest)
        _apply(batch, analysis)
        from django.core.files import File

        with open(path, "rb") as fh:
            batch.file.save(f"{importer.key}.{kind}", File(fh), save=False)
        staging.keep(batch, kept)
    batch.save()
    return batch


def _analyse_batch(importer: Importer, batch, path, *, user, keep_rows: bool = False) -> Analysis:
    """Validate a stored batch against the database as it is now, from its kept rows or else its file."""
    parsed = staging.kept(importer, batch) if batch.sha256 else None
    return analyse(importer, path, batch.file_kind, org=batch.org, user=user, keep_rows=keep_rows, parsed=parsed)


def discard_batch(importer: Importer, batch):
    model = batch_model()
    with transaction.atomic():
        batch = model.objects.select_for_update().get(pk=batch.pk)
        if batch.status != model.Status.VALIDATED:
            return batch
        batch.status = model.Status.DISCARDED
        batch.message = "已放弃，文件已删除。"
        _delete_files(batch)
        batch.save()
    return batch


def _delete_files(batch) -> None:
    if batch.file:
        staging.drop(batch)
        batch.file.delete(save=False)


def commit_batch(importer: Importer, batch, *, user=None, mode: str | None = None) -> CommitResult:
    """Write a validated batch. Idempotent: a batch that is not waiting any more is left alone.

    The rows are validated again (the database may have changed since the preview). In `Mode.ALL` a single
    rejected row means nothing is written; in `Mode.VALID_ONLY` the valid rows are written and the rejected ones
    stay listed in the batch.
    """
    model = batch_model()
    mode = mode or model.Mode.ALL
    if mode not in model.Mode.values:
        raise ServiceError("未知的导入方式。")
    try:
        with bulk.gc_paused():
            return _commit(importer, batch, user=user, mode=mode)
    except IntegrityError:
        # Someone wrote the same unique value at the same moment; the whole transaction was rolled back, the
        # batch is still waiting and can simply be committed again.
        batch.refresh_from_db()
        return CommitResult(batch, False, importer.clash_message)


def _commit(importer: Importer, batch, *, user, mode: str) -> CommitResult:
    model = batch_model()
    with transaction.atomic():
        batch = model.objects.select_for_update().select_related("org").get(pk=batch.pk)
        if batch.status != model.Status.VALIDATED:
            return CommitResult(batch, False, f"该批次{batch.get_status_display()}，没有重复处理。")
        try:
            with files.local_copy(batch) as path:
                if batch.sha256 and files.sha256(path) != batch.sha256:
                    raise ImportFileError("保存的导入文件与上传时不一致，请重新上传。")
                analysis = _analyse_batch(importer, batch, path, user=user, keep_rows=True)
        except ImportFileError as exc:
            staging.drop(batch)
            batch.status = model.Status.FAILED
            batch.message = "；".join(exc.messages)[:500]
            batch.save()
            return CommitResult(batch, False, batch.message)
        _apply(batch, analysis)
        if analysis.rejected_count and mode == model.Mode.ALL:
            batch.message = (f"提交时重新校验，发现 {analysis.rejected_count} 行有误，按“全部导入”的要求没有写入任何数据。"
                             "请修改文件后重新上传，或选择“只导入无误的行”。")
            batch.save()
            return CommitResult(batch, False, batch.message)
        valid = analysis.valid_rows
        if not valid:
            batch.message = "没有可以导入的行。"
            batch.save()
            return CommitResult(batch, False, batch.message)
        written = importer.write(batch, valid, analysis.columns, user)
        batch.status = model.Status.COMMITTED
        transaction.on_commit(lambda: staging.drop(batch))  # the rows are in the database now
        batch.mode = mode
        batch.new_count = written.get("created", 0)
        batch.updated_count = written.get("updated", 0)
        batch.unchanged_count = written.get("unchanged", 0)
        batch.joined_count = written.get("joined", 0)
        batch.committed_at = timezone.now()
        batch.committed_by = user if getattr(user, "pk", None) else None
        batch.message = ""
        batch.save()
        changes, note = importer.audit_summary(batch)
        audit.record(AuditEntry.Action.IMPORT, obj=batch, org_path=batch.org.path, changes=changes, note=note)
    return CommitResult(batch, True, "导入完成。")


# ------------------------------------------------------------------------------------------------ abandoned batches


def ttl_hours() -> float:
    return float(getattr(settings, "GONGHUI_IMPORT_TTL_HOURS", 24))


@dataclass
class SweepResult:
    expired: int = 0
    orphans: int = 0


def sweep(*, now: datetime.datetime | None = None, hours: float | None = None, orphans: bool = False) -> SweepResult:
    """Batches still waiting ("validated") after `hours` (GONGHUI_IMPORT_TTL_HOURS) expire: their file and kept
    rows are deleted and the batch says why (its record stays). With `orphans`, stored import files older than
    that which no batch names (an upload killed before its batch was saved) are deleted too."""
    model = batch_model()
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=ttl_hours() if hours is None else hours)
    result = SweepResult()
    stale = list(model.objects.filter(status=model.Status.VALIDATED, created_at__lt=cutoff)
                 .values_list("pk", flat=True).order_by())
    for pk in stale:
        with transaction.atomic():
            batch = model.objects.select_for_update().filter(pk=pk, status=model.Status.VALIDATED).first()
            if batch is None:  # committed or discarded meanwhile
                continue
            batch.status = model.Status.EXPIRED
            batch.message = f"超过 {ttl_hours() if hours is None else hours:g} 小时未确认，已过期，上传的文件已删除。"
            _delete_files(batch)
            batch.save(update_fields=["status", "message", "file"])
            result.expired += 1
    if orphans:
        result.orphans = _sweep_orphans(model, cutoff)
    return result


def sweep_quietly() -> None:
    """The automatic sweep at each upload: never stands in the way of the upload itself."""
    try:
        sweep()
    except Exception:  # noqa: BLE001 — a failed sweep is retried at the next upload or by the command
        import logging

        logging.getLogger(__name__).exception("import sweep failed")


def _sweep_orphans(model, cutoff: datetime.datetime) -> int:
    from django.core.files.storage import default_storage as storage

    known = set(model.objects.exclude(file="").values_list("file", flat=True))
    removed = 0

    def walk(folder: str):
        try:
            dirs, names = storage.listdir(folder)
        except (OSError, NotImplementedError):
            return
        for name in names:
            yield f"{folder}/{name}"
        for sub in dirs:
            yield from walk(f"{folder}/{sub}")

    for name in list(walk("imports")):
        stored = name.removesuffix(staging.PARSED_SUFFIX)
        if stored in known:
            continue
        try:
            if storage.get_modified_time(name) >= cutoff:
                continue
            storage.delete(name)
            removed += 1
        except (OSError, NotImplementedError):
            continue
    return removed


# ------------------------------------------------------------------------------------------------ files for people


ERROR_COLUMNS = [excel.Column("行号", 8, "number"), excel.Column("列", 14), excel.Column("原值", 28),
                 excel.Column("原因", 70)]


def error_rows(importer: Importer, batch) -> tuple[Iterator[tuple], bool]:
    """The rows of the error report: all errors, found again (kept rows or file) when more were found than are
    stored and the batch is still waiting, else the stored ones. The flag says whether the list is complete."""
    if batch.errors_truncated and batch.status == batch.Status.VALIDATED:
        try:
            with files.local_copy(batch) as path:
                analysis = _analyse_batch(importer, batch, path, user=None)
            return ((e.row, e.column, e.value, e.reason) for e in analysis.errors), True
        except ImportFileError:
            pass
    stored = ((e["row"], e["column"], e["value"], e["reason"]) for e in batch.errors)
    return stored, not batch.errors_truncated


def write_error_report(importer: Importer, batch, path) -> None:
    found, complete = error_rows(importer, batch)
    title = f"导入错误报告：{batch.original_name}（{batch.created_at:%Y-%m-%d %H:%M}），共 {batch.error_count} 条"
    with excel.StreamingXlsx(path, ERROR_COLUMNS, sheet_name="错误报告", title=title) as book:
        for row in found:
            book.append(row)
        if not complete:
            book.append(("", "", "", f"错误较多，此处只列出前 {len(batch.errors)} 条（共 {batch.error_count} 条）。"
                                     "请修改后重新上传以查看其余错误。"))


def build_template(importer: Importer, out) -> None:
    """The downloadable template, from the column declaration: Chinese headers (required ones marked), text
    formatted ID/phone/code columns, date and money columns, drop-downs for choices, a note on each header, and
    a sheet explaining every column."""
    import xlsxwriter

    columns = importer.importable_columns()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet(importer.sheet_name)
    head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "align": "center"})
    required = book.add_format({"bold": True, "bg_color": "#FDECEA", "font_color": "#B71C1C", "border": 1,
                                "align": "center"})
    text = book.add_format({"num_format": "@"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0.00"})
    number = book.add_format({"num_format": "0"})
    last_row = 20000
    for index, column in enumerate(columns):
        cell_format = {"date": date, "money": money, "number": number}.get(column.kind, text)
        sheet.set_column(index, index, column.width, cell_format)
        sheet.write_string(0, index, column.label, required if column.required else head)
        if column.hint:
            sheet.write_comment(0, index, column.hint, {"x_scale": 2.2, "y_scale": 1.6})
        if column.choices:
            sheet.data_validation(1, index, last_row, index, {
                "validate": "list", "source": list(column.choices), "ignore_blank": True,
                "error_type": "warning", "error_title": column.label, "error_message": "请从下拉列表中选择",
            })
        elif column.kind == "date":
            sheet.data_validation(1, index, last_row, index, {
                "validate": "date", "criteria": "between", "minimum": datetime.date(1900, 1, 1),
                "maximum": datetime.date(2100, 12, 31), "ignore_blank": True, "error_type": "warning",
                "error_title": column.label, "error_message": "请填写日期，如 2020-01-05",
            })
    sheet.freeze_panes(1, min(2, len(columns)))

    guide = book.add_worksheet("填写说明")
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for col, width in enumerate((16, 10, 36, 70)):
        guide.set_column(col, col, width)
    for col, title in enumerate(("列名", "是否必填", "也可写作", "说明与可填的值")):
        guide.write_string(0, col, title, head)
    for row, column in enumerate(columns, start=1):
        guide.write_string(row, 0, column.label)
        guide.write_string(row, 1, "必填" if column.required else "")
        guide.write_string(row, 2, "、".join(column.synonyms), wrap)
        detail = column.hint
        if column.choices:
            detail = (detail + " " if detail else "") + "可填：" + "、".join(column.choices) + "。"
        guide.write_string(row, 3, detail, wrap)
    notes = [
        "第一行为列名，请勿修改；列的顺序可以调整，不需要的可选列可以删除。",
        *importer.template_notes,
        "日期可写作 2020-01-05、2020/1/5、2020年1月5日 或 20200105；全角数字和多余空格会自动处理。",
        f"每个文件最多 {files.max_rows():,} 行、{files.max_upload_bytes() // (1024 * 1024)} MB；"
        "支持 .xlsx、.xls、.csv（UTF-8 或 GBK 编码）。",
        "上传后先校验、预览，确认后才写入；可以下载错误报告逐行修改。",
    ]
    tail = len(columns) + 2
    for offset, line in enumerate(notes):
        guide.write_string(tail + offset, 0, f"{offset + 1}. {line}")
    book.close()


def export_xlsx(importer: Importer, path, records: Iterator[Sequence], *, columns: Sequence[Column] | None = None,
                sheet_name: str | None = None, title: str | None = None, freeze_columns: int = 0) -> int:
    """Write records (tuples in the order of `columns`, as values_list gives them for `Column.export_field`) to
    a streamed .xlsx with the template's headers, so that an export can be corrected and imported again; choice
    codes are shown with `Column.display`. Returns the number of rows."""
    columns = list(importer.export_columns() if columns is None else columns)
    shown = [(index, column.display) for index, column in enumerate(columns) if column.display]
    count = 0
    with excel.StreamingXlsx(path, [c.excel_column() for c in columns], sheet_name=sheet_name or importer.sheet_name,
                             title=title, freeze_columns=freeze_columns) as book:
        for record in records:
            cells = list(record)
            for index, display in shown:
                cells[index] = display.get(cells[index])
            book.append(cells)
            count += 1
    return count
