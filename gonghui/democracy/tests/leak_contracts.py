"""Union-B collective contracts for tests/test_scope_leaks.py: a contract renewed once (two versions), its yearly
check and a document row (no file on disk: enough to check the download view's scoping)."""
from __future__ import annotations

import datetime

from gonghui.democracy.models import ContractDocument, ContractKind
from gonghui.democracy.services import contracts as services


def create(b: dict) -> None:
    union = b["union"]
    old = services.contract_create(actor=None, org=union, kind=ContractKind.COMPREHENSIVE, employer_name="乙学校",
                                   signed_on=datetime.date(2021, 3, 1), starts_on=datetime.date(2021, 3, 1),
                                   ends_on=datetime.date(2024, 2, 28), content="乙学校集体合同正文")
    services.contract_submit(actor=None, contract=old, submitted_on=datetime.date(2021, 3, 5), bureau="乙区人社局")
    new = services.contract_renew(actor=None, contract=old, signed_on=datetime.date(2024, 2, 20),
                                  starts_on=datetime.date(2024, 2, 29), ends_on=datetime.date(2027, 2, 28))
    check = services.check_record(actor=None, contract=old, checked_on=datetime.date(2023, 12, 1),
                                  findings="乙学校履约情况良好", problems="乙学校加班费问题")
    ContractDocument.objects.create(contract=new, org=union, file="democracy/contracts/leak.pdf",
                                    name="乙学校合同文本.pdf")
    b.setdefault("democracy", {})["contracts"] = [old, new, check]
