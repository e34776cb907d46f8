"""The demo unions' democratic management (民主管理), scheduled on the builder's timeline part by part.

`schedule_democracy(builder)` is called by `DemoBuilder.build()` before the care work plays the whole timeline, so
that a delegate is elected from the members of that day and a proposal is raised by a delegate serving that day.
The congress part (congress.py) comes first: it makes the congresses, terms, delegations and delegates the other
parts draw on through the shared `DemocracyDemo` (`ctx.delegates[union]` is filled when the election is played).
Each part module has `schedule(ctx)`; everything goes through gonghui.democracy.services as the union's officer.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

from ..builder import BUREAU, COMPANY, SCHOOL

OFFICER = {COMPANY: "company_officer", SCHOOL: "school_officer", BUREAU: "admin"}
CHAIR = {COMPANY: "company_chair", SCHOOL: "school_officer", BUREAU: "admin"}


@dataclass
class DemocracySummary:
    congresses: int = 0
    delegates: int = 0
    counts: dict = field(default_factory=dict)  # part → {what: how many}, for the log line


class DemocracyDemo:
    """What the parts share: the builder, its random generator and dates, and the records made so far."""

    def __init__(self, builder):
        self.b = builder
        self.rng = builder.rng
        self.today = builder.today
        self.years = builder.years
        self.orgs = builder.orgs
        self.users = builder.users
        self.summary = DemocracySummary()
        self.congresses: dict = {}  # union → Congress
        self.terms: dict = defaultdict(list)  # union → [Term, …] oldest first
        self.delegates: dict = defaultdict(list)  # union → [Delegate, …] of the current term (filled when played)

    def at(self, day: datetime.date | None, union: str, action, *args, actor: str | None = None, **kwargs) -> None:
        """Schedule `action(*args, **kwargs)` on `day` as the union's officer (or `actor`); nothing when day is None
        or after today."""
        if day is not None and day <= self.today:
            self.b.at(day, actor or OFFICER[union], partial(action, *args, **kwargs))

    def day(self, year: int, month: int, dom: int) -> datetime.date:
        return datetime.date(year, month, dom)


def schedule_democracy(builder) -> DemocracyDemo:
    from . import congress, contracts, openaffairs, opinions, proposals, surveys

    ctx = DemocracyDemo(builder)
    for part in (congress, proposals, openaffairs, surveys, contracts, opinions):
        part.schedule(ctx)
    return ctx
