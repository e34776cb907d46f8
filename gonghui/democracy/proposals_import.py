"""Last year's proposals from a spreadsheet (core import engine), and the list's export in the same shape.

The import key is `democracy_proposals` (`/import/democracy_proposals/`, `gonghui import democracy_proposals FILE
--org CODE`). A row is one proposal of a term of the union's congress: 届次, 案由, 类别, 提案人 (a delegate of that term by
name), 附议人 (names separated by 、，, or spaces; delegates of the term, each once, not the proposer), 提交日期, 理由, 建议措施,
办理状态 and, as far as the state goes, 承办部门 (made when the union has none of that name), 答复期限, 答复日期, 答复内容, 满意度.
编号 is kept when given (unique in the term), else the next number. Each proposal gets one 导入 step.

Registered from portal/proposals.py (imported at start-up), so that this part needs no shared `importing.py`.
"""
from __future__ import annotations

import re
import tempfile

from django.db.models import Max
from django.http import FileResponse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core import audit, importing
from gonghui.core.importing import Column, parsers
from gonghui.core.models import AuditEntry

from .models import (
    Congress,
    Delegate,
    Department,
    Proposal,
    ProposalAnswer,
    ProposalCategory,
    ProposalCosigner,
    ProposalState,
    ProposalStep,
    Satisfaction,
    Term,
)

S = ProposalState
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEPARATORS = re.compile(r"[、，,；;\s]+")
CATEGORY_LABELS = dict(ProposalCategory.choices)
STATE_LABELS = dict(ProposalState.choices)
RATING_LABELS = dict(Satisfaction.choices)


def _positive(label: str):
    def parse(raw) -> int:
        value = parsers.clean_text(raw).replace(" ", "")
        if isinstance(raw, float) and raw.is_integer():
            value = str(int(raw))
        value = value.removeprefix("第").removesuffix("届").removesuffix("号")
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"{label}应为正整数")
        return int(value)

    return parse


def _names(raw) -> tuple[str, ...]:
    return tuple(n for n in SEPARATORS.split(parsers.clean_text(raw)) if n)


def _number_in_code(raw) -> int:
    """编号: 15, 015, 第2-015号 → 15."""
    value = parsers.clean_text(raw).replace(" ", "")
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    m = re.fullmatch(r"(?:第?\d+[-－])?0*(\d+)号?", value)
    if not m or int(m.group(1)) < 1:
        raise ValueError("编号应为数字，如 15 或 第2-015号")
    return int(m.group(1))


COLUMNS = (
    Column("term", "届次", _positive("届次"), synonyms=("届",), required=True, kind="number", width=8),
    Column("number", "编号", _number_in_code, synonyms=("提案编号", "提案号"), width=12, export="number"),
    Column("title", "案由", parsers.text(100, "案由"), synonyms=("提案标题", "标题", "提案名称"), required=True,
           width=36, repeats=False),
    Column("category", "类别", parsers.choice(parsers.labels(ProposalCategory.choices), "类别",
                                              "、".join(CATEGORY_LABELS.values())),
           synonyms=("提案类别",), required=True, choices=tuple(CATEGORY_LABELS.values()), display=CATEGORY_LABELS),
    Column("proposer", "提案人", parsers.name, synonyms=("第一提案人",), required=True, width=10,
           export="proposer__person__name"),
    Column("cosigners", "附议人", _names, synonyms=("附议代表",), width=24, repeats=False,
           hint="多人用顿号分隔", export=None),
    Column("submitted_on", "提交日期", parsers.date, synonyms=("提案日期",), required=True, kind="date"),
    Column("reasons", "理由", parsers.text(5000, "理由"), synonyms=("提案理由", "案情"), required=True, width=40,
           repeats=False),
    Column("measures", "建议措施", parsers.text(5000, "建议措施"), synonyms=("措施", "建议"), required=True, width=40,
           repeats=False),
    Column("state", "办理状态", parsers.choice(parsers.labels(ProposalState.choices, {"已立案": S.REGISTERED,
                                                                                  "已办结": S.CLOSED}),
                                               "办理状态", "、".join(STATE_LABELS.values())),
           synonyms=("状态", "处理结果"), required=True, choices=tuple(STATE_LABELS.values()), display=STATE_LABELS),
    Column("review_note", "审查意见", parsers.text(500, "审查意见"), synonyms=("不予立案理由",), width=24,
           repeats=False),
    Column("department", "承办部门", parsers.text(60, "承办部门"), synonyms=("办理部门",), width=14,
           export="department__name"),
    Column("due_on", "答复期限", parsers.date, kind="date"),
    Column("answered_on", "答复日期", parsers.date, kind="date"),
    Column("answer", "答复内容", parsers.text(5000, "答复内容"), synonyms=("答复意见", "办理结果"), width=40,
           repeats=False, export=None),
    Column("rating", "满意度", parsers.choice(parsers.labels(Satisfaction.choices), "满意度", "满意、基本满意、不满意",
                                              blank=""),
           synonyms=("评价",), choices=tuple(RATING_LABELS.values()), display=RATING_LABELS),
)
AFTER_ASSIGN = (S.ASSIGNED, S.ANSWERED, S.RATED, S.CLOSED)
AFTER_ANSWER = (S.ANSWERED, S.RATED, S.CLOSED)


@importing.register
class ProposalImporter(importing.Importer):
    key = "democracy_proposals"
    title = "提案导入（往年提案）"
    noun = "提案"
    unit = "件"
    sheet_name = "提案"
    perm = Perm.DEMOCRACY_EDIT
    columns = COLUMNS
    row_checks: list = []
    org_label = "导入到工会"
    template_notes = (
        "每行一件提案；“届次”为本工会职代会的届次，提案人、附议人须是该届职工代表（按姓名匹配）。",
        "办理状态为已交办及以后的，须填承办部门；已答复及以后的，须填答复日期和答复内容；已评价、办结的可填满意度。",
    )
    preview_columns = (("term", "届次"), ("title", "案由"), ("proposer", "提案人"), ("state", "办理状态"))

    def check_row(self, row, checks) -> None:
        super().check_row(row, checks)
        v = row.values
        state = v.get("state")
        if state in AFTER_ASSIGN and not v.get("department"):
            checks.add(row, "department", "", f"办理状态为“{STATE_LABELS[state]}”，须填写承办部门")
        if state in AFTER_ANSWER:
            if not v.get("answer"):
                checks.add(row, "answer", "", f"办理状态为“{STATE_LABELS[state]}”，须填写答复内容")
            if not v.get("answered_on"):
                checks.add(row, "answered_on", "", f"办理状态为“{STATE_LABELS[state]}”，须填写答复日期")
        if state == S.RATED and not v.get("rating"):
            checks.add(row, "rating", "", "办理状态为“已评价”，须填写满意度")
        if state in (S.REJECTED, S.OPINION) and not v.get("review_note"):
            checks.add(row, "review_note", "", f"办理状态为“{STATE_LABELS[state]}”，须填写审查意见（理由）")
        if state == S.MERGED:
            checks.add(row, "state", STATE_LABELS[state], "并案的提案请在系统中办理（导入无法指明并入哪一件）")
        submitted = v.get("submitted_on")
        if submitted and submitted > localdate():
            checks.add(row, "submitted_on", submitted, "提交日期晚于今天")
        answered = v.get("answered_on")
        if submitted and answered and answered < submitted:
            checks.add(row, "answered_on", answered, "答复日期早于提交日期")
        names = v.get("cosigners") or ()
        if len(set(names)) != len(names):
            checks.add(row, "cosigners", "、".join(names), "附议人重复")
        if v.get("proposer") and v["proposer"] in names:
            checks.add(row, "cosigners", "、".join(names), "提案人不能同时是附议人")

    def validate(self, rows, checks, *, org, user) -> None:
        congress = Congress.objects.filter(org=org).order_by("kind").first()
        if congress is None:
            for row in rows:
                checks.add(row, "term", row.values.get("term"), f"{org.name}还没有职代会，请先建立职代会和届次")
            return
        terms = {t.number: t for t in Term.objects.filter(congress=congress)}
        delegates: dict[int, dict[str, list[Delegate]]] = {}
        for d in Delegate.objects.filter(term__congress=congress).select_related("person"):
            delegates.setdefault(d.term_id, {}).setdefault(d.person.name, []).append(d)
        taken = set(Proposal.objects.filter(term__congress=congress).values_list("term_id", "number"))
        seen: set = set()
        for row in rows:
            v = row.values
            term = terms.get(v.get("term"))
            if term is None:
                checks.add(row, "term", v.get("term"), f"{congress}没有第{v.get('term')}届")
                continue
            row.term_id = term.pk
            by_name = delegates.get(term.pk, {})
            for key, names in (("proposer", [v.get("proposer")] if v.get("proposer") else []),
                               ("cosigners", list(v.get("cosigners") or ()))):
                for name in names:
                    found = by_name.get(name, [])
                    if not found:
                        checks.add(row, key, name, f"{name}不是{term}的职工代表")
                    elif len(found) > 1:
                        checks.add(row, key, name, f"{term}有{len(found)}名代表同名“{name}”，请在系统中录入")
            if v.get("submitted_on") and (v["submitted_on"] < term.started_on
                                          or (term.ended_on and v["submitted_on"] > term.ended_on)):
                checks.add(row, "submitted_on", v["submitted_on"], f"提交日期不在{term}任期内")
            number = v.get("number")
            if number:
                if (term.pk, number) in taken:
                    checks.add(row, "number", number, f"{term}已有编号为{number}的提案")
                elif (term.pk, number) in seen:
                    checks.add(row, "number", number, "文件中编号重复")
                seen.add((term.pk, number))

    def write(self, batch, rows, columns, user) -> dict:
        org = batch.org
        congress = Congress.objects.filter(org=org).order_by("kind").first()
        terms = {t.number: t for t in Term.objects.filter(congress=congress)}
        people = {}
        for d in Delegate.objects.filter(term__congress=congress).select_related("person"):
            people[(d.term_id, d.person.name)] = d
        departments = {d.name: d for d in Department.objects.filter(org=org)}
        nexts = {t: n or 0 for t, n in Proposal.objects.filter(term__congress=congress).values_list("term_id")
                 .annotate(n=Max("number"))}
        created = 0
        for row in rows:
            v = row.values
            term = terms[v["term"]]
            state = v["state"]
            number = v.get("number")
            if not number:
                number = nexts.get(term.pk, 0) + 1
            nexts[term.pk] = max(nexts.get(term.pk, 0), number)
            department = None
            if v.get("department"):
                department = departments.get(v["department"])
                if department is None:
                    department = departments[v["department"]] = Department.objects.create(org=org,
                                                                                          name=v["department"])
            cosigners = [people[(term.pk, n)] for n in v.get("cosigners") or ()]
            answered_on = v.get("answered_on") if state in AFTER_ANSWER else None
            rating = v.get("rating", "") if state in (S.RATED, S.CLOSED) else ""
            proposal = Proposal.objects.create(
                org=org, term=term, number=number, title=v["title"], category=v["category"], reasons=v["reasons"],
                measures=v["measures"], proposer=people[(term.pk, v["proposer"])], cosigner_count=len(cosigners),
                submitted_on=v["submitted_on"], state=state, review_note=v.get("review_note", ""),
                reviewed_on=v["submitted_on"] if state != S.SUBMITTED else None,
                department=department if state in AFTER_ASSIGN else None,
                assigned_on=v["submitted_on"] if state in AFTER_ASSIGN else None,
                due_on=v.get("due_on") if state in AFTER_ASSIGN else None,
                answered_on=answered_on, rating=rating, rated_on=answered_on if rating else None,
                closed_on=answered_on if state == S.CLOSED else None)
            for d in cosigners:
                ProposalCosigner.objects.create(proposal=proposal, org=org, delegate=d)
            if answered_on:
                ProposalAnswer.objects.create(proposal=proposal, org=org, round=1, department=department,
                                              text=v["answer"], answered_on=answered_on, rating=rating,
                                              rated_on=answered_on if rating else None)
            ProposalStep.objects.create(proposal=proposal, org=org, action=ProposalStep.Action.IMPORT, state=state,
                                        note=f"导入批次{batch.pk}（{batch.original_name}）"[:500],
                                        actor=user if getattr(user, "pk", None) else None, on=localdate())
            created += 1
        return {"created": created}


# ---------------------------------------------------------------------------------------------------------------
# Export in the import's shape
# ---------------------------------------------------------------------------------------------------------------

def export_rows(queryset):
    """Rows in the order of COLUMNS' export columns (附议人 and 答复内容 added from their rows)."""
    qs = queryset.defer(None).select_related("term", "proposer__person", "department").prefetch_related(
        "cosigners__delegate__person", "answers")
    for p in qs.order_by("term__number", "number").iterator(chunk_size=2000):
        answers = list(p.answers.all())
        last = answers[-1] if answers else None
        yield (p.term.number, p.code, p.title, p.category, p.proposer.person.name,
               "、".join(c.delegate.person.name for c in p.cosigners.all()), p.submitted_on, p.reasons, p.measures,
               p.state, p.review_note, p.department.name if p.department else "", p.due_on, p.answered_on,
               last.text if last else "", p.rating)


def export_response(request, queryset):
    importer = importing.get(ProposalImporter.key)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    columns = list(COLUMNS)
    count = importing.export_xlsx(importer, handle.name, export_rows(queryset), columns=columns, title="提案一览")
    handle.seek(0)
    org = request.current_org
    audit.record(AuditEntry.Action.EXPORT, model=Proposal, note=f"导出提案：{count}件",
                 org_path=org.path if org is not None else "")
    return FileResponse(handle, as_attachment=True, filename=f"提案-{localdate():%Y%m%d}.xlsx",
                        content_type=XLSX_TYPE)


__all__ = ["ProposalImporter", "export_response", "export_rows", "COLUMNS"]
