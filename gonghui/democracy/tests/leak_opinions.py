"""Union-B opinions for tests/test_scope_leaks.py: a member's named opinion (answered), an anonymous one and one
recorded by B's officer at a 座谈会."""
from __future__ import annotations

import datetime

from gonghui.democracy.services import opinions as services


def create(b: dict) -> None:
    named, _ = services.opinion_submit(actor=b["member_user"], content="乙校食堂建议", category="welfare")
    from gonghui.democracy.models import Department

    dept = Department.objects.filter(org=named.org).first()  # leak_proposals made 乙校总务处: linked by FK
    services.opinion_forward(actor=b["officer"], opinion=named, department=dept or "乙校后勤处")
    services.opinion_answer(actor=b["officer"], opinion=named, answer="乙校已改进", outcome="adopted")
    services.opinion_submit(actor=b["member_user"], content="乙校匿名意见", anonymous=True)
    services.opinion_record(actor=b["officer"], org=b["union"], channel="forum", occasion="乙校教师座谈会",
                            content="乙校甲老师建议", submitted_on=datetime.date(2024, 3, 1))
