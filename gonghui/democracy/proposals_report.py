"""提案办理情况报告: the report on how a term's (or a session's) proposals were handled, drafted from the records and
laid out in Word by reports/docx.py (the house style: GB/T 9704, 仿宋 body, 黑体/楷体 headings, tables in 小四).

    document = draft(term, session=None)   # a reports.documents.Document
    data = reports.docx.render(document)   # bytes of the .docx

Contents: how many proposals were received and by how many proposer slots (人次), the review's outcome (立案, 并案,
作为意见建议处理, 不予立案) and 立案率; a table by category; the handling (交办, 答复, 办结, 办结率, overdue) and the proposers'
ratings (满意率); each proposal with its department, the answer (its opening words) and the rating; the problems
that the records show (overdue, unsatisfied). Three queries whatever the number of proposals.
"""
from __future__ import annotations

import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponse
from django.utils.timezone import localdate

from gonghui.core import audit
from gonghui.core.formatting import chinese_number
from gonghui.core.models import AuditEntry
from gonghui.reports.documents import Document, Paragraph, Table, numbered

from .models import (
    REGISTERED_STATES,
    CongressSession,
    Proposal,
    ProposalAnswer,
    ProposalCategory,
    ProposalState,
    Satisfaction,
    Term,
)

S = ProposalState
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ANSWER_WORDS = 60
#: up to this many proposals the report lists them in a table; beyond, one line each
TABLE_ROWS = 150


def rate_text(n: int, d: int) -> str:
    """100%, 92.3% (one place, half up; a whole number without it), as summaries write rates."""
    if not d:
        return "—"
    value = (Decimal(n) * 100 / Decimal(d)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value.normalize():f}%" if value == value.to_integral() else f"{value}%"


def _scope_name(term: Term, session: CongressSession | None) -> str:
    if session is not None:
        return str(session)
    return f"第{chinese_number(term.number)}届{term.congress.short_name}"


def draft(term: Term, session: CongressSession | None = None, *, today: datetime.date | None = None) -> Document:
    today = today or localdate()
    qs = Proposal.objects.filter(term=term)
    if session is not None:
        qs = qs.filter(session=session)
    latest = ProposalAnswer.objects.filter(proposal=OuterRef("pk")).order_by("-round")
    rows = list(qs.annotate(answer_text=Subquery(latest.values("text")[:1]))
                .order_by("number")
                .values_list("number", "title", "category", "state", "rating", "cosigner_count", "due_on",
                             "proposer__person__name", "department__name", "answer_text"))
    cats = {c: n for c, n in qs.order_by().values_list("category").annotate(n=Count("pk"))}
    org_name = term.org.name
    where = _scope_name(term, session)
    doc = Document(title=f"关于{where}职工代表提案办理情况的报告", subtitle=f"{org_name}工会提案委员会",
                   kind="proposals_report", org=term.org.code, org_name=org_name,
                   signature=[f"{org_name}工会提案委员会", f"{today.year}年{today.month}月{today.day}日"])
    blocks = doc.blocks
    total = len(rows)
    states = Counter(r[3] for r in rows)
    slots = sum(r[5] + 1 for r in rows)
    registered = sum(states[s] for s in REGISTERED_STATES)
    if not total:
        blocks.append(Paragraph([f"{where}期间，尚未收到职工代表提案。"]))
        return doc

    blocks.append(Paragraph([
        f"{where}期间，共收到职工代表提案{total}件，参与提案{slots}人次。提案委员会本着“依法、规范、务实”的原则逐件审查，"
        f"立案{registered}件，立案率{rate_text(registered, total)}"
        + "".join(f"；{label}{states[s]}件" for s, label in ((S.MERGED, "并案处理"), (S.OPINION, "作为意见建议处理"),
                                                           (S.REJECTED, "不予立案"), (S.SUBMITTED, "尚待审查"))
                  if states[s])
        + "。现将办理情况报告如下。"]))

    # 一、提案基本情况
    blocks.append(numbered(1, 1, "提案基本情况"))
    by_cat = Counter((r[2], r[3] in REGISTERED_STATES) for r in rows)
    parts = [f"{label}{cats[c]}件" for c, label in ProposalCategory.choices if cats.get(c)]
    blocks.append(Paragraph([f"从提案内容看，涉及{'，'.join(parts)}，集中反映了职工群众对企业发展和切身利益的关注。"]))
    table_rows = [[label, str(cats[c]), str(by_cat[(c, True)]), rate_text(by_cat[(c, True)], cats[c])]
                  for c, label in ProposalCategory.choices if cats.get(c)]
    table_rows.append(["合计", str(total), str(registered), rate_text(registered, total)])
    blocks.append(Table(["类别", "提案件数", "立案件数", "立案率"], table_rows, title="提案分类情况"))

    # 二、提案办理情况
    blocks.append(numbered(1, 2, "提案办理情况"))
    assigned = sum(states[s] for s in (S.ASSIGNED, S.ANSWERED, S.RATED, S.CLOSED))
    answered = sum(states[s] for s in (S.ANSWERED, S.RATED, S.CLOSED))
    closed = states[S.CLOSED]
    overdue = sum(1 for r in rows if r[3] == S.ASSIGNED and r[6] is not None and r[6] < today)
    text = (f"立案的{registered}件提案，已交承办部门办理{assigned}件，已答复{answered}件，办结{closed}件，"
            f"办结率{rate_text(closed, registered)}")
    if states[S.ASSIGNED]:
        text += f"；正在办理{states[S.ASSIGNED]}件" + (f"，其中超过答复期限{overdue}件" if overdue else "")
    blocks.append(Paragraph([text + "。"]))
    ratings = Counter(r[4] for r in rows if r[4])
    rated = sum(ratings.values())
    if rated:
        good = ratings[Satisfaction.SATISFIED] + ratings[Satisfaction.FAIRLY]
        blocks.append(Paragraph([
            f"提案人对答复进行了评价：满意{ratings[Satisfaction.SATISFIED]}件，基本满意{ratings[Satisfaction.FAIRLY]}件，"
            f"不满意{ratings[Satisfaction.UNSATISFIED]}件，满意率{rate_text(good, rated)}。"]))
    labels = dict(ProposalState.choices)
    ratings_label = dict(Satisfaction.choices)
    if total <= TABLE_ROWS:
        blocks.append(Table(
            ["编号", "案由", "提案人", "承办部门", "办理状态", "答复情况", "评价"],
            [[f"{term.number}-{r[0]:03d}", r[1], r[7], r[8] or "", labels[r[3]], _shorten(r[9]),
              ratings_label.get(r[4], "")] for r in rows],
            title="提案办理情况一览"))
    else:  # one line each: python-docx's table.cell() walks the whole table, so a huge table takes minutes
        blocks.append(Paragraph(["各件提案办理情况如下："]))
        for r in rows:
            line = f"{term.number}-{r[0]:03d}《{r[1]}》，提案人{r[7]}，{labels[r[3]]}"
            if r[8]:
                line += f"，承办部门{r[8]}"
            if r[9]:
                line += f"，答复：{_shorten(r[9])}"
            if r[4]:
                line += f"，评价{ratings_label[r[4]]}"
            blocks.append(Paragraph([line + "。"], kind="plain"))

    # 三、存在的问题和下一步工作
    blocks.append(numbered(1, 3, "存在的问题和下一步工作"))
    problems = []
    if overdue:
        problems.append(f"有{overdue}件提案超过答复期限仍未答复，督办力度有待加强")
    if ratings[Satisfaction.UNSATISFIED]:
        problems.append(f"有{ratings[Satisfaction.UNSATISFIED]}件提案的提案人对答复不满意，部分答复针对性不强")
    if problems:
        blocks.append(Paragraph(["提案办理工作中还存在一些不足：" + "；".join(problems) + "。"]))
    blocks.append(Paragraph([
        "下一步，提案委员会将进一步规范提案征集、审查、交办、督办和答复评价各环节，对未办结的提案逐件跟踪督办，"
        "做到件件有答复、事事有回音，切实发挥职工代表参与民主管理、民主监督的作用。"]))
    return doc


def _shorten(text: str | None) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= ANSWER_WORDS else text[:ANSWER_WORDS] + "……"


def docx_response(request, *, term: Term, session: CongressSession | None = None) -> HttpResponse:
    from gonghui.reports import docx

    document = draft(term, session)
    data = docx.render(document)
    audit.record(AuditEntry.Action.EXPORT, model=Proposal, note=f"导出{document.title}", org_path=term.org.path)
    name = f"提案办理情况报告-{chinese_number(term.number)}届" + (f"{session.number}次" if session else "")
    response = HttpResponse(data, content_type=DOCX_TYPE)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.docx"
    return response
