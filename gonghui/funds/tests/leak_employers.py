"""Union-B employer register objects for tests/test_scope_leaks.py (called by leak_objects.create)."""
import datetime

from gonghui.funds.models import EmployerKind, FoundingVisit
from gonghui.funds.services import employers as services


def create(b: dict) -> None:
    school = b["union"]
    day = datetime.date(2024, 3, 1)
    employer = services.employer_create(actor=None, org=school, name="乙校后勤服务公司", kind=EmployerKind.PRIVATE_ENTERPRISE,
                                        credit_code="91350100M000100Y43", employees=40, registered_on=day,
                                        contact_name="乙校联系人", contact_phone="13955556666")
    services.visit_record(actor=None, employer=employer, visited_on=day, visitor="乙校走访人",
                          outcome=FoundingVisit.Outcome.CONTACTED)
    services.threshold_set(actor=None, org=school, effective_from=day, min_employees=25)
