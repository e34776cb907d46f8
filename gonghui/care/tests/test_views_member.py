"""The member's own care pages: apply with an attachment, follow it, see what was received; nothing of others."""
from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.care import services
from gonghui.care.models import Assistance, LifeEvent, Occasion

TODAY = datetime.date.today()


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


def test_member_applies_with_attachment_and_follows_it(member_client, settings, tmp_path, member):
    settings.MEDIA_ROOT = tmp_path
    assert member_client.get(reverse("care:my_list")).status_code == 200
    assert member_client.get(reverse("care:my_apply")).status_code == 200
    response = member_client.post(reverse("care:my_apply"), {
        "kind": "serious_illness", "amount": "3000", "reason": "住院手术",
        "attachment": SimpleUploadedFile("诊断证明.pdf", b"%PDF-1.4 x")})
    a = Assistance.objects.get(person=member)
    assert response.status_code == 302 and response["Location"] == reverse("care:my_detail", args=[a.pk])
    assert a.status == Assistance.Status.SUBMITTED and a.attachments.get().name == "诊断证明.pdf"
    page = member_client.get(response["Location"]).content.decode()
    assert "诊断证明.pdf" in page and "审批中" in page
    att = a.attachments.get()
    assert member_client.get(reverse("care:attachment_download", args=[att.pk])).status_code == 200
    listing = member_client.get(reverse("care:my_list")).content.decode()
    assert "大病救助" in listing
    # A member does not use the officers' pages.
    assert member_client.get(reverse("care:assistance_list")).status_code == 404
    assert member_client.get(reverse("care:assistance_detail", args=[a.pk])).status_code == 404


def test_bad_attachment_keeps_nothing_half_done(member_client, settings, tmp_path, member):
    settings.MEDIA_ROOT = tmp_path
    response = member_client.post(reverse("care:my_apply"), {
        "kind": "daily", "amount": "300", "reason": "困难", "attachment": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 200 and "附件只接受" in response.content.decode()
    assert not Assistance.objects.exists()


def test_member_cannot_read_another_members_application(client, member_user, other_member_user, settings,
                                                        tmp_path):
    settings.MEDIA_ROOT = tmp_path
    theirs = services.assistance_apply(actor=other_member_user, kind=Assistance.Kind.DAILY, amount="300",
                                       reason="王的困难")
    att = services.assistance_attach(actor=other_member_user, assistance=theirs,
                                     file=SimpleUploadedFile("王.pdf", b"%PDF-1 x"))
    client.force_login(member_user)
    for url in (reverse("care:my_detail", args=[theirs.pk]), reverse("care:attachment_download", args=[att.pk]),
                reverse("care:assistance_voucher", args=[theirs.pk])):
        response = client.get(url)
        assert response.status_code == 404 and "王的困难" not in response.content.decode()
    for name in ("assistance_attach", "assistance_cancel"):
        assert client.post(reverse(f"care:{name}", args=[theirs.pk])).status_code == 404
    assert "王的困难" not in client.get(reverse("care:my_list")).content.decode()


def test_member_sees_what_was_received_and_reports_an_event(member_client, member, officer_a):
    services.condolence_record(actor=None, person=member, occasion=Occasion.MARRIAGE, visited_on=TODAY, amount="500")
    page = member_client.get(reverse("care:my_list")).content.decode()
    assert "结婚" in page and "500" in page
    response = member_client.post(reverse("care:my_event"), {"kind": "hospitalised", "occurred_on": TODAY.isoformat(),
                                                             "note": "阑尾炎住院"})
    assert response.status_code == 302
    event = LifeEvent.objects.get()
    assert event.source == LifeEvent.Source.MEMBER and event.person == member


def test_member_navigation_has_own_items_only(member_client):
    page = member_client.get(reverse("care:my_list")).content.decode()
    assert "我的救助申请" in page and "困难职工档案" not in page and "待我审批" not in page
