"""Issue 10's gaps: the default 下一步 wording says the union's own word for open affairs — 推进校务公开 at a school,
推进局务公开 at a bureau, 推进厂务公开 at a company (as the samples write it), not 厂务公开 everywhere."""
from __future__ import annotations

import datetime

from django.utils.timezone import localdate

from gonghui.democracy.models import Congress
from gonghui.democracy.services import openaffairs as oa
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period

D = datetime.date
Y = localdate().year - 1


def _text(org, kind="summary"):
    doc = build(kind, org, Period.year(Y), style="exact", today=D(Y + 1, 1, 10))
    return "\n".join(getattr(b, "text", "") for b in doc.blocks if isinstance(b, (Heading, Paragraph)))


def test_next_steps_name_the_practice_of_the_union(tree):
    company, school = tree["company"], tree["school"]
    Congress.objects.create(org=school, kind=Congress.Kind.TEACHERS, name="教职工代表大会")
    assert "推进厂务公开" in _text(company)
    text = _text(school)
    assert "推进校务公开" in text and "推进厂务公开" not in text
    oa.setting_save(actor=None, org=company, practice="bureau")  # a bureau's union names it 局务公开
    text = _text(company)
    assert "推进局务公开" in text and "推进厂务公开" not in text
