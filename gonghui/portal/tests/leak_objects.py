"""Union-B portal objects for tests/test_scope_leaks.py: 网上入会 applications (a pending one, and an approved one
with its person and invitation), notices (a published one with an attachment, a draft, a read receipt), and a
member's password reset (an open request, and a handled one with its reset code)."""
from __future__ import annotations

import datetime

from gonghui.core import idcard
from gonghui.accounts.roles import Role
from gonghui.portal import notices, services_join, services_reset
from gonghui.portal.models import NoticeAttachment


def create(b: dict) -> None:
    _join_applications(b)
    _notices(b)
    _password_resets(b)


def _password_resets(b: dict) -> None:
    for n, name in ((51, "乙校忘密会员"), (52, "乙校已重置会员")):
        phone = f"1395555{n:04d}"
        person = b["make_person"](b["union"], name, phone=phone)
        b["make_user"](phone, Role.MEMBER, b["union"], person=person)
        services_reset.reset_request(phone=phone, id_last6=person.id_number[-6:])
    services_reset.reset_issue(actor=b["officer"], person=person)


def _join_applications(b: dict) -> None:
    for n, name in ((41, "乙校网上申请人"), (43, "乙校已批准申请人")):
        application = services_join.join_apply(
            org=b["union"], name=name, id_number=idcard.make("110105", datetime.date(1992, 2, 2), n),
            phone=f"1370000{n:04d}", employer="乙学校", consent=True)
    services_join.join_approve(actor=b["officer"], application=application)


def _notices(b: dict) -> None:
    officer, union = b["officer"], b["union"]
    published = notices.notice_save(actor=officer, org=union, title="乙学校工会通知", body="乙校正文。",
                                    targets=[b["branch"]])
    # A stored row without a file on disk: enough to check the download view's scoping.
    NoticeAttachment.objects.create(notice=published, file=f"portal/notices/{published.pk}/leak.pdf",
                                    name="乙校通知附件.pdf", size=10)
    notices.notice_publish(actor=officer, notice=published)
    notices.notice_save(actor=officer, org=union, title="乙学校工会草稿", body="乙校草稿。")
    notices.notice_publish(actor=officer, notice=notices.notice_save(actor=officer, org=union, title="乙校全体通知",
                                                                      body="全体。"))
    member = b["member_user"]
    for n in notices.received(member):
        notices.notice_mark_read(actor=member, notice=n)
