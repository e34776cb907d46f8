"""Shared set-up of the congress tests: a company congress with a term and N delegates (not a fixture module, so
that it never collides with the other parts' conftest)."""
from __future__ import annotations

import datetime

from gonghui.democracy.models import DelegateCategory
from gonghui.democracy.services import congress as services

ELECTED = datetime.date(2025, 3, 20)


def congress_with_delegates(officer, org, make_person, n: int = 9, *, women: int = 3, managers: int = 1):
    """A 职代会 of `org`, 第二届 from ELECTED, one delegation, n delegates (women first, then managers)."""
    congress = services.congress_create(actor=officer, org=org)
    term = services.term_open(actor=officer, congress=congress, number=2, started_on=ELECTED, seats=n)
    group = services.delegation_create(actor=officer, term=term, name="第一代表团")
    delegates = []
    for i in range(n):
        person = make_person(org, f"代表{i + 1:02d}", female=i < women, birth=datetime.date(1980 + i % 15, 5, 1))
        category = DelegateCategory.MANAGER if women <= i < women + managers else DelegateCategory.FRONTLINE
        delegates.append(services.delegate_elect(actor=officer, term=term, person=person, category=category,
                                                 delegation=group))
    return congress, term, delegates
