"""Union B's objects of the members app that tests/test_scope_leaks.py does not make by itself: a roster import,
and a transfer a member of union B started from the phone (with its messages to B's officers)."""
import datetime

from django.core.files.base import ContentFile

from gonghui.accounts.roles import Role
from gonghui.members import services
from gonghui.members.models import ImportBatch


def create(b: dict) -> None:
    batch = ImportBatch(org=b["union"], created_by=b["officer"], original_name="乙学校花名册.csv", file_kind="csv")
    batch.file.save("leak-b.csv", ContentFile("姓名,身份证号\n".encode()), save=False)
    batch.save()

    mover = b["make_person"](b["union"], "乙校自助转会会员", joined=datetime.date(2019, 9, 1))
    user = b["make_user"]("leak_b_mover", Role.MEMBER, b["union"], person=mover)
    services.member_transfer_request(actor=user, to_org_name="外省某校工会", on=datetime.date(2024, 3, 1),
                                     reason="调往外省")
    stayer = b["make_person"](b["branch"], "乙校申请转入分会会员", joined=datetime.date(2019, 9, 1))
    user = b["make_user"]("leak_b_stayer", Role.MEMBER, b["branch"], person=stayer)
    services.member_transfer_request(actor=user, to_org=b["union"], on=datetime.date(2024, 3, 1))
