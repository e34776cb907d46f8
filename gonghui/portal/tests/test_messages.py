import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.care import services as care
from gonghui.care.models import Assistance
from gonghui.portal import messaging
from gonghui.portal.models import Message

KIND = messaging.register_kind(messaging.MessageKind("test.kind", "测试"))


def test_send_stores_an_in_app_message_once_per_dedupe_key(make_user):
    user = make_user("u1")
    first = messaging.send(user, KIND.key, "您的申请已批准", "内容", "/x/", dedupe_key="k1")
    assert first is not None and first.read_at is None
    assert messaging.send(user, KIND.key, "again", dedupe_key="k1") is None
    assert messaging.send(make_user("u2"), KIND.key, "another person, same key", dedupe_key="k1") is not None
    assert messaging.send(user, KIND.key, "no key") and messaging.send(user, KIND.key, "no key")
    assert Message.objects.filter(recipient=user).count() == 3
    assert messaging.unread_count(user) == 3
    assert messaging.send(None, KIND.key, "nobody") is None
    with pytest.raises(ValueError):
        messaging.send(user, "no.such.kind", "x")


@pytest.mark.django_db(transaction=True)
def test_email_only_when_an_smtp_host_is_set_and_after_commit(make_user, settings):
    user = make_user("mailme", email="li@example.com")
    settings.EMAIL_HOST = ""
    messaging.send(user, KIND.key, "不发邮件")
    assert mail.outbox == []
    settings.EMAIL_HOST = "smtp.example.com"
    with transaction.atomic():
        messaging.send(user, KIND.key, "发邮件", "正文", "/portal/messages/")
        assert mail.outbox == []  # not before the state change is committed
    assert [(m.subject, m.to) for m in mail.outbox] == [("发邮件", ["li@example.com"])]
    with pytest.raises(RuntimeError), transaction.atomic():
        messaging.send(user, KIND.key, "回滚")
        raise RuntimeError
    assert len(mail.outbox) == 1 and not Message.objects.filter(title="回滚").exists()


# --- care sends at its state changes ---------------------------------------------------------------------------

@pytest.fixture
def applicant(tree, make_person, make_user):
    person = make_person(tree["company"], "李申请")
    return make_user("member_li", Role.MEMBER, tree["company"], person=person)


def _apply(user):
    return care.assistance_apply(actor=user, kind=Assistance.Kind.DAILY, amount="300", reason="家中受灾")


def test_care_tells_the_applicant_when_approved_and_paid(tree, officer_a, applicant):
    a = care.assistance_decide(actor=officer_a, assistance=_apply(applicant), approve=True)
    care.assistance_disburse(actor=officer_a, assistance=a, disbursed_on=a.applied_on)
    care.assistance_disburse(actor=officer_a, assistance=a, disbursed_on=a.applied_on)  # twice: one message
    got = list(Message.objects.filter(recipient=applicant).order_by("pk"))
    assert [m.title for m in got] == ["救助申请已批准", "救助申请已发放"]
    assert got[0].url == reverse("care:my_detail", args=[a.pk]) and got[0].kind == "care.assistance"
    assert not Message.objects.exclude(recipient=applicant).exists()


def test_care_tells_the_applicant_why_it_was_rejected(tree, officer_a, applicant):
    care.assistance_decide(actor=officer_a, assistance=_apply(applicant), approve=False, comment="不符合条件")
    (m,) = Message.objects.filter(recipient=applicant)
    assert "审批意见：不符合条件" in m.body


def test_an_application_for_a_person_without_account_sends_nothing(tree, officer_a, make_person):
    p = make_person(tree["company"], "无账号")
    a = care.assistance_create(actor=officer_a, person=p, kind=Assistance.Kind.DAILY, amount="200", reason="x",
                               submit=True, applied_on=datetime.date(2025, 5, 1))
    care.assistance_decide(actor=officer_a, assistance=a, approve=True)
    assert not Message.objects.exists()


# --- the inbox ---------------------------------------------------------------------------------------------------

def test_inbox_lists_own_messages_opens_and_marks_read(client, make_user):
    me, other = make_user("me"), make_user("other")
    mine = messaging.send(me, KIND.key, "我的消息", "正文", reverse("portal:messages") + "?from=msg")
    theirs = messaging.send(other, KIND.key, "别人的消息")
    client.force_login(me)
    html = client.get(reverse("portal:messages")).content.decode()
    assert "我的消息" in html and "别人的消息" not in html
    assert 'id="unread-badge">1<' in html  # the top bar's badge
    assert client.get(reverse("portal:message_open", args=[theirs.pk])).status_code == 404
    response = client.get(reverse("portal:message_open", args=[mine.pk]))
    assert response.status_code == 302 and response.url.endswith("?from=msg")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    assert 'id="unread-badge"' not in client.get(reverse("portal:messages")).content.decode()


def test_read_all_and_an_outside_link_is_not_followed(client, make_user):
    me = make_user("me")
    m = messaging.send(me, KIND.key, "外链", url="https://evil.example.com/")
    messaging.send(me, KIND.key, "二")
    client.force_login(me)
    assert client.get(reverse("portal:message_open", args=[m.pk])).url == reverse("portal:messages")
    assert client.get(reverse("portal:messages_read_all")).status_code == 405
    client.post(reverse("portal:messages_read_all"))
    assert messaging.unread_count(me) == 0


def test_inbox_needs_a_login(client):
    assert client.get(reverse("portal:messages")).status_code == 302
