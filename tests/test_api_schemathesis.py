"""The API answers as its OpenAPI schema says: schemathesis over every operation of /api/schema/.

For each operation schemathesis generates requests from the schema — valid ones and, in negative mode, invalid
ones — sends them in-process to the WSGI application (inside the test's transaction, so writes are rolled back)
authenticated with the token of an officer of 甲公司工会 on a small tree, and checks each answer:

* not_a_server_error — never a 5xx;
* status_code_conformance — the status is documented for the operation;
* content_type_conformance — the Content-Type is the documented one (JSON, errors included);
* response_schema_conformance — the body matches the documented schema (errors: `Detail`).

Half of the generated ids are replaced by ids of records that exist and are in the officer's scope, so detail and
action endpoints also answer 200 with real data (a random id is nearly always a 404). The number of examples per
operation is bounded (`GONGHUI_SCHEMATHESIS_EXAMPLES`, default 12): the whole run takes about two minutes on two
cores. docs/ENGINEERING.md, "API contract (schemathesis)".
"""
from __future__ import annotations

import datetime
import os

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gonghui.accounts.roles import Role  # noqa: E402

EXAMPLES = int(os.environ.get("GONGHUI_SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
D = datetime.date


@pytest.fixture
def records(tree, make_person, make_user):
    """An officer of 甲公司工会 (with a token) and one record of each kind the API reaches by id."""
    from rest_framework.authtoken.models import Token

    from gonghui.care import services as care
    from gonghui.care.models import Assistance, Campaign, HardshipCauseKind, HardshipLevel, Occasion
    from gonghui.members import services as members
    from gonghui.members.models import FamilyMember

    company = tree["company"]
    officer_person = make_person(company, "林经办", birth=D(1980, 1, 1))
    officer = make_user("officer_st", Role.OFFICER, company, person=officer_person)
    worker = make_person(tree["branch"], "张工人", birth=D(1985, 3, 7))
    make_person(tree["group"], "王申请", member=False)
    members.family_member_add(person=worker, relation=FamilyMember.Relation.SPOUSE, name="张家属")
    leaver = make_person(company, "赵调出")
    transfer = members.member_transfer_out(person=leaver, to_org=tree["school"], on=D(2025, 3, 1), reason="调动")
    file = care.hardship_file_open(actor=None, person=worker, level=HardshipLevel.DEEP,
                                   causes=[HardshipCauseKind.ILLNESS], opened_on=D(2025, 1, 5), household_size=3,
                                   situation="配偶患病")
    paid = care.assistance_create(actor=None, person=worker, kind=Assistance.Kind.SERIOUS_ILLNESS, amount="2000",
                                  reason="大病", applied_on=D(2025, 2, 1), hardship_file=file, submit=True)
    care.assistance_decide(actor=officer, assistance=paid, approve=True, comment="同意")
    care.assistance_disburse(actor=officer, assistance=paid, disbursed_on=D(2025, 2, 10))
    pending = care.assistance_create(actor=None, person=worker, kind=Assistance.Kind.DAILY, amount="500",
                                     reason="临时困难", applied_on=D(2025, 4, 1))
    own = care.assistance_apply(actor=officer, kind=Assistance.Kind.DAILY, amount="300", reason="本人申请")
    condolence = care.condolence_record(actor=None, person=worker, occasion=Occasion.HOSPITAL,
                                        visited_on=D(2025, 5, 1), amount="800", visitors="工会")
    campaign = care.campaign_create(actor=officer, org=company, kind=Campaign.Kind.values[0], title="春节送温暖",
                                    planned_on=D(2025, 1, 20))
    token = Token.objects.create(user=officer)
    ids = {
        "people": [worker.pk, officer_person.pk, leaver.pk],
        "orgs": [company.pk, tree["branch"].pk, tree["group"].pk],
        "transfers": [transfer.pk],
        "care/hardship-files": [file.pk],
        "care/assistance": [paid.pk, pending.pk],
        "care/my-assistance": [own.pk],
        "care/condolences": [condolence.pk],
        "care/campaigns": [campaign.pk],
    }
    ids.update(_funds_records(company, worker))
    return {"token": token.key, "ids": ids}


def _funds_records(company, worker) -> dict:
    """Funds: an employer in a register kept by 甲公司工会, a month's dues and a cash receipt."""
    from gonghui.funds.models import EmployerKind, FoundingVisit
    from gonghui.funds.services import dues, employers

    employer = employers.employer_create(actor=None, org=company, name="甲公司外包服务商", kind=EmployerKind.PRIVATE_ENTERPRISE,
                                         credit_code="91350100M000100Y43", employees=30, registered_on=D(2025, 1, 1))
    employers.visit_record(actor=None, employer=employer, visited_on=D(2025, 2, 1), visitor="林经办",
                           outcome=FoundingVisit.Outcome.CONTACTED)
    dues.wage_set(actor=None, person=worker, month=D(2025, 1, 1), amount="5000")
    dues.dues_compute(actor=None, org=company, month=D(2025, 3, 1))
    receipt = dues.dues_collect(actor=None, org=company, person=worker, months=[D(2025, 3, 1)],
                                paid_on=D(2025, 3, 20), receipt_no="ST-001")
    return {"funds/employers": [employer.pk], "funds/dues-receipts": [receipt.pk],
            "funds/dues-charges": [receipt.payments.get().charge_id]}


def _load_schema():
    """The schema /api/schema/ serves (same generator and settings; the endpoint itself needs a login and is tested
    in tests/test_api_contract.py), sent to the WSGI application in-process.

    Loaded when the module is collected: schemathesis's lazy `from_fixture` loader does not run under pytest 9.
    """
    import json

    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    from gonghui.wsgi import application

    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    return loaded


schema = _load_schema()


@pytest.fixture
def in_process():
    """Requests go through the WSGI handler in this thread, inside the test's transaction: as Django's test client
    does, the handler must not close the database connection at the start and end of each request (on PostgreSQL
    that closed the test's transaction; SQLite's in-memory test database ignores it)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _real_id(case, ids) -> None:
    """Half the time, the generated id becomes one of a real record of the operation's resource."""
    if "id" not in (case.path_parameters or {}):
        return
    value = case.path_parameters["id"]
    if not isinstance(value, int) or value % 2:
        return
    resource = case.operation.path.removeprefix("/api/").split("/{id}")[0]
    if resource in ids:
        case.path_parameters["id"] = ids[resource][value // 2 % len(ids[resource])]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, records, in_process):
    _real_id(case, records["ids"])
    case.call_and_validate(headers={"Authorization": f"Token {records['token']}"}, checks=CHECKS)
