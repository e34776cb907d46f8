"""Reads of the 经审 committee's work: runs, findings, reports in scope; the to-dos (findings awaiting the
treasurer's reply; unions whose books of the year have not been checked yet); the yearly audit report drafted as
a Word document from the records."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.orgs.models import Organization
from gonghui.reports.documents import Document, Paragraph, Table, numbered

from ..models import AuditFinding, AuditReport, AuditRun, Budget, CheckKind, EntryFlag, LedgerEntry
from . import budget as budget_selectors


def runs(user, *, within=None, year=None) -> QuerySet[AuditRun]:
    qs = AuditRun.objects.filter(org_q(user, Perm.FUNDS_VIEW))
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.select_related("org", "ran_by")


def findings(user, perm: str = Perm.FUNDS_VIEW, *, within=None, year=None) -> QuerySet[AuditFinding]:
    qs = AuditFinding.objects.filter(org_q(user, perm))
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.select_related("org", "entry", "raised_by", "replied_by")


def finding_get(user, pk, perm: str = Perm.FUNDS_VIEW) -> AuditFinding:
    return get_object_or_404(findings(user, perm), pk=pk)


def awaiting_reply(user, *, within=None) -> QuerySet[AuditFinding]:
    """Findings the treasurer has not answered (or that came back): the treasurer's to-do."""
    return findings(user, Perm.FUNDS_EDIT, within=within).filter(status=AuditFinding.Status.OPEN)


def unchecked(user, *, within=None, year: int | None = None) -> QuerySet[Organization]:
    """Unions in the auditor's scope with booked entries this year and no check run this year (one COUNT)."""
    year = year or localdate().year
    qs = Organization.objects.filter(org_q(user, Perm.FUNDS_AUDIT, field=""), kind__in=Organization.UNION_KINDS)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    booked = LedgerEntry.objects.filter(org=OuterRef("pk"), status=LedgerEntry.Status.BOOKED,
                                        entry_date__gte=datetime.date(year, 1, 1),
                                        entry_date__lte=datetime.date(year, 12, 31))
    return qs.filter(Exists(booked)).exclude(Exists(AuditRun.objects.filter(org=OuterRef("pk"), year=year)))


def reports(user, *, within=None) -> QuerySet[AuditReport]:
    qs = AuditReport.objects.filter(org_q(user, Perm.FUNDS_VIEW))
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs.select_related("org", "issued_by")


def report_get(user, pk) -> AuditReport:
    return get_object_or_404(reports(user), pk=pk)


def _money(value: Decimal) -> str:
    return f"{value:,.2f}元"


def report_document(report: AuditReport) -> Document:
    """经费审查报告 for the year, in the house style of reports/docx.py: the books (income, expenditure, balance),
    the budget's execution, the checks and what they found, the findings with the replies and their resolution,
    the committee's opinion. Six queries."""
    org, year = report.org, report.year
    doc = Document(title=f"关于{year}年度工会经费收支情况的审查报告", subtitle=f"{org.name}经费审查委员会",
                   kind="audit_report", org=org.code, org_name=org.name,
                   signature=[f"{org.name}经费审查委员会", f"{report.issued_on.year}年{report.issued_on.month}月{report.issued_on.day}日"])
    b = doc.blocks
    budget = Budget.objects.filter(org=org, year=year).first()
    ex = budget_selectors.execution(budget, org=org, year=year)
    b.append(Paragraph([f"根据《中国工会章程》和《工会经费审查委员会工作条例》的规定，本会经费审查委员会对{year}年度工会经费收支"
                        "情况进行了审查。现将审查情况报告如下："]))
    b.append(numbered(1, 1, "经费收支基本情况"))
    b.append(Paragraph([f"{year}年度工会经费收入{_money(ex.income_actual)}，支出{_money(ex.expense_actual)}，"
                        f"收支结余{_money(ex.balance)}。"]))
    if budget is not None and ex.expense_budget:
        over = [line for line in ex.over_lines if not line.subcategory]
        text = (f"年度支出预算{_money(ex.expense_budget)}（{'经调整' + str(budget.revisions) + '次' if budget.revisions else '未调整'}），"
                f"实际支出{_money(ex.expense_actual)}，预算执行率{ex.expense_rate}")
        text += (f"；{'、'.join(line.label for line in over)}超出预算。" if over else "，各支出科目均未超出预算。")
        b.append(Paragraph([text]))
    b.append(Table(["科目", "预算（元）", "实际（元）", "执行率"],
                   [[line.label.strip("　"), f"{line.budget:,.2f}" if line.budget is not None else "—",
                     f"{line.actual:,.2f}", line.rate] for line in ex.lines if not line.subcategory],
                   title=f"{year}年度经费收支与预算执行情况"))
    run = AuditRun.objects.filter(org=org, year=year).order_by("-ran_at").first()
    b.append(numbered(1, 2, "审查发现的问题"))
    if run is not None:
        counts = run.counts or {}
        parts = [f"{CheckKind(k).label}{n}处" for k, n in counts.items() if n and k in CheckKind.values]
        b.append(Paragraph([f"经审委员会于{run.ran_at:%Y年%-m月%-d日}对全年{LedgerEntry.objects.filter(org=org, status=LedgerEntry.Status.BOOKED, entry_date__year=year).count()}笔"
                            f"记账凭证逐笔核查，" + ("发现" + "、".join(parts) + "。" if parts else "未发现不符合规定的收支。")]))
    items = list(AuditFinding.objects.filter(org=org, year=year).order_by("number"))
    if items:
        b.append(Table(["编号", "问题", "涉及金额（元）", "财务答复", "整改情况"],
                       [[str(f.number), f.title, f"{f.amount:,.2f}" if f.amount is not None else "—",
                         f.reply[:60] or "未答复", f.resolution or f.get_status_display()] for f in items],
                       title="发现问题及整改情况"))
    resolved = sum(1 for f in items if f.status == AuditFinding.Status.RESOLVED)
    b.append(numbered(1, 3, "整改情况"))
    if items:
        b.append(Paragraph([f"审查提出问题{len(items)}个，已整改到位{resolved}个，整改率{budget_selectors.rate_text(resolved, len(items))}"
                            + ("。" if resolved == len(items) else "，其余问题由经审委员会跟踪督促整改。")]))
    else:
        b.append(Paragraph(["本年度审查未提出需要整改的问题。"]))
    b.append(numbered(1, 4, "审查意见"))
    for para in [p.strip() for p in report.opinion.splitlines() if p.strip()]:
        b.append(Paragraph([para]))
    return doc


def flag_counts(user, *, within, year) -> dict[str, int]:
    from django.db.models import Count

    rows = EntryFlag.objects.filter(org_q(user, Perm.FUNDS_VIEW), org__path__startswith=within.path, year=year) \
        .values("kind").annotate(n=Count("pk")).order_by()
    return {r["kind"]: r["n"] for r in rows}
