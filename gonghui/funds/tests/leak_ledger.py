"""Union-B ledger and union-funds objects for tests/test_scope_leaks.py (called by leak_objects.create): a booked
entry with an attachment, a proposal, a reversal, a closed month, a payroll base, an arrival and a remittance."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.funds.models import Category, LedgerEntry
from gonghui.funds.services import allocation
from gonghui.funds.services import ledger as services


def create(b: dict) -> None:
    school = b["union"]
    day = datetime.date(2024, 4, 8)
    entry = services.entry_add(actor=None, org=school, entry_date=day, category=Category.ACTIVITIES, amount="880",
                               summary="乙校教师节活动", counterparty="乙校食堂", voucher_no="乙记-001")
    services.attachment_add(actor=None, entry=entry, file=SimpleUploadedFile("乙发票.pdf", b"%PDF-1.4 leak"))
    LedgerEntry.objects.create(org=school, entry_date=day, category=Category.RIGHTS, amount="300", summary="乙校帮扶",
                               status=LedgerEntry.Status.PROPOSED, source_key="care.assistance:999999")
    services.entry_reverse(actor=None, entry=entry, entry_date=datetime.date(2024, 5, 2), reason="乙校重复")
    services.month_close(actor=None, org=school, month=datetime.date(2024, 1, 1))
    allocation.base_set(actor=None, org=school, month=datetime.date(2024, 3, 1), payroll="1000000")
    allocation.arrival_add(actor=None, org=school, month=datetime.date(2024, 3, 1), arrived_on=day, amount="20000",
                           payer="乙学校", voucher_no="乙记-002")
    allocation.remittance_add(actor=None, org=school, month=datetime.date(2024, 3, 1), remitted_on=day,
                              amount="8000", voucher_no="乙记-003")
