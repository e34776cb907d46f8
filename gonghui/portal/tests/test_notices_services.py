"""通知公告 services and selectors: publish, scope refusal, audience, read receipts."""
from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.portal import notices
from gonghui.portal.models import Notice, NoticeRead


@pytest.fixture
def people(tree, make_person, make_user, officer_a):
    branch_member = make_person(tree["branch"], "分会会员")
    company_member = make_person(tree["company"], "公司会员")
    school_member = make_person(tree["school"], "学校会员")
    return {
        "branch": make_user("m_branch", Role.MEMBER, tree["branch"], person=branch_member),
        "company": make_user("m_company", Role.MEMBER, tree["company"], person=company_member),
        "school": make_user("m_school", Role.MEMBER, tree["school"], person=school_member),
        "branch_officer": make_user("o_branch", Role.GROUP_LEADER, tree["branch"]),
        "officer": officer_a,
    }


def _notice(actor, org, **kw):
    kw.setdefault("title", "关于开展职工运动会的通知")
    kw.setdefault("body", "各分会：\n\n定于五月举行。")
    return notices.notice_save(actor=actor, org=org, **kw)


def test_publish_draft_then_withdraw(tree, people):
    n = _notice(people["officer"], tree["company"])
    assert n.status == Notice.Status.DRAFT
    assert not notices.received(people["branch"]).exists()  # a draft reaches no one
    notices.notice_publish(actor=people["officer"], notice=n)
    notices.notice_publish(actor=people["officer"], notice=n)  # double click
    n.refresh_from_db()
    assert n.status == Notice.Status.PUBLISHED and n.published_at
    assert list(notices.received(people["branch"])) == [n]
    notices.notice_withdraw(actor=people["officer"], notice=n)
    assert not notices.received(people["branch"]).exists()
    with pytest.raises(ServiceError, match="已撤回"):
        notices.notice_publish(actor=people["officer"], notice=n)


def test_notice_outside_scope_is_refused(tree, people, officer_b):
    with pytest.raises(ServiceError) as exc:
        _notice(people["officer"], tree["school"])
    assert exc.value.code == "out_of_scope" and "不在您的管辖范围内" in exc.value.messages[0]
    with pytest.raises(ServiceError) as exc:
        _notice(people["officer"], tree["fed"])  # above the officer's union
    assert exc.value.code == "out_of_scope"
    b_notice = _notice(officer_b, tree["school"])
    with pytest.raises(ServiceError):
        notices.notice_publish(actor=people["officer"], notice=b_notice)
    with pytest.raises(ServiceError, match="不在甲公司工会之下"):
        _notice(people["officer"], tree["company"], targets=[tree["school"]])
    assert not notices.managed(people["officer"]).filter(pk=b_notice.pk).exists()


def test_audience_is_the_target_subtree(tree, people):
    whole = notices.notice_publish(actor=people["officer"], notice=_notice(people["officer"], tree["company"]))
    assert set(notices.audience(whole)) == {people["branch"], people["company"], people["branch_officer"],
                                            people["officer"]}
    to_branch = notices.notice_publish(actor=people["officer"], notice=_notice(
        people["officer"], tree["company"], title="分会通知", targets=[tree["branch"]]))
    assert set(notices.audience(to_branch)) == {people["branch"], people["branch_officer"]}
    assert set(notices.received(people["company"])) == {whole}
    assert set(notices.received(people["branch"])) == {whole, to_branch}
    assert not notices.received(people["school"]).exists()


def test_dates_bound_what_members_see(tree, people):
    today = datetime.date.today()
    later = _notice(people["officer"], tree["company"], publish_on=today + datetime.timedelta(days=3))
    notices.notice_publish(actor=people["officer"], notice=later)
    assert not notices.received(people["branch"]).exists()
    assert notices.received(people["branch"], today=today + datetime.timedelta(days=3)).exists()
    with pytest.raises(ServiceError, match="截止日期不能早于发布日期"):
        _notice(people["officer"], tree["company"], expires_on=today - datetime.timedelta(days=1))


def test_a_member_who_left_no_longer_receives(tree, people):
    from gonghui.members import services as member_services

    n = notices.notice_publish(actor=people["officer"], notice=_notice(people["officer"], tree["company"]))
    member_services.member_transfer_out(person=people["branch"].person, to_org_name="外市某工会",
                                        on=datetime.date.today())
    assert not notices.received(people["branch"]).filter(pk=n.pk).exists()
    assert people["branch"] not in set(notices.audience(n))


def test_read_receipt_is_idempotent(tree, people):
    n = notices.notice_publish(actor=people["officer"], notice=_notice(people["officer"], tree["company"]))
    first = notices.notice_mark_read(actor=people["branch"], notice=n)
    again = notices.notice_mark_read(actor=people["branch"], notice=n)
    assert first.pk == again.pk and NoticeRead.objects.filter(notice=n).count() == 1
    assert notices.notice_mark_read(actor=people["school"], notice=n) is None  # not the audience
    assert notices.read_stats(n) == (1, 4)
    assert [u.pk for u in notices.readers(n, read=True)] == [people["branch"].pk]
    assert people["branch"] not in set(notices.readers(n, read=False))


def test_attachment_checks(tree, people):
    n = _notice(people["officer"], tree["company"], attachments=[
        SimpleUploadedFile("日程.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")])
    assert [a.name for a in n.attachments.all()] == ["日程.pdf"]
    with pytest.raises(ServiceError, match="只接受"):
        notices.notice_attach(actor=people["officer"], notice=n, file=SimpleUploadedFile("x.exe", b"MZ.."))
    with pytest.raises(ServiceError, match="内容与扩展名不符"):
        notices.notice_attach(actor=people["officer"], notice=n, file=SimpleUploadedFile("x.pdf", b"MZ.."))
    with pytest.raises(ServiceError, match="空文件"):
        notices.notice_attach(actor=people["officer"], notice=n, file=SimpleUploadedFile("x.txt", b""))


def test_changes_are_audited(tree, people):
    from gonghui.core.models import AuditEntry

    n = _notice(people["officer"], tree["company"])
    notices.notice_publish(actor=people["officer"], notice=n)
    entries = AuditEntry.objects.filter(object_id=str(n.pk), content_type__model="notice")
    assert entries.count() >= 2


def test_home_card_counts_unread_in_fixed_queries(tree, people, django_assert_num_queries):
    for i in range(5):
        n = _notice(people["officer"], tree["company"], title=f"通知{i}", pinned=(i == 0))
        notices.notice_publish(actor=people["officer"], notice=n)
    notices.notice_mark_read(actor=people["branch"], notice=Notice.objects.get(title="通知4"))
    with django_assert_num_queries(2):  # the membership, the card (the grants are loaded already, as in a page)
        card = notices.home_card(people["branch"])
    assert card["unread"] == 4 and [n.title for n in card["latest"]][0] == "通知0"
    assert notices.home_card(people["school"]) == {"unread": 0, "latest": []}


def test_home_card_agrees_with_received_on_every_kind_of_notice(tree, people, officer_b):
    """The 首页 card's hand-written query (notices.home_card) and the ORM selector (notices.received) give the same
    notices, in the same order, with the same read marks, for members and officers of every part of the tree."""
    today = datetime.date.today()
    officer = people["officer"]
    made = [
        _notice(officer, tree["company"], title="全公司"),
        _notice(officer, tree["company"], title="置顶", pinned=True),
        _notice(officer, tree["company"], title="只发一分会", targets=[tree["branch"]]),
        _notice(officer, tree["company"], title="只发一组", targets=[tree["group"]]),
        _notice(officer, tree["company"], title="已过期", publish_on=today - datetime.timedelta(days=9)),
        _notice(officer, tree["company"], title="今天截止", expires_on=today),
        _notice(officer, tree["company"], title="明天发布", publish_on=today + datetime.timedelta(days=1)),
        _notice(officer, tree["company"], title="已撤回"),
        _notice(officer_b, tree["school"], title="学校的"),
    ]
    _notice(officer, tree["company"], title="草稿")
    for n in made:
        notices.notice_publish(actor=officer_b if n.title == "学校的" else officer, notice=n)
    notices.notice_withdraw(actor=officer, notice=Notice.objects.get(title="已撤回"))
    Notice.objects.filter(title="已过期").update(expires_on=today - datetime.timedelta(days=1))  # expired since
    notices.notice_mark_read(actor=people["branch"], notice=Notice.objects.get(title="只发一分会"))
    notices.notice_mark_read(actor=people["company"], notice=Notice.objects.get(title="全公司"))
    for key, user in people.items():
        card = notices.home_card(user, limit=100)
        expected = list(notices.received(user))
        assert [(n.pk, n.title, n.is_read) for n in card["latest"]] == [
            (n.pk, n.title, n.is_read) for n in expected], key
        assert card["unread"] == sum(not n.is_read for n in expected), key
        assert notices.received_marks(user) == [(n.pk, n.is_read) for n in expected], key
        assert {n.pk for n in Notice.objects.all() if notices.is_received(user, n.pk)} == {n.pk for n in expected}, key
    assert notices.home_card(people["branch"])["latest"][0].title == "置顶"
    branch = {n.title for n in notices.home_card(people["branch"], limit=100)["latest"]}
    assert branch == {"全公司", "置顶", "只发一分会", "今天截止"}
