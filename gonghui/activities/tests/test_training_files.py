"""Training certificates (培证2025-0001, per union and year, when the course gives them) and training materials
(uploaded attachments, checked, served only in scope)."""
from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.activities.models import CourseMaterial
from gonghui.activities.services import training
from gonghui.core.errors import ServiceError

pytestmark = pytest.mark.django_db
PAST = localdate() - datetime.timedelta(days=10)


def _course(world, org=None, officer=None, certificate=True, title="工会干部业务培训", day=PAST):
    org, officer = org or world["company"], officer or world["officer"]
    return training.course_save(actor=officer, org=org, title=title, kind="cadre", starts_on=day, hours=6,
                                certificate=certificate)


def test_certificates_are_numbered_per_union_and_year_when_held(world, make_person):
    o, org = world["officer"], world["company"]
    c = _course(world)
    training.attendees_add(actor=o, course=c, people=world["members"][:3], signed_in=True)
    training.attendees_add(actor=o, course=c, people=world["members"][3:4])  # not signed in: no certificate
    training.course_hold(actor=o, course=c)
    year = PAST.year
    got = sorted(a.certificate_no for a in c.attendances.filter(signed_in=True))
    assert got == [f"培证{year}-0001", f"培证{year}-0002", f"培证{year}-0003"]
    assert c.attendances.get(person=world["members"][3]).certificate_no == ""
    # signed in later: numbered on request, continuing the union's count
    a = c.attendances.get(person=world["members"][3])
    training.attendance_sign(actor=o, course=c, attendance_ids=[a.pk])
    assert training.certificates_issue(actor=o, course=c) == 1
    a.refresh_from_db()
    assert a.certificate_no == f"培证{year}-0004"
    with pytest.raises(ServiceError, match="都已有证书编号"):
        training.certificates_issue(actor=o, course=c)
    # another course of the union continues; a course without certificates numbers nothing
    c2 = _course(world, title="安全生产培训")
    training.attendees_add(actor=o, course=c2, people=world["members"][4:5], signed_in=True)
    training.course_hold(actor=o, course=c2)
    assert c2.attendances.get().certificate_no == f"培证{year}-0005"
    c3 = _course(world, title="普法讲座", certificate=False)
    training.attendees_add(actor=o, course=c3, people=world["members"][:1], signed_in=True)
    training.course_hold(actor=o, course=c3)
    assert c3.attendances.get().certificate_no == ""
    with pytest.raises(ServiceError, match="不颁发证书"):
        training.certificates_issue(actor=o, course=c3)
    # another union starts at 0001; so does another year
    teacher = make_person(world["school"], "乙校老师")
    cb = _course(world, org=world["school"], officer=world["officer_b"])
    training.attendees_add(actor=world["officer_b"], course=cb, people=[teacher], signed_in=True)
    training.course_hold(actor=world["officer_b"], course=cb)
    assert cb.attendances.get().certificate_no == f"培证{year}-0001"
    old = _course(world, title="往年培训", day=datetime.date(year - 1, 6, 1))
    training.attendees_add(actor=o, course=old, people=world["members"][:1], signed_in=True)
    training.course_hold(actor=o, course=old)
    assert old.attendances.get().certificate_no == f"培证{year - 1}-0001"


def test_course_page_and_export_show_certificate_numbers(world, client):
    o = world["officer"]
    c = _course(world)
    training.attendees_add(actor=o, course=c, people=world["members"][:2], signed_in=True)
    client.force_login(o)
    client.post(reverse("activities:course_act", args=[c.pk]), {"act": "hold"})
    page = client.get(c.get_absolute_url()).content.decode()
    assert f"培证{PAST.year}-0001" in page and f"培证{PAST.year}-0002" in page
    r = client.get(c.get_absolute_url() + "?export=xlsx")
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    values = [cell for row in ws.iter_rows(values_only=True) for cell in row]
    assert "证书编号" in values and f"培证{PAST.year}-0001" in values


def test_materials_upload_checked_and_served_only_in_scope(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    o = world["officer"]
    c = _course(world)
    client.force_login(o)
    url = reverse("activities:course_act", args=[c.pk])
    r = client.post(url, {"act": "material", "file": SimpleUploadedFile("讲义.pdf", b"%PDF-1.4 hello")}, follow=True)
    assert "已上传培训材料：讲义.pdf" in r.content.decode()
    m = CourseMaterial.objects.get(course=c)
    assert m.name == "讲义.pdf" and m.uploaded_by == o and "讲义" not in m.file.name  # a random stored name
    body = client.get(reverse("activities:course_material", args=[m.pk]))
    assert body.status_code == 200 and b"".join(body.streaming_content) == b"%PDF-1.4 hello"
    assert "讲义.pdf" in client.get(c.get_absolute_url()).content.decode()
    # wrong type, a renamed file, too big: Chinese messages, nothing stored
    r = client.post(url, {"act": "material", "file": SimpleUploadedFile("run.exe", b"MZ\x90\x00")}, follow=True)
    assert "附件只接受 PDF、图片、Word、Excel 或文本文件" in r.content.decode()
    r = client.post(url, {"act": "material", "file": SimpleUploadedFile("假.pdf", b"MZ\x90\x00")}, follow=True)
    assert "内容与扩展名不符" in r.content.decode()
    settings.GONGHUI_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    big = SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * (3 * 1024 * 1024))
    r = client.post(url, {"act": "material", "file": big}, follow=True)
    assert "太大" in r.content.decode() or "不能超过" in r.content.decode()
    with pytest.raises(ServiceError, match="附件不能超过2MB"):
        training.material_add(actor=o, course=c, file=ContentFile(b"%PDF" + b"0" * (3 * 1024 * 1024), name="大.pdf"))
    assert CourseMaterial.objects.filter(course=c).count() == 1
    # another union's material and course: 404, for download, upload and delete
    cb = _course(world, org=world["school"], officer=world["officer_b"], title="乙校培训")
    mb = training.material_add(actor=world["officer_b"], course=cb, file=ContentFile(b"%PDF-1 b", name="乙.pdf"))
    assert client.get(reverse("activities:course_material", args=[mb.pk])).status_code == 404
    assert client.post(reverse("activities:course_act", args=[cb.pk]),
                       {"act": "material", "file": SimpleUploadedFile("x.pdf", b"%PDF-1")}).status_code == 404
    assert client.post(url, {"act": "material_delete", "material": mb.pk}).status_code == 404
    assert CourseMaterial.objects.filter(pk=mb.pk).exists()
    # a member sees no material; the officer deletes their own
    client.force_login(world["users"][0])
    assert client.get(reverse("activities:course_material", args=[m.pk])).status_code in (403, 404)
    client.force_login(o)
    client.post(url, {"act": "material_delete", "material": m.pk})
    assert not CourseMaterial.objects.filter(pk=m.pk).exists()
