"""Open affairs services and selectors: items, publication, the list of required categories, the practice's name,
the plug point for other areas, the member's reads."""
from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.democracy.models import (
    Congress,
    OpenAffairsCategory,
    OpenAffairsItem,
    OpenAffairsRequirement,
    Practice,
)
from gonghui.democracy.selectors import openaffairs as sel
from gonghui.democracy.services import congress as congress_services
from gonghui.democracy.services import openaffairs as svc

D = datetime.date
Y = localdate().year - 1  # a whole past year


def item(actor, org, **kw):
    values = dict(title="2024年职工福利费使用情况", category=OpenAffairsCategory.WELFARE, content="全年发放…",
                  published_on=D(Y, 3, 1), approved_by="厂务公开领导小组", publish=True)
    values.update(kw)
    return svc.item_save(actor=actor, org=org, **values)


def test_an_item_is_published_once_and_withdrawn_with_a_reason(tree, officer_a):
    draft = item(officer_a, tree["company"], publish=False)
    assert draft.status == OpenAffairsItem.Status.DRAFT
    first = svc.item_publish(actor=officer_a, item=draft)
    again = svc.item_publish(actor=officer_a, item=draft)  # a double click
    assert first.status == again.status == OpenAffairsItem.Status.PUBLISHED
    assert first.published_at == again.published_at
    with pytest.raises(ServiceError, match="只有草稿可以修改"):
        svc.item_save(actor=officer_a, org=tree["company"], item=first, title="改", category="finance", content="x",
                      approved_by="x")
    with pytest.raises(ServiceError, match="撤回原因"):
        svc.item_withdraw(actor=officer_a, item=first, reason=" ")
    gone = svc.item_withdraw(actor=officer_a, item=first, reason="数据有误")
    assert gone.status == OpenAffairsItem.Status.WITHDRAWN
    with pytest.raises(ServiceError, match="不能再公开"):
        svc.item_publish(actor=officer_a, item=gone)


def test_bad_input_is_refused_in_chinese(tree, officer_a):
    org = tree["company"]
    for kw, message in [
        (dict(title=""), "标题"), (dict(content=" "), "公开内容"), (dict(category="x"), "公开类别"),
        (dict(channel="wechat"), "公开形式"), (dict(published_on=localdate() + datetime.timedelta(days=400)), "晚于今天"),
        (dict(published_on=D(1980, 1, 1)), "早于1990年"),
        (dict(approved_on=D(Y, 3, 5)), "批准日期不能晚于公开日期"),
        (dict(approved_by=""), "审核批准"),
    ]:
        with pytest.raises(ServiceError, match=message):
            item(officer_a, org, **kw)
    with pytest.raises(ServiceError, match="分会或小组"):
        item(officer_a, tree["branch"])
    assert not OpenAffairsItem.objects.exists()  # nothing half-saved


def test_another_unions_officer_is_out_of_scope(tree, officer_a, officer_b):
    mine = item(officer_a, tree["company"])
    for call in (lambda: item(officer_b, tree["company"]),
                 lambda: svc.item_withdraw(actor=officer_b, item=mine, reason="x"),
                 lambda: svc.requirement_save(actor=officer_b, org=tree["company"], year=Y, category="finance")):
        with pytest.raises(ServiceError) as exc:
            call()
        assert exc.value.code == "out_of_scope"
    assert not sel.items(officer_b).filter(pk=mine.pk).exists()


def test_attachments_are_checked(tree, officer_a):
    i = item(officer_a, tree["company"])
    att = svc.item_attach(actor=officer_a, item=i, file=SimpleUploadedFile("明细.pdf", b"%PDF-1.4 test"))
    assert att.name == "明细.pdf" and att.size > 0
    with pytest.raises(ServiceError, match="内容与扩展名不符"):
        svc.item_attach(actor=officer_a, item=i, file=SimpleUploadedFile("x.pdf", b"MZ\x90\x00"))


def test_the_practice_follows_the_union(tree, officer_a, officer_b):
    assert sel.practice_name(tree["company"]) == "厂务公开"
    assert sel.practice_name(tree["school"]) == "校务公开"  # 乙学校工会: the name says it
    congress_services.congress_create(actor=None, org=tree["fed"], kind=Congress.Kind.TEACHERS)
    assert sel.practice_name(tree["fed"]) == "校务公开"  # a 教代会
    svc.setting_save(actor=officer_a, org=tree["company"], practice=Practice.ENTERPRISE)
    assert sel.practice_name(tree["company"]) == "企务公开"
    assert sel.practice_name(tree["branch"]) == "企务公开"  # the nearest setting above
    with pytest.raises(ServiceError, match="名称"):
        svc.setting_save(actor=officer_a, org=tree["company"], practice="x")


def test_required_categories_by_frequency_and_what_is_still_unpublished(tree, officer_a):
    org = tree["company"]
    svc.requirement_save(actor=officer_a, org=org, year=Y, category="finance",
                         frequency=OpenAffairsRequirement.Frequency.QUARTERLY)
    svc.requirement_save(actor=officer_a, org=org, year=Y, category="welfare")
    with pytest.raises(ServiceError, match="已有“福利发放”"):
        svc.requirement_save(actor=officer_a, org=org, year=Y, category="welfare", frequency="half")
    for month in (2, 5, 11):  # Q1, Q2, Q4: the third quarter is missing
        item(officer_a, org, category="finance", title=f"{month}月财务收支", published_on=D(Y, month, 10))
    item(officer_a, org, published_on=D(Y, 12, 20))  # welfare once
    item(officer_a, org, category="finance", title="草稿不算", published_on=D(Y, 8, 1), publish=False)
    dues = sel.dues(sel.requirements(officer_a), start=D(Y, 1, 1), end=D(Y, 12, 31))
    assert [(d.label, d.category_label, d.met) for d in dues if not d.met] == [(f"{Y}年第三季度", "财务收支", False)]
    assert len(dues) == 5
    # In the first half, only the periods that ended count.
    half = sel.dues(sel.requirements(officer_a), start=D(Y, 1, 1), end=D(Y, 6, 30))
    assert [d.label for d in half] == [f"{Y}年第一季度", f"{Y}年第二季度"]
    # The to-do as of 1 October: the third quarter has ended unpublished; the fourth ends later than 30 days on.
    todo = sel.unpublished(officer_a, within=org, on=D(Y, 10, 1))
    assert [(d.label, d.category_label) for d in todo] == [(f"{Y}年第三季度", "财务收支")]
    # As of 5 December the year's periods end within 30 days: welfare and Q4 have their items, Q3 still not.
    todo = sel.unpublished(officer_a, within=org, on=D(Y, 12, 5))
    assert [(d.label, d.category_label) for d in todo] == [(f"{Y}年第三季度", "财务收支")]
    svc.requirement_save(actor=officer_a, org=org, year=Y, category="procurement", frequency="half")
    todo = sel.unpublished(officer_a, within=org, on=D(Y, 12, 5))
    assert [d.label for d in todo] == [f"{Y}年上半年", f"{Y}年第三季度", f"{Y}年下半年"]


def test_last_years_list_is_carried_over_once(tree, officer_a):
    org = tree["company"]
    svc.requirement_save(actor=officer_a, org=org, year=Y - 1, category="finance", frequency="half")
    svc.requirement_save(actor=officer_a, org=org, year=Y - 1, category="hospitality")
    svc.requirement_save(actor=officer_a, org=org, year=Y, category="finance")
    made = svc.requirements_copy(actor=officer_a, org=org, from_year=Y - 1, to_year=Y)
    assert [r.category for r in made] == ["hospitality"]
    assert svc.requirements_copy(actor=officer_a, org=org, from_year=Y - 1, to_year=Y) == []
    with pytest.raises(ServiceError, match="没有应公开清单"):
        svc.requirements_copy(actor=officer_a, org=org, from_year=Y - 5, to_year=Y - 4)


def test_another_area_publishes_one_item_per_record(tree, officer_a):
    kw = dict(org=tree["company"], source="funds.ledger", source_ref="77", category="hospitality",
              title=f"{Y}年第一季度业务招待费使用情况", content="招待费合计…", published_on=D(Y, 4, 5),
              approved_by="经审委员会")
    first = svc.publish_from_source(actor=officer_a, **kw)
    second = svc.publish_from_source(actor=officer_a, **kw)
    assert first.pk == second.pk and first.is_published and first.source == "funds.ledger"
    assert OpenAffairsItem.objects.count() == 1
    with pytest.raises(ServiceError, match="来源"):
        svc.publish_from_source(actor=officer_a, **(kw | {"source_ref": ""}))


def test_members_read_their_unions_published_items(tree, officer_a, make_person, make_user):
    li = make_user("li", Role.MEMBER, tree["branch"], person=make_person(tree["branch"], "李四"))
    b_member = make_user("wang", Role.MEMBER, tree["school"], person=make_person(tree["school"], "王五"))
    shown = item(officer_a, tree["company"], published_on=localdate())
    item(officer_a, tree["company"], title="草稿", publish=False)
    item(officer_a, tree["company"], title="下月公开", published_on=localdate() + datetime.timedelta(days=10))
    assert list(sel.published_for(li)) == [shown]  # the company's, from the branch below it
    assert list(sel.published_for(b_member)) == []
    card = sel.home_card(li)
    assert card["unread"] == 1 and card["practice"] == "厂务公开"
    svc.item_mark_read(actor=li, item=shown)
    svc.item_mark_read(actor=li, item=shown)
    assert shown.reads.count() == 1
    assert sel.home_card(li) is None
    assert svc.item_mark_read(actor=b_member, item=shown) is None  # not theirs: no receipt


def test_the_desk_and_the_daily_reminder_tell_the_unions_officers(tree, officer_a, officer_b):
    from gonghui.portal import desk
    from gonghui.portal.models import Message

    svc.requirement_save(actor=officer_a, org=tree["company"], year=Y, category="finance", frequency="quarterly")
    item(officer_a, tree["company"], category="finance", published_on=D(Y, 5, 5))  # the second quarter only
    sent = desk.run_reminders(D(Y, 10, 1))
    assert sent["democracy.openaffairs_due"] == 2  # the first and third quarters
    assert desk.run_reminders(D(Y, 10, 1))["democracy.openaffairs_due"] == 0  # once a day
    titles = sorted(Message.objects.filter(recipient=officer_a).values_list("title", flat=True))
    assert titles == [f"厂务公开：{Y}年第一季度“财务收支”尚未公开", f"厂务公开：{Y}年第三季度“财务收支”尚未公开"]
    assert not Message.objects.filter(recipient=officer_b).exists()
