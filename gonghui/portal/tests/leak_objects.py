"""Union-B 网上入会 objects for tests/test_scope_leaks.py: a pending application, and an approved one (with its
person and invitation)."""
from __future__ import annotations

import datetime

from gonghui.core import idcard
from gonghui.portal import services_join


def create(b: dict) -> None:
    for n, name in ((41, "乙校网上申请人"), (43, "乙校已批准申请人")):
        application = services_join.join_apply(
            org=b["union"], name=name, id_number=idcard.make("110105", datetime.date(1992, 2, 2), n),
            phone=f"1370000{n:04d}", employer="乙学校", consent=True)
    services_join.join_approve(actor=b["officer"], application=application)
