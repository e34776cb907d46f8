"""The figures of open affairs and opinions, their records, and their wording in a drafted summary."""
from __future__ import annotations

import datetime

import pytest
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.core.metrics import Rate
from gonghui.democracy.services import openaffairs as oa
from gonghui.democracy.services import opinions as op
from gonghui.reports import registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period

D = datetime.date
Y = localdate().year - 1


def value(code, org, start=D(Y, 1, 1), end=D(Y, 12, 31)):
    return registry.get(code).compute(org, start, end)


@pytest.fixture
def world(tree, officer_a, make_person, make_user):
    org = tree["company"]
    oa.requirement_save(actor=officer_a, org=org, year=Y, category="finance", frequency="half")
    oa.requirement_save(actor=officer_a, org=org, year=Y, category="welfare")
    oa.requirement_save(actor=officer_a, org=org, year=Y, category="hospitality")
    for month, category in [(3, "finance"), (9, "finance"), (6, "welfare"), (7, "honours"), (8, "honours")]:
        oa.item_save(actor=officer_a, org=org, title=f"{month}月公开", category=category, content="内容",
                     published_on=D(Y, month, 5), approved_by="厂务公开领导小组", publish=True)
    gone = oa.item_save(actor=officer_a, org=org, title="撤回的", category="hospitality", content="x",
                        published_on=D(Y, 4, 1), approved_by="x", publish=True)
    oa.item_withdraw(actor=officer_a, item=gone, reason="有误")
    # Another union's items never count in this one.
    oa.item_save(actor=None, org=tree["school"], title="乙校", category="titles", content="x",
                 published_on=D(Y, 5, 1), approved_by="x", publish=True)
    li = make_user("li", Role.MEMBER, org, person=make_person(org, "李四"))
    for i, (anonymous, answer) in enumerate([(False, "adopted"), (True, "explained"), (False, None), (True, None)]):
        o = op.opinion_record(actor=officer_a, org=org, channel="forum", occasion="职工座谈会", content=f"意见{i}",
                              submitted_on=D(Y, 5, 10 + i))
        if answer:
            op.opinion_answer(actor=officer_a, opinion=o, answer="答复", outcome=answer, answered_on=D(Y, 6, 1))
    return tree


def test_open_affairs_figures_count_published_items_and_required_categories(world):
    org = world["company"]
    assert value("democracy.openaffairs.items", org) == 5  # the withdrawn one and the school's never
    assert value("democracy.openaffairs.categories", org) == 3
    assert value("democracy.openaffairs.required", org) == 3
    assert value("democracy.openaffairs.required_met", org) == 2  # hospitality never published (only withdrawn)
    assert value("democracy.openaffairs.required_rate", org) == Rate(2, 3)
    # A half-year: the yearly categories are not due yet; finance's first half is.
    assert value("democracy.openaffairs.required", org, end=D(Y, 6, 30)) == 1
    assert value("democracy.openaffairs.required_met", org, end=D(Y, 6, 30)) == 1
    by = {label: v for _, label, v in registry.get("democracy.openaffairs.items").breakdown(
        org, D(Y, 1, 1), D(Y, 12, 31), "category")}
    assert by == {"财务收支": 2, "福利发放": 1, "评先评优": 2}
    records = registry.get("democracy.openaffairs.required_rate").records(org, D(Y, 1, 1), D(Y, 12, 31), "numerator")
    assert sorted(r.category for r in records) == ["finance", "welfare"]
    assert value("democracy.openaffairs.items", world["fed"]) == 6  # the federation's subtree: both unions


def test_opinion_figures(world):
    org = world["company"]
    assert value("democracy.opinions.received", org) == 4
    assert value("democracy.opinions.answered", org) == 2
    assert value("democracy.opinions.adopted", org) == 1
    assert value("democracy.opinions.answer_rate", org) == Rate(2, 4)
    # Answered after the period's end: not answered within it.
    assert value("democracy.opinions.answered", org, end=D(Y, 5, 31)) is None  # absent: no such record
    assert value("democracy.opinions.answer_rate", org, end=D(Y, 5, 31)) == Rate(0, 4)


def test_the_summary_writes_open_affairs_and_opinions_as_the_samples_do(world):
    doc = build("summary", world["company"], Period.year(Y), style="exact", today=D(Y + 1, 1, 10))
    text = "\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
    assert f"坚持厂务公开，{Y}年公开事项5项，涉及财务收支、评先评优、福利发放等方面" in text
    assert "按期公开2项" in text
    assert "收集职工意见建议4条，已答复2条，答复率50%" in text
    assert "业务招待费等事项未按年度公开清单按期公开" in text  # 存在的问题
    assert "2条意见建议未答复" in text
    school = build("summary", world["school"], Period.year(Y), style="exact", today=D(Y + 1, 1, 10))
    school_text = "\n".join(b.text for b in school.blocks if isinstance(b, (Heading, Paragraph)))
    assert "坚持校务公开" in school_text and "意见建议" not in school_text
