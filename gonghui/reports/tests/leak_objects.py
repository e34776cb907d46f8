"""Union-B report objects for tests/test_scope_leaks.py: one of every report record reachable by id."""
from __future__ import annotations

import datetime

from gonghui.reports import documents
from gonghui.reports.models import DocumentKind, Draft


def create(b: dict) -> None:
    from gonghui.reports import submitting

    school = b["union"]
    # 上报: a call issued by union B (to its own units) and a submission of B to its parent.
    submitting.request_reports(None, org=school, kind=DocumentKind.SUMMARY, period="2025",
                               due_on=datetime.date(2026, 1, 20), note="乙校通知")
    doc = documents.Document(title="乙学校工会2025年工作总结", org=school.code, org_name=school.name, period="2025")
    doc.add(documents.Paragraph(["乙校上报正文"]))
    draft = Draft.objects.create(org=school, kind=DocumentKind.SUMMARY, period="2025", period_label="2025年",
                                 title=doc.title, content=documents.to_dict(doc))
    submitting.submit(b["officer"], draft=draft)
    # 文稿: a draft generated from B's records (its figures name B's union) and B's own wording of a section.
    from gonghui.reports import services
    from gonghui.reports.periods import Period

    services.draft_generate(actor=None, org=school, kind=DocumentKind.SUMMARY, period=Period.year(2024),
                            today=datetime.date(2025, 1, 10))
    services.template_save(actor=None, org=school, kind=DocumentKind.SUMMARY, section="opening",
                           body="乙校专用开头：{org}{period}工作总结如下：")
