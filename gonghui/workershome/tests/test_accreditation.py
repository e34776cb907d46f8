"""建家: standards as data with points, a self-assessment with evidence, applied → 验收 by the upper union → title."""
from __future__ import annotations

import pytest

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.workershome.models import Accreditation
from gonghui.workershome.services import accreditation as services

pytestmark = pytest.mark.django_db


def test_self_assessment_apply_inspect_award(home, tree, make_user):
    officer, org = home["officer"], home["org"]
    upper = make_user("fed_home", Role.OFFICER, tree["fed"])
    acc = services.accreditation_create(actor=officer, org=org, level="model", year=2025)
    items = list(acc.items.all())
    assert len(items) == 8 and sum(i.points for i in items) == 100
    with pytest.raises(ServiceError, match="已有模范职工之家申报"):
        services.accreditation_create(actor=officer, org=org, level="model", year=2025)
    with pytest.raises(ServiceError, match="自评得分应在0至15分之间"):
        services.item_score(actor=officer, item=items[0], score=16, evidence="换届选举文件")
    with pytest.raises(ServiceError, match="请说明或上传佐证材料"):
        services.item_score(actor=officer, item=items[0], score=15)
    with pytest.raises(ServiceError, match="还有8项标准未自评"):
        services.accreditation_apply(actor=officer, accreditation=acc)
    for item in items:
        services.item_score(actor=officer, item=item, score=item.points - (5 if item.code == "funds" else 0),
                            evidence="照片与文件见建家档案盒")
    acc = services.accreditation_apply(actor=officer, accreditation=acc)
    assert acc.status == Accreditation.Status.APPLIED and services.self_total(acc) == 95
    with pytest.raises(ServiceError, match="本会不能验收自己的申报"):
        services.accreditation_inspect(actor=officer, accreditation=acc, score=95, passed=True)
    with pytest.raises(ServiceError, match="低于90分，不能通过"):
        services.accreditation_inspect(actor=upper, accreditation=acc, score=85, passed=True)
    acc = services.accreditation_inspect(actor=upper, accreditation=acc, score=93, passed=True, note="阵地建设突出")
    assert acc.status == Accreditation.Status.AWARDED and acc.title == "2025年度模范职工之家"


def test_below_the_pass_mark_cannot_apply_and_others_cannot_see(home, officer_b):
    acc = services.accreditation_create(actor=home["officer"], org=home["org"], level="advanced", year=2025)
    for item in acc.items.all():
        services.item_score(actor=home["officer"], item=item, score=item.points // 2, evidence="材料")
    with pytest.raises(ServiceError, match="未达到先进职工之家申报分数线80分"):
        services.accreditation_apply(actor=home["officer"], accreditation=acc)
    with pytest.raises(ServiceError) as exc:
        services.item_score(actor=officer_b, item=acc.items.first(), score=1, evidence="x")
    assert exc.value.code == "out_of_scope"


def test_pages_self_assess_apply_and_inspect(client, home, tree, make_user, officer_b):
    from django.urls import reverse

    upper = make_user("fed_home2", Role.OFFICER, tree["fed"])
    client.force_login(home["officer"])
    session = client.session
    session["current_org"] = home["org"].pk
    session.save()
    assert client.post(reverse("workershome:accreditation_list"), {"level": "small"}).status_code == 302
    acc = Accreditation.objects.get()
    url = reverse("workershome:accreditation_detail", args=[acc.pk])
    data = {"action": "save"}
    for item in acc.items.all():
        data[f"score_{item.pk}"], data[f"evidence_{item.pk}"] = item.points, "小组活动照片"
    client.post(url, data)
    client.post(url, {"action": "apply"})
    page = client.get(url).content.decode()
    assert "已申报" in page and 'id="self-total">100<' in page and 'id="inspection"' not in page
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    client.force_login(upper)
    client.post(url, {"action": "pass", "inspection_score": "95", "inspection_note": "好"})
    acc.refresh_from_db()
    assert acc.title == f"{acc.year}年度模范职工小家"


# --- evidence files (佐证材料) -------------------------------------------------------------------------------------

def _png(size=(60, 40)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _stored(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


def test_evidence_photo_gets_a_thumbnail_documents_none_and_bad_files_write_nothing(home, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.workershome.models import AccreditationEvidence

    officer = home["officer"]
    acc = services.accreditation_create(actor=officer, org=home["org"], level="model", year=2025)
    item = acc.items.first()
    photo = services.evidence_add(actor=officer, item=item,
                                  file=SimpleUploadedFile("职工书屋.png", _png((1200, 800)), "image/png"))
    assert photo.is_image and photo.name == "职工书屋.png"
    from PIL import Image

    with Image.open(photo.thumb.path) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == services.THUMB
    doc = services.evidence_add(actor=officer, item=item,
                                file=SimpleUploadedFile("建家方案.pdf", b"%PDF-1.4 plan", "application/pdf"))
    assert not doc.is_image and not doc.thumb
    stored = len(_stored(media))
    assert stored == 3
    bad = [(SimpleUploadedFile("伪装.jpg", b"MZ\x90\x00 not an image at all", "image/jpeg"), "不是有效的图片"),
           (SimpleUploadedFile("大照片.jpg", b"\xff\xd8" + b"0" * (40 * 1024 * 1024), "image/jpeg"),
            "40.0MB，超过10MB的上限"),
           (SimpleUploadedFile("大方案.pdf", b"%PDF" + b"0" * (40 * 1024 * 1024), "application/pdf"),
            "超过10MB的上限"),
           (SimpleUploadedFile("病毒.exe", b"MZ\x90\x00", "application/octet-stream"), "佐证材料只接受"),
           (SimpleUploadedFile("假方案.pdf", b"MZ\x90\x00 exe", "application/pdf"), "内容与扩展名不符"),
           (SimpleUploadedFile("png.jpg", _png(), "image/jpeg"), "内容与扩展名不符"),
           (SimpleUploadedFile("空.png", b"", "image/png"), "空文件")]
    for upload, message in bad:
        with pytest.raises(ServiceError, match=message):
            services.evidence_add(actor=officer, item=item, file=upload)
    assert AccreditationEvidence.objects.count() == 2 and len(_stored(media)) == stored
    # a file stands for the note: a score with an uploaded file needs no written note
    assert services.item_score(actor=officer, item=item, score=10).self_score == 10
    with pytest.raises(ServiceError, match="请说明或上传佐证材料"):
        services.item_score(actor=officer, item=acc.items.last(), score=5)
    services.evidence_delete(actor=officer, evidence=doc)
    assert AccreditationEvidence.objects.count() == 1


def test_evidence_refused_after_applying_and_out_of_scope(home, officer_b, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    acc = services.accreditation_create(actor=home["officer"], org=home["org"], level="small", year=2025)
    item = acc.items.first()
    with pytest.raises(ServiceError) as exc:
        services.evidence_add(actor=officer_b, item=item, file=SimpleUploadedFile("a.png", _png(), "image/png"))
    assert exc.value.code == "out_of_scope"
    for i in acc.items.all():
        services.item_score(actor=home["officer"], item=i, score=i.points, evidence="档案")
    services.accreditation_apply(actor=home["officer"], accreditation=acc)
    with pytest.raises(ServiceError, match="已申报，不能再上传佐证材料"):
        services.evidence_add(actor=home["officer"], item=item, file=SimpleUploadedFile("a.png", _png(), "image/png"))
    assert not _stored(media)


def test_evidence_pages_upload_show_to_the_inspector_and_404_for_another_union(client, home, tree, make_user,
                                                                             officer_b, media):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from gonghui.workershome.models import AccreditationEvidence

    upper = make_user("fed_home3", Role.OFFICER, tree["fed"])
    client.force_login(home["officer"])
    session = client.session
    session["current_org"] = home["org"].pk
    session.save()
    acc = services.accreditation_create(actor=home["officer"], org=home["org"], level="small", year=2025)
    url = reverse("workershome:accreditation_detail", args=[acc.pk])
    items = list(acc.items.all())
    data = {"action": "save", f"files_{items[0].pk}": [SimpleUploadedFile("小家活动.png", _png(), "image/png"),
                                                       SimpleUploadedFile("制度.pdf", b"%PDF-1.7", "application/pdf")]}
    for item in items:
        data[f"score_{item.pk}"] = item.points
        data[f"evidence_{item.pk}"] = "" if item == items[0] else "制度汇编"
    response = client.post(url, data, follow=True)
    assert "上传佐证材料2个" in response.content.decode()
    photo, doc = AccreditationEvidence.objects.order_by("id")
    assert items[0].__class__.objects.get(pk=items[0].pk).self_score == items[0].points
    # a renamed non-image: its message, nothing written
    response = client.post(url, {"action": "save", f"files_{items[1].pk}": SimpleUploadedFile(
        "照片.jpg", b"%PDF-1.4 not a photo", "image/jpeg")}, follow=True)
    assert "“照片.jpg”不是有效的图片" in response.content.decode() and AccreditationEvidence.objects.count() == 2
    client.post(url, {"action": "apply"})
    file_url = reverse("workershome:accreditation_evidence", args=[photo.pk])
    for user in (home["officer"], upper):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert f'{file_url}?thumb=1' in page and "制度.pdf" in page
        thumb = client.get(file_url + "?thumb=1")
        assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
        assert b"".join(thumb.streaming_content)[:2] == b"\xff\xd8"
        download = client.get(reverse("workershome:accreditation_evidence", args=[doc.pk]))
        assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    client.force_login(officer_b)
    assert client.get(file_url).status_code == 404
    assert client.get(file_url + "?thumb=1").status_code == 404
    assert client.get(url).status_code == 404


# --- the title as an honour, a figure and a clause of the summary ----------------------------------------------------

def _awarded(home, upper, year=2025, applied=None, inspected=None):
    import datetime

    acc = services.accreditation_create(actor=home["officer"], org=home["org"], level="model", year=year)
    for item in acc.items.all():
        services.item_score(actor=home["officer"], item=item, score=item.points, evidence="建家档案")
    services.accreditation_apply(actor=home["officer"], accreditation=acc,
                                 applied_on=applied or datetime.date(year, 11, 20))
    return services.accreditation_inspect(actor=upper, accreditation=acc, score=96, passed=True, note="阵地规范",
                                          inspected_on=inspected or datetime.date(year, 12, 10))


def test_passing_records_the_title_once_as_a_unit_honour(client, home, tree, make_user):
    from django.urls import reverse

    from gonghui.achievements.models import Honour, HonourLevel, HonourTitle

    upper = make_user("fed_home4", Role.OFFICER, tree["fed"])
    acc = _awarded(home, upper)
    assert acc.awarded_by == "测试区总工会"
    honour = Honour.objects.get()
    assert (honour.name, honour.kind, honour.title, honour.level, honour.year, honour.org, honour.awarded_by,
            honour.state) == ("2025年度模范职工之家", "unit", HonourTitle.MODEL_HOME, HonourLevel.COUNTY, 2025,
                              home["org"], "测试区总工会", Honour.State.APPROVED)
    assert honour.awarded_on == acc.inspected_on
    with pytest.raises(ServiceError, match="该申报已验收"):
        services.accreditation_inspect(actor=upper, accreditation=acc, score=96, passed=True)
    assert services.title_honour(acc) == honour and Honour.objects.count() == 1
    client.force_login(home["officer"])
    page = client.get(reverse("achievements:honour_list")).content.decode()
    assert "2025年度模范职工之家" in page


def test_a_failed_inspection_records_no_honour_and_dates_are_checked(home, tree, make_user):
    import datetime

    from gonghui.achievements.models import Honour

    upper = make_user("fed_home5", Role.OFFICER, tree["fed"])
    acc = services.accreditation_create(actor=home["officer"], org=home["org"], level="advanced", year=2025)
    for item in acc.items.all():
        services.item_score(actor=home["officer"], item=item, score=item.points, evidence="档案")
    with pytest.raises(ServiceError, match="申报日期应在2025年或2026年"):
        services.accreditation_apply(actor=home["officer"], accreditation=acc, applied_on=datetime.date(2024, 5, 1))
    services.accreditation_apply(actor=home["officer"], accreditation=acc, applied_on=datetime.date(2025, 11, 1))
    with pytest.raises(ServiceError, match="早于申报日期"):
        services.accreditation_inspect(actor=upper, accreditation=acc, score=60, passed=False,
                                       inspected_on=datetime.date(2025, 10, 1))
    services.accreditation_inspect(actor=upper, accreditation=acc, score=60, passed=False,
                                   inspected_on=datetime.date(2025, 11, 20))
    assert not Honour.objects.exists()


def test_honour_level_from_the_inspecting_union(tree):
    from gonghui.achievements.models import HonourLevel
    from gonghui.orgs.models import Organization

    def fed(name, kind=Organization.Kind.FEDERATION):
        return Organization(name=name, kind=kind)

    assert services.honour_level(fed("中华全国总工会")) == HonourLevel.NATIONAL
    assert services.honour_level(fed("江苏省总工会")) == HonourLevel.PROVINCE
    assert services.honour_level(fed("江苏省南京市总工会")) == HonourLevel.CITY
    assert services.honour_level(fed("南京市总工会")) == HonourLevel.CITY
    assert services.honour_level(fed("滨江区总工会")) == HonourLevel.COUNTY
    assert services.honour_level(fed("某集团工会", Organization.Kind.INDUSTRY)) == HonourLevel.SYSTEM
    assert services.honour_level(tree["company"]) == HonourLevel.INTERNAL
    assert services.honour_level(None) == HonourLevel.INTERNAL


def test_titles_figure_and_the_summary_says_the_title(home, tree, make_user):
    import datetime

    from gonghui.core.metrics import compute_many
    from gonghui.reports import registry
    from gonghui.reports.documents import Heading, Paragraph
    from gonghui.reports.drafting import build
    from gonghui.reports.periods import Period

    upper = make_user("fed_home6", Role.OFFICER, tree["fed"])
    _awarded(home, upper)
    area = next(a for a in registry.by_area() if a.code == "workershome")
    values = compute_many(area.metrics, home["org"], datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert values["workershome.titles"] == 1
    assert compute_many(area.metrics, tree["school"], datetime.date(2025, 1, 1),
                        datetime.date(2025, 12, 31))["workershome.titles"] in (None, 0)
    doc = build("summary", home["org"], Period.year(2025), style="exact", today=datetime.date(2026, 1, 10))
    body = "\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
    assert "甲公司工会职工之家被测试区总工会评为“2025年度模范职工之家”" in body, body
    doc = build("summary", home["org"], Period.year(2024), style="exact", today=datetime.date(2026, 1, 10))
    assert "模范职工之家" not in "\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
