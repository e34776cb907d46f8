"""The rights charts on the dashboard: hazards by kind, stacked by their state on the period's last day, and the
closed mediation cases by outcome."""
from __future__ import annotations

import datetime

from gonghui.reports import registry
from gonghui.reports.dashboard import chart_data
from gonghui.reports.periods import Period
from gonghui.rights.models import DisputeKind, DisputeOutcome, HazardKind
from gonghui.rights.services import disputes, hazards

D = datetime.date


def _spec(code):
    return next(c for c in registry.area_of("rights.hazards.received").charts if c.code == code)


def test_hazards_by_kind_and_state_read_at_the_period_end(officer_a, tree, department):
    company = tree["company"]
    made = []
    for kind, day in ((HazardKind.FIRE, D(2025, 3, 1)), (HazardKind.FIRE, D(2025, 4, 1)),
                      (HazardKind.ELECTRIC, D(2025, 5, 1)), (HazardKind.ELECTRIC, D(2025, 6, 1))):
        made.append(hazards.hazard_report(actor=officer_a, org=company, reporter_name="王五", kind=kind,
                                          location="一车间", description="隐患", reported_on=day))
    for h in made[:3]:
        hazards.hazard_forward(actor=officer_a, hazard=h, department=department, forwarded_on=h.reported_on)
    hazards.hazard_fix(actor=department.contact, hazard=made[0], note="已更换", fixed_on=D(2025, 3, 10))
    hazards.hazard_fix(actor=department.contact, hazard=made[1], note="已更换", fixed_on=D(2026, 1, 10))
    hazards.hazard_unfounded(actor=officer_a, hazard=made[3], note="不属实", on=D(2025, 6, 2))
    chart = chart_data(_spec("rights.hazards_by_kind_state"), tree["fed"], Period.year(2025), True)
    values = {s.code: dict(zip(chart.categories, s.data)) for s in chart.series}
    # the second fire hazard was fixed only in 2026: 正在落实 at the end of 2025
    assert values["rights.hazards.fixed"]["消防安全"] == "1"
    assert values["rights.hazards.in_progress"] == {"消防安全": "1", "用电安全": "1"}
    assert values["rights.hazards.unfounded"]["用电安全"] == "1"
    assert chart.categories == ["消防安全", "用电安全"]


def test_cases_by_outcome(officer_a, tree):
    company = tree["company"]
    for outcome in (DisputeOutcome.SUCCESS, DisputeOutcome.SUCCESS, DisputeOutcome.ARBITRATION, None):
        c = disputes.case_register(actor=officer_a, org=company, applicant_name="赵六", other_party="甲公司",
                                   kind=DisputeKind.PAY, details="拖欠工资", received_on=D(2025, 3, 1))
        disputes.case_accept(actor=officer_a, case=c, accepted_on=D(2025, 3, 2), mediators="王")
        if outcome == DisputeOutcome.SUCCESS:
            disputes.case_close(actor=officer_a, case=c, outcome=outcome, closed_on=D(2025, 3, 10),
                                agreement_text="支付", agreement_amount="100")
        elif outcome:
            disputes.case_close(actor=officer_a, case=c, outcome=outcome, closed_on=D(2025, 3, 10))
    chart = chart_data(_spec("rights.disputes_by_outcome"), tree["fed"], Period.year(2025), True)
    assert dict(zip(chart.categories, chart.series[0].data)) == {"调解成功": "2", "转仲裁": "1"}
