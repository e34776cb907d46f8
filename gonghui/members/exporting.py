"""Exports of the people list: a streamed .xlsx (core.excel.StreamingXlsx, constant memory; rows read from the
database in chunks, through a server-side cursor on PostgreSQL) and a printable roster (会员花名册, A4 landscape).

ID numbers and phones are masked, and salaries left out, unless the user may reveal them on every exported row's
organisation and asked for it (?reveal=1). Every export is written to the audit trail with its row count and whether it was unmasked.
Text that a spreadsheet would run as a formula is neutralised (core.excel).
"""
from __future__ import annotations

import tempfile

from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from gonghui.accounts.scope import Perm, org_q, orgs_in_scope, scope_paths
from gonghui.core import audit
from gonghui.core.excel import Column, StreamingXlsx
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.models import AuditEntry

from .importing import ROSTER, YES
from .models import Person

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRINT_MAX_ROWS = 5000
CHUNK = 2000

# (header, field for values_list, kind, width), from the roster's column declaration (members.importing.COLUMNS):
# the headers are the import template's, so that an unmasked export can be corrected and imported again; the
# export-only columns (所在组织, 会籍状态, 在职状态) are declared there too. SALARY is only in unmasked exports.
XLSX_FIELDS = [(column.label, column.export_field, column.kind, column.width) for column in ROSTER.export_columns()]
#: field → {code: shown text} for the columns that show labels (choices) or 是 (flags).
DISPLAY = {column.export_field: column.display for column in ROSTER.export_columns() if column.display}
LABELS = {field: labels for field, labels in DISPLAY.items() if labels is not YES}
BOOLEAN_FIELDS = {field for field, labels in DISPLAY.items() if labels is YES}
# Salary and the hardship level go out only in an unmasked export, which needs Perm.PERSON_REVEAL on every row
# (the officers and chairs who also hold care.sensitive); others learn nothing of a household's hardship.
REVEALED_ONLY = {"base_salary", "hardship_level"}


def xlsx_fields(reveal: bool) -> list[tuple]:
    return [spec for spec in XLSX_FIELDS if reveal or spec[1] not in REVEALED_ONLY]


def may_reveal(user, queryset: QuerySet) -> bool:
    """True when the user may see full ID numbers and phones of every row in the queryset."""
    paths = scope_paths(user, Perm.PERSON_REVEAL)
    if paths is None:
        return True
    if not paths:
        return False
    return not queryset.exclude(org_q(user, Perm.PERSON_REVEAL)).exists()


def _title_org(request):
    org_id = request.GET.get("org")
    if org_id and org_id.isdigit():
        org = orgs_in_scope(request.user, Perm.PERSON_VIEW).filter(pk=org_id).first()
        if org is not None:
            return org
    return getattr(request, "current_org", None)


def _row_transform(reveal: bool):
    """A function turning a values_list tuple into the cells of one row: the labels of choices (an unknown or
    empty code leaves the cell empty), 是 for true flags, masked ID numbers and phones. Dates, numbers and the
    rest go to the sheet as they are (the writer makes date and number cells of them)."""
    lookups, masks = [], []
    for index, (_, name, _, _) in enumerate(xlsx_fields(reveal)):
        if name in DISPLAY:
            lookups.append((index, DISPLAY[name]))
        elif name == "id_number" and not reveal:
            masks.append((index, mask_id_number))
        elif name == "phone" and not reveal:
            masks.append((index, mask_phone))

    def transform(values: tuple) -> list:
        cells = list(values)
        for index, labels in lookups:
            cells[index] = labels.get(cells[index])
        for index, mask in masks:
            if cells[index]:
                cells[index] = mask(cells[index])
        return cells

    return transform


def _ordered(queryset: QuerySet) -> QuerySet:
    return queryset.order_by("org__path", "name_pinyin", "id")


def export_xlsx(queryset: QuerySet, path, *, reveal: bool, title: str = "") -> int:
    """Write the people to an .xlsx at `path`, one row at a time; returns the number of rows."""
    specs = xlsx_fields(reveal)
    columns = [Column(header, width, kind) for header, _, kind, width in specs]
    fields = [name for _, name, _, _ in specs]
    transform = _row_transform(reveal)
    count = 0
    # The name column stays in view when scrolling right through the 20-odd columns.
    with StreamingXlsx(path, columns, sheet_name="花名册", title=title or None, freeze_columns=1) as book:
        append = book.append
        for values in _ordered(queryset).values_list(*fields).iterator(chunk_size=CHUNK):
            append(transform(values))
            count += 1
    return count


def export_people(request, queryset: QuerySet, fmt: str):
    """The people list as an .xlsx download ("xlsx") or a printable roster page ("print")."""
    wants_reveal = request.GET.get("reveal") == "1"
    reveal = wants_reveal and may_reveal(request.user, queryset)
    org = _title_org(request)
    org_name = org.name if org is not None else ""
    now = timezone.localtime()
    if fmt == "print":
        return _print(request, queryset, reveal=reveal, org=org, now=now)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    title = f"{org_name}人员花名册（导出时间：{now:%Y-%m-%d %H:%M}{'' if reveal else '，身份证号与手机号已脱敏'}）"
    count = export_xlsx(queryset, handle.name, reveal=reveal, title=title)
    _record(request, org, fmt="xlsx", count=count, reveal=reveal, wants_reveal=wants_reveal)
    handle.seek(0)
    filename = f"人员花名册_{org_name or '导出'}_{now:%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def _record(request, org, *, fmt: str, count: int, reveal: bool, wants_reveal: bool) -> None:
    filters = {k: v for k, v in request.GET.items() if k not in ("export", "reveal", "page") and v}
    kind = "Excel" if fmt == "xlsx" else "打印花名册"
    audit.record(
        AuditEntry.Action.EXPORT, model=Person, org_path=org.path if org is not None else "",
        changes={"format": fmt, "rows": count, "unmasked": reveal, "reveal_requested": wants_reveal,
                 "filters": filters},
        note=f"导出人员名单（{kind}，{count}行，{'未脱敏' if reveal else '已脱敏'}）",
    )


def _print(request, queryset: QuerySet, *, reveal: bool, org, now):
    total = queryset.count()
    members_only = total > 0 and not queryset.exclude(
        member_status__in=[Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING]).exists()
    title = f"{org.name if org is not None else ''}{'会员' if members_only else '人员'}花名册"
    context = {"title": title, "total": total, "now": now, "reveal": reveal, "too_many": total > PRINT_MAX_ROWS,
               "max_rows": PRINT_MAX_ROWS, "rows": [], "back_query": _back_query(request)}
    if total <= PRINT_MAX_ROWS:
        fields = ("name", "gender", "ethnicity", "birth_date", "political_status", "education", "department", "post",
                  "phone", "id_number", "joined_on", "member_no", "org__name", "member_status")
        rows = []
        for number, values in enumerate(_ordered(queryset).values_list(*fields).iterator(chunk_size=CHUNK), start=1):
            row = dict(zip(fields, values))
            row["number"] = number
            row["gender"] = LABELS["gender"].get(row["gender"], "")
            row["political_status"] = LABELS["political_status"].get(row["political_status"], "")
            row["education"] = LABELS["education"].get(row["education"], "")
            row["member_status"] = LABELS["member_status"].get(row["member_status"], "")
            if not reveal:
                row["phone"] = mask_phone(row["phone"])
                row["id_number"] = mask_id_number(row["id_number"])
            rows.append(row)
        context["rows"] = rows
        _record(request, org, fmt="print", count=len(rows), reveal=reveal,
                wants_reveal=request.GET.get("reveal") == "1")
    return render(request, "members/roster_print.html", context)


def _back_query(request) -> str:
    query = request.GET.copy()
    for key in ("export", "reveal"):
        query.pop(key, None)
    return query.urlencode()
