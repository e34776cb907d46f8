"""Proposal figures, their wording in the summary, the importer of last year's proposals and the reminder."""
from __future__ import annotations

import datetime

from gonghui.core import importing
from gonghui.democracy.metrics import proposals as metrics
from gonghui.democracy.models import Department, Proposal, ProposalState
from gonghui.democracy.services import proposals as services
from gonghui.members.models import ImportBatch
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period

from .proposals_fixtures import pworld, submit  # noqa: F401

D = datetime.date
S = ProposalState
Y2025 = Period.year(2025)


def _handled(w):
    """5 proposals in 2025 by 3 + 2 + 1 + 1 + 1 = 8 proposer slots: 3 registered (2 closed, 1 overdue), 1 merged,
    1 refused; ratings 满意 and 不满意."""
    people = w["people"]
    a = submit(w, title="甲", cosigners=people[1:3])
    b = submit(w, title="乙", cosigners=people[3:4])
    c = submit(w, title="丙")
    d = submit(w, title="丁")
    e = submit(w, title="戊")
    for p in (a, b, c):
        services.proposal_review(actor=None, proposal=p, decision=S.REGISTERED, on=D(2025, 3, 5))
        services.proposal_assign(actor=None, proposal=p, department=w["hr"], on=D(2025, 3, 6), due_on=D(2025, 4, 6))
    for p, rating in ((a, "satisfied"), (b, "unsatisfied")):
        services.proposal_answer(actor=None, proposal=p, department=w["hr"], text="已办", on=D(2025, 3, 20))
        services.proposal_rate(actor=None, proposal=p, rating=rating, note="慢", on=D(2025, 3, 21))
        services.proposal_close(actor=None, proposal=p, on=D(2025, 3, 22))
    services.proposal_review(actor=None, proposal=d, decision=S.MERGED, merged_into=a, on=D(2025, 3, 5))
    services.proposal_review(actor=None, proposal=e, decision=S.REJECTED, note="不属于提案范围", on=D(2025, 3, 5))
    submit(w, title="去年的", on=D(2024, 5, 1))  # another year: not counted
    return a, b, c


def _figures(org):
    return {m.code: m.compute(org, Y2025.start, Y2025.end) for m in metrics.METRICS}


def test_figures_count_from_the_records(pworld):
    _handled(pworld)
    f = _figures(pworld["company"])
    assert f["democracy.proposals.received"] == 5
    assert f["democracy.proposals.registered"] == 3
    assert f["democracy.proposals.closed"] == 2
    assert f["democracy.proposals.proposer_slots"] == 8
    rate = f["democracy.proposals.registration_rate"]
    assert (rate.numerator, rate.denominator) == (3, 5)
    rate = f["democracy.proposals.completion_rate"]
    assert (rate.numerator, rate.denominator) == (2, 3)
    rate = f["democracy.proposals.satisfaction_rate"]
    assert (rate.numerator, rate.denominator) == (1, 2)
    received = metrics.METRICS[0]
    assert received.records(pworld["company"], Y2025.start, Y2025.end).count() == 5
    assert dict((k, v) for k, _, v in received.breakdown(pworld["company"], Y2025.start, Y2025.end, "state")) == {
        "closed": 2, "assigned": 1, "merged": 1, "rejected": 1}
    assert _figures(pworld["school"])["democracy.proposals.received"] is None  # another union: absent


def test_the_summary_says_it_as_the_samples_do(pworld):
    _handled(pworld)
    doc = build("summary", pworld["company"], Y2025, style="exact", today=D(2026, 1, 10))
    body = "\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
    assert "收到职工代表提案5件，参与提案8人次，经提案委员会审查立案3件，立案率60%" in body
    assert "办结率66.7%" in body or "办结率67%" in body
    assert "超过答复期限未答复" in body or "1件提案超过答复期限" in " ".join(
        s.text for s in getattr(doc, "suggestions", []))
    school = build("summary", pworld["school"], Y2025, style="exact", today=D(2026, 1, 10))
    assert "提案" not in "\n".join(b.text for b in school.blocks if isinstance(b, (Heading, Paragraph)))


def test_import_last_years_proposals(pworld, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = pworld
    importer = importing.get("democracy_proposals")
    path = tmp_path / "p.csv"
    path.write_text("\n".join([
        "届次,编号,案由,类别,提案人,附议人,提交日期,理由,建议措施,办理状态,审查意见,承办部门,答复期限,答复日期,答复内容,满意度",
        "2,第2-007号,关于食堂的建议,生活福利,王建国,李秀英、张伟,2025-03-01,理由,措施,办结,,后勤保障部,,2025-04-01,已改进,满意",
        "2,,关于培训的建议,教育培训,刘芳,,2025/3/2,理由,措施,不予立案,不属于提案范围,,,,,",
        "2,,关于加班的建议,工资分配,孙强,,2025-03-03,理由,措施,已提交,,,,,,",
        "2,,关于通风的建议,劳动保护,陈明,陈明,2025-03-04,理由,措施,已答复,,安全环保部,,,,",
        "7,,关于宿舍的建议,生活福利,赵丽,,2025-03-05,理由,措施,已提交,,,,,,",
    ]), encoding="utf-8")
    batch = importing.stage_upload(importer, org=w["company"], user=w["officer"], path=str(path), filename="p.csv")
    reasons = sorted((e["row"], e["reason"]) for e in batch.errors)
    assert (4, "孙强不是职代会第二届的职工代表") in reasons
    assert any(r == 5 and "提案人不能同时是附议人" in t for r, t in reasons)
    assert any(r == 5 and "须填写答复内容" in t for r, t in reasons)
    assert any(r == 6 and "没有第7届" in t for r, t in reasons)
    assert batch.new_count == 2
    done = importing.commit_batch(importer, batch, user=w["officer"], mode=ImportBatch.Mode.VALID_ONLY)
    assert done.committed
    closed = Proposal.objects.get(title="关于食堂的建议")
    assert (closed.code, closed.state, closed.rating, closed.cosigner_count) == ("第2-007号", S.CLOSED, "satisfied", 2)
    assert closed.department.name == "后勤保障部" and Department.objects.filter(name="后勤保障部").count() == 1
    assert closed.answers.get().text == "已改进" and closed.steps.get().action == "import"
    refused = Proposal.objects.get(title="关于培训的建议")
    assert (refused.number, refused.state, refused.review_note) == (8, S.REJECTED, "不属于提案范围")


def test_reminder_of_answers_due_and_overdue(pworld):
    from gonghui.portal import desk
    from gonghui.portal.models import Message

    w = pworld
    a, b, c = _handled(w)  # c: assigned, due 2025-04-06
    sent = desk.run_reminders(D(2025, 4, 4))
    assert sent["democracy.proposals_due"] == 1  # the contact, 2 days before
    sent = desk.run_reminders(D(2025, 4, 10))
    assert sent["democracy.proposals_due"] >= 2  # overdue: the contact and the committee
    assert desk.run_reminders(D(2025, 4, 10))["democracy.proposals_due"] == 0  # twice a day: nothing twice
    assert Message.objects.filter(recipient=w["committee"], kind="democracy.proposal_due").exists()
    assert not Message.objects.filter(recipient=w["other_contact"], kind="democracy.proposal_due").exists()
