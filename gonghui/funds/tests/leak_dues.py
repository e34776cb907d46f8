"""Union-B dues objects for tests/test_scope_leaks.py (called by leak_objects.create): settings, an exemption, a
wage, a charge, a cash receipt with its payment."""
import datetime

from gonghui.funds.models import DuesExemption
from gonghui.funds.services import dues as services


def create(b: dict) -> None:
    school, person = b["union"], b["people"][0]
    month = datetime.date(2024, 3, 1)
    services.policy_set(actor=None, org=school, effective_from=month, rate="0.5%")
    services.wage_set(actor=None, person=person, month=month, amount="5200")
    services.exemption_add(actor=None, person=b["people"][1], kind=DuesExemption.Kind.EXEMPT,
                           reason=DuesExemption.Reason.HARDSHIP, starts_on=month)
    services.dues_compute(actor=None, org=school, month=month)
    services.dues_collect(actor=None, org=school, person=person, months=[month], paid_on=datetime.date(2024, 3, 20),
                          receipt_no="乙校会费001", token="leak")
