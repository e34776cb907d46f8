"""Event photos: a real image with a thumbnail; not an image, or too big, refused with a Chinese message; served
only inside the scope."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gonghui.activities.services import photos
from gonghui.core.errors import ServiceError

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def png(size=(1200, 800)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile("合影.png", out.getvalue(), content_type="image/png")


def test_photo_with_thumbnail_and_bad_files(world, client):
    e = make_event(world)
    p = photos.photo_add(actor=world["officer"], event=e, file=png(), caption="合影")
    with Image.open(p.thumb.path) as t:
        assert max(t.size) == 480
    with pytest.raises(ServiceError, match="不是有效的图片"):
        photos.photo_add(actor=world["officer"], event=e, file=SimpleUploadedFile("x.jpg", b"MZ\x90\x00not an image"))
    with pytest.raises(ServiceError, match="超过10MB"):
        photos.photo_add(actor=world["officer"], event=e, file=SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (40 * 1024 * 1024)))
    client.force_login(world["officer"])
    r = client.get(reverse("activities:photo", args=[p.pk]) + "?thumb=1")
    assert r.status_code == 200
    assert client.get(e.get_absolute_url() + "?tab=photos").status_code == 200
    r = client.post(reverse("activities:photo_add", args=[e.pk]), {"file": png((300, 200)), "caption": "第二张"})
    assert r.status_code == 302
    client.force_login(world["officer_b"])
    assert client.get(reverse("activities:photo", args=[p.pk])).status_code == 404


def test_ics_feed_by_signed_token(world, client):
    from gonghui.activities.views.calendar import feed_token

    make_event(world, title="春季登山, 含家属; 报名中")
    client.force_login(world["officer"])
    assert "webcal://" in client.get(reverse("activities:calendar")).content.decode()
    client.logout()
    r = client.get(reverse("activities:ics", args=[feed_token(world["officer"])]))
    body = r.content.decode()
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "春季登山\\, 含家属\\; 报名中" in body
    other = client.get(reverse("activities:ics", args=[feed_token(world["officer_b"])])).content.decode()
    assert "春季登山" not in other  # another union's officer sees only their own
    assert client.get(reverse("activities:ics", args=["forged"])).status_code == 404
    assert client.get(reverse("activities:ics", args=[feed_token(world["users"][0])])).status_code == 404
