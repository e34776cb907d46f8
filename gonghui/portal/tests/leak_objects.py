"""Union-B notices for tests/test_scope_leaks.py: a published notice with an attachment, a draft, a read receipt."""
from __future__ import annotations

from gonghui.portal.models import NoticeAttachment
from gonghui.portal import notices


def create(b: dict) -> None:
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
