"""Shared fixtures of the reports tests."""
import datetime

import pytest

from gonghui.members import services

D = datetime.date


@pytest.fixture
def world(tree, make_person):
    """A membership history to check figures against, by hand.

    甲公司工会 (A, with 一分会 below it) and 乙学校工会 (B) under 区总工会. Everyone joined on 2020-01-01 unless said:
        p1 男 · p2 女 · p3 男, joined 2025-03-10 · p4 男, never a member · p5 女, retired 2024-06-30 · p6 男 in 一分会
        pt 男, transferred A → B: requested 2025-06-20, accepted 2025-07-01
        p7 女, withdrew 2025-09-01 · p8 男, died 2025-10-10 · p9 男, withdrew 2024-05-01, rejoined 2025-08-01
        p10 男, transferred to a union outside the system on 2025-11-01
        s1 女 in B
    """
    A, B, branch = tree["company"], tree["school"], tree["branch"]
    p = {}
    p["p1"] = make_person(A, "一号")
    p["p2"] = make_person(A, "二号", female=True)
    p["p3"] = make_person(A, "三号", joined=D(2025, 3, 10))
    p["p4"] = make_person(A, "四号", member=False)
    p["p5"] = make_person(A, "五号", female=True)
    services.member_retire(person=p["p5"], on=D(2024, 6, 30))
    p["p6"] = make_person(branch, "六号")
    p["pt"] = make_person(A, "转会")
    transfer = services.member_transfer_out(person=p["pt"], to_org=B, on=D(2025, 6, 20))
    services.transfer_accept(transfer=transfer, on=D(2025, 7, 1))
    p["p7"] = make_person(A, "七号", female=True)
    services.member_withdraw(person=p["p7"], on=D(2025, 9, 1), note="个人申请")
    p["p8"] = make_person(A, "八号")
    services.person_death(person=p["p8"], on=D(2025, 10, 10))
    p["p9"] = make_person(A, "九号")
    services.member_withdraw(person=p["p9"], on=D(2024, 5, 1), note="个人申请")
    services.member_admit(person=p["p9"], joined_on=D(2025, 8, 1))
    p["p10"] = make_person(A, "十号")
    services.member_transfer_out(person=p["p10"], to_org_name="外省某公司工会", on=D(2025, 11, 1))
    p["s1"] = make_person(B, "学校", female=True)
    return p
