"""Union-B open affairs objects for tests/test_scope_leaks.py: a published item with an attachment row, a draft, a
requirement, the practice setting and a member's read receipt."""
from __future__ import annotations

import datetime

from gonghui.democracy.models import OpenAffairsAttachment, OpenAffairsItem, OpenAffairsRead
from gonghui.democracy.services import openaffairs as services


def create(b: dict) -> None:
    day = datetime.date(2024, 3, 1)
    union = b["union"]
    item = services.item_save(actor=None, org=union, title="乙校职称评聘结果", category="titles",
                              content="乙校乙老师评为一级教师", published_on=day, approved_by="乙校校务公开领导小组",
                              publish=True)
    # A stored row without a file on disk: enough to check the download's scoping.
    OpenAffairsAttachment.objects.create(item=item, file=f"democracy/openaffairs/{item.pk}/leak.pdf",
                                         name="乙校评聘名单.pdf")
    services.item_save(actor=None, org=union, title="乙校草稿", category="finance", content="乙校",
                       published_on=day)
    services.requirement_save(actor=None, org=union, year=2024, category="finance", frequency="half")
    services.setting_save(actor=None, org=union, practice="school")
    OpenAffairsRead.objects.create(item=item, user=b["member_user"])
    assert OpenAffairsItem.objects.filter(org=union).count() == 2
