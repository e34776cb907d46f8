"""通知公告 pages: the member sees only theirs, other unions' ids answer 404, attachments only to the audience."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.portal import notices
from gonghui.portal.models import Notice, NoticeRead


@pytest.fixture
def setup(tree, make_person, make_user, officer_a, officer_b, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    a_member = make_user("a_member", Role.MEMBER, tree["branch"], person=make_person(tree["branch"], "甲司会员"))
    b_member = make_user("b_member", Role.MEMBER, tree["school"], person=make_person(tree["school"], "乙校会员"))
    a_notice = notices.notice_save(actor=officer_a, org=tree["company"], title="甲公司通知", body="第一段。\n\n第二段。",
                                   attachments=[SimpleUploadedFile("甲.pdf", b"%PDF-1.4 a")])
    notices.notice_publish(actor=officer_a, notice=a_notice)
    b_notice = notices.notice_save(actor=officer_b, org=tree["school"], title="乙学校通知", body="乙校正文",
                                   attachments=[SimpleUploadedFile("乙.pdf", b"%PDF-1.4 b")])
    notices.notice_publish(actor=officer_b, notice=b_notice)
    return {"a_member": a_member, "b_member": b_member, "a": a_notice, "b": b_notice, "officer_a": officer_a}


def test_member_sees_only_their_unions_notices(client, setup):
    client.force_login(setup["a_member"])
    page = client.get(reverse("portal:my_notices"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "甲公司通知" in body and "乙学校通知" not in body and "未读" in body
    detail = client.get(reverse("portal:notice_detail", args=[setup["a"].pk]))
    assert detail.status_code == 200
    assert "<p>第一段。</p><p>第二段。</p>" in detail.content.decode()
    assert NoticeRead.objects.filter(notice=setup["a"], user=setup["a_member"]).count() == 1
    client.get(reverse("portal:notice_detail", args=[setup["a"].pk]))
    assert NoticeRead.objects.filter(notice=setup["a"]).count() == 1
    # Another union's notice: 404, and no receipt.
    assert client.get(reverse("portal:notice_detail", args=[setup["b"].pk])).status_code == 404
    assert not NoticeRead.objects.filter(notice=setup["b"]).exists()


def test_attachments_are_served_only_to_the_audience(client, setup):
    a_att, b_att = setup["a"].attachments.get(), setup["b"].attachments.get()
    client.force_login(setup["a_member"])
    response = client.get(reverse("portal:notice_attachment", args=[a_att.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 a"
    assert client.get(reverse("portal:notice_attachment", args=[b_att.pk])).status_code == 404
    client.force_login(setup["officer_a"])
    assert client.get(reverse("portal:notice_attachment", args=[a_att.pk])).status_code == 200
    assert client.get(reverse("portal:notice_attachment", args=[b_att.pk])).status_code == 404
    # Withdrawn: the member loses it (page and file), the publisher keeps it.
    notices.notice_withdraw(actor=setup["officer_a"], notice=setup["a"])
    client.force_login(setup["a_member"])
    assert client.get(reverse("portal:notice_attachment", args=[a_att.pk])).status_code == 404
    assert client.get(reverse("portal:notice_detail", args=[setup["a"].pk])).status_code == 404


def test_officer_pages_and_other_unions_ids(client, setup, tree):
    client.force_login(setup["officer_a"])
    listing = client.get(reverse("portal:notice_list")).content.decode()
    assert "甲公司通知" in listing and "乙学校通知" not in listing
    for name in ("portal:notice_manage_detail", "portal:notice_edit"):
        assert client.get(reverse(name, args=[setup["b"].pk])).status_code == 404
    for name in ("portal:notice_publish", "portal:notice_withdraw", "portal:notice_attach"):
        assert client.post(reverse(name, args=[setup["b"].pk])).status_code == 404
    setup["b"].refresh_from_db()
    assert setup["b"].status == Notice.Status.PUBLISHED
    notices.notice_mark_read(actor=setup["a_member"], notice=setup["a"])
    detail = client.get(reverse("portal:notice_manage_detail", args=[setup["a"].pk])).content.decode()
    assert "已读 1 / 应读 2" in detail and "甲司会员" in detail  # the member and officer_a
    assert setup["a_member"].person.id_number not in detail
    unread = client.get(reverse("portal:notice_manage_detail", args=[setup["a"].pk]) + "?tab=unread").content.decode()
    assert "甲司会员" not in unread and "officer_a" in unread


def test_officer_creates_publishes_and_is_refused_outside_scope(client, setup, tree):
    client.force_login(setup["officer_a"])
    data = {"org": tree["company"].pk, "targets": [tree["branch"].pk], "title": "分会通知", "body": "正文",
            "publish_on": "2025-01-01", "pinned": "on"}
    response = client.post(reverse("portal:notice_add"), data)
    notice = Notice.objects.get(title="分会通知")
    assert response.status_code == 302 and notice.status == Notice.Status.DRAFT and notice.pinned
    assert list(notice.targets.all()) == [tree["branch"]]
    edit = client.post(reverse("portal:notice_edit", args=[notice.pk]), {**data, "title": "分会通知（改）"})
    assert edit.status_code == 302
    client.post(reverse("portal:notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.title == "分会通知（改）" and notice.status == Notice.Status.PUBLISHED
    # A union outside the officer's scope: not offered, and refused with a Chinese message.
    refused = client.post(reverse("portal:notice_add"), {**data, "org": tree["school"].pk, "targets": []})
    assert refused.status_code == 200 and "选择一个有效的选项" in refused.content.decode()
    assert not Notice.objects.filter(org=tree["school"], title="分会通知").exists()
    bad_file = client.post(reverse("portal:notice_attach", args=[notice.pk]),
                           {"file": SimpleUploadedFile("a.exe", b"MZ")}, follow=True)
    assert "附件只接受" in bad_file.content.decode()


def test_member_cannot_reach_officer_pages(client, setup):
    client.force_login(setup["a_member"])
    assert client.get(reverse("portal:notice_list")).status_code == 404
    assert client.get(reverse("portal:notice_manage_detail", args=[setup["a"].pk])).status_code == 404
    assert client.get(reverse("portal:notice_add")).status_code == 404


def test_menus(client, setup):
    client.force_login(setup["a_member"])
    home = client.get(reverse("portal:my_notices")).content.decode()
    assert 'href="/portal/notices/"' in home and 'href="/portal/notices/manage/"' not in home
    client.force_login(setup["officer_a"])
    home = client.get(reverse("portal:notice_list")).content.decode()
    assert 'href="/portal/notices/manage/"' in home
