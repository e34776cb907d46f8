"""Reports upward (上报) in the demo: 滨江区总工会 calls for last year's 工作总结 and its unions answer.

Called by `DemoBuilder.build()` after the care work (the whole timeline has been played, so the records are those of
the demo's today). Everything goes through the services as the demo logins: the drafts are generated and edited with
`gonghui.reports.services` (drafting.build from the records) and sent with `gonghui.reports.submitting`. The call,
the drafts and the sendings then get the dates they would have had (December and January): the services stamp the
present moment, so those timestamps are moved back afterwards — the audit trail keeps the true time of the build.

What it makes (last year = the demo's year − 1; the due date is 20 January of this year):
- 区总工会 (fed_staff) issues the call on 15 December of last year, due 20 January;
- 实验中学工会 (school_officer) sends its summary on 12 January (on time); 区总工会 returns it on 14 January with a
  comment; the school adds a paragraph and sends revision 2 on 16 January; 区总工会 accepts it on 19 January;
- 区市场监管局工会 sends its summary on 3 February, late (逾期上报), not yet reviewed;
- 华兴公司工会 has sent nothing (逾期未报): the company officer generates, edits and sends it in the walk-through.
A step whose date has not come yet (a demo built in early January) is left out, with every step after it.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from gonghui.core.context import acting_as
from gonghui.reports import documents, submitting
from gonghui.reports import services as report_services
from gonghui.reports.models import DocumentKind, Draft, ReportRequest, Submission
from gonghui.reports.periods import Period

RETURN_COMMENT = "请在帮扶关怀部分补充金秋助学和困难职工帮扶的具体做法，并核对全年慰问金额后重新上报。"
ADDED_TEXT = ("同时，我们坚持把帮扶工作做在平时，对困难教职工建立一户一档，逐户走访了解实际困难，"
              "做到情况清、底数明、帮扶准。")


@dataclass
class ReportsSummary:
    requests: int = 0
    submissions: int = 0


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _draft(org, period: Period, user, on: datetime.date) -> Draft:
    """The union's summary as the drafting page generates it on day `on` (reports.services.draft_generate →
    drafting.build; the 落款 is dated that day)."""
    draft = report_services.draft_generate(actor=user, org=org, kind=DocumentKind.SUMMARY, period=period, today=on)
    Draft.objects.filter(pk=draft.pk).update(created_at=_at(on, 9), updated_at=_at(on, 16))
    draft.refresh_from_db()
    return draft


def _add_paragraph(draft: Draft, text: str, user) -> Draft:
    """The school's revision, saved as the editor saves it: a paragraph added at the end of the care section (or
    before 存在的问题)."""
    document = documents.from_dict(draft.content)
    blocks = document.blocks
    headings = [i for i, b in enumerate(blocks) if isinstance(b, documents.Heading) and b.level == 1]
    care = next((i for i in headings if "帮扶" in blocks[i].text or "关怀" in blocks[i].text), None)
    after = [i for i in headings if care is not None and i > care]
    at = after[0] if after else next((i for i in headings if "问题" in blocks[i].text), len(blocks))
    blocks.insert(at, documents.Paragraph([text]))
    return report_services.draft_save(actor=user, draft=draft, version=draft.version, document=document)


def build_reports(builder) -> ReportsSummary:
    summary = ReportsSummary()
    today = builder.today
    period = Period.year(today.year - 1)
    due = datetime.date(today.year, 1, 20)
    fed, school, bureau = builder.orgs["fed"], builder.orgs["school"], builder.orgs["bureau"]
    fed_staff, school_officer, admin = (builder.users[name] for name in ("fed_staff", "school_officer", "admin"))

    def call():
        request = submitting.request_reports(fed_staff, org=fed, kind=DocumentKind.SUMMARY, period=period.key,
                                             due_on=due, note=f"请各基层工会于{due.month}月{due.day}日前报送"
                                                              f"{period.label}工会工作总结。")
        ReportRequest.objects.filter(pk=request.pk).update(created_at=_at(datetime.date(period.end.year, 12, 15), 10))
        summary.requests += 1

    state = {}

    def school_sends():
        state["draft"] = draft = _draft(school, period, school_officer, datetime.date(today.year, 1, 9))
        state["first"] = sent = submitting.submit(school_officer, draft=draft)
        Submission.objects.filter(pk=sent.pk).update(submitted_at=_at(datetime.date(today.year, 1, 12), 10, 30))
        summary.submissions += 1

    def fed_returns():
        returned = submitting.return_for_revision(fed_staff, submission=state["first"], comment=RETURN_COMMENT)
        Submission.objects.filter(pk=returned.pk).update(reviewed_at=_at(datetime.date(today.year, 1, 14), 15))

    def school_resends():
        draft = _add_paragraph(state["draft"], ADDED_TEXT, school_officer)
        state["second"] = sent = submitting.submit(school_officer, draft=draft)
        Submission.objects.filter(pk=sent.pk).update(submitted_at=_at(datetime.date(today.year, 1, 16), 9, 20))
        summary.submissions += 1

    def fed_accepts():
        accepted = submitting.accept(fed_staff, submission=state["second"])
        Submission.objects.filter(pk=accepted.pk).update(reviewed_at=_at(datetime.date(today.year, 1, 19), 11))

    def bureau_sends_late():
        # The bureau has no login of its own in the demo: its officer's work is recorded under the administrator.
        draft = _draft(bureau, period, admin, datetime.date(today.year, 2, 2))
        sent = submitting.submit(admin, draft=draft)
        Submission.objects.filter(pk=sent.pk).update(submitted_at=_at(datetime.date(today.year, 2, 3), 14, 10))
        summary.submissions += 1

    steps = [
        (datetime.date(period.end.year, 12, 15), fed_staff, call),
        (datetime.date(today.year, 1, 12), school_officer, school_sends),
        (datetime.date(today.year, 1, 14), fed_staff, fed_returns),
        (datetime.date(today.year, 1, 16), school_officer, school_resends),
        (datetime.date(today.year, 1, 19), fed_staff, fed_accepts),
        (datetime.date(today.year, 2, 3), admin, bureau_sends_late),
    ]
    for day, user, step in steps:
        if day > today:
            break
        with acting_as(user, source="command"):
            step()
    builder.log(f"上报：上报通知 {summary.requests} 份，上报材料 {summary.submissions} 份")
    return summary
