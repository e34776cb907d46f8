"""Union-B objects of this part for tests/test_scope_leaks.py (called by leak_objects.create): a congress with a
term, a delegation, delegates, an open session with attendance, a voted resolution, a report heard (a stored row
without a file on disk: enough for the download view's scoping) and a rule set."""
from __future__ import annotations

import datetime


def create(b: dict) -> None:
    from gonghui.democracy.models import SessionReport
    from gonghui.democracy.services import congress as services

    union, chair = b["union"], b["people"][0]
    congress = services.congress_create(actor=None, org=union, kind="teachers")
    term = services.term_open(actor=None, congress=congress, number=3, started_on=datetime.date(2023, 9, 15), seats=3)
    group = services.delegation_create(actor=None, term=term, name="乙校第一代表组")
    others = [b["make_person"](union, f"乙校代表{i}") for i in range(2)]
    delegates = [services.delegate_elect(actor=None, term=term, person=p, category="technical", delegation=group)
                 for p in [chair, *others]]
    services.rule_set_save(actor=None, org=union, name="乙校教代会规则", effective_from=datetime.date(2023, 1, 1))
    session = services.session_create(actor=None, term=term, opened_on=datetime.date(2024, 4, 16), place="乙校礼堂")
    services.session_open(actor=None, session=session)
    for d in delegates:
        services.attendance_mark(actor=None, session=session, delegate=d, status="present")
    resolution = services.resolution_add(actor=None, session=session, title="乙校决议")
    services.resolution_vote(actor=None, resolution=resolution, votes_for=3, votes_against=0, votes_abstain=0)
    services.resolution_correct(actor=None, resolution=resolution, votes_for=2, votes_against=1, votes_abstain=0,
                                reason="乙校复核计票")
    SessionReport.objects.create(session=session, org=union, kind="administration", title="乙校工作报告",
                                 name="乙校报告.pdf", file=f"democracy/congress/{session.pk}/leak.pdf")
