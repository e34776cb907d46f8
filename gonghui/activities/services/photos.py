"""Event photos: the upload must be a real image (Pillow opens and verifies it; JPEG, PNG or WebP), at most
PHOTO_MAX_BYTES (10 MB, and never above GONGHUI_MAX_UPLOAD_BYTES), at most 40 megapixels (a decompression bomb is
refused); a 480 px JPEG thumbnail is made at upload. Stored under MEDIA_ROOT with random names, served only through
the scoped view."""
from __future__ import annotations

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import Event, EventPhoto
from ._common import require, text

PHOTO_MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
THUMB = 480


def check_image(file) -> tuple[str, tuple[int, int]]:
    """(format, size) of an acceptable image, else ServiceError with the reason in Chinese."""
    from PIL import Image, UnidentifiedImageError

    limit = min(PHOTO_MAX_BYTES, getattr(settings, "GONGHUI_MAX_UPLOAD_BYTES", PHOTO_MAX_BYTES))
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if not size:
        raise ServiceError("照片文件是空的，请重新选择。")
    if size > limit:
        raise ServiceError(f"照片{size / 1024 / 1024:.1f}MB，超过{limit // 1024 // 1024}MB的上限，请压缩后再上传。")
    file.seek(0)
    try:
        with Image.open(file) as img:
            fmt, dims = img.format, img.size
            if dims[0] * dims[1] > MAX_PIXELS:
                raise ServiceError("照片像素过大（超过4000万像素），请缩小后再上传。")
            img.verify()
    except ServiceError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ServiceError("上传的文件不是有效的图片，请选择JPG或PNG照片。") from None
    finally:
        file.seek(0)
    if fmt not in FORMATS:
        raise ServiceError("只接受JPG、PNG或WebP格式的照片。")
    return fmt, dims


def _thumbnail(file) -> bytes:
    from PIL import Image, ImageOps

    file.seek(0)
    with Image.open(file) as img:
        img = ImageOps.exif_transpose(img).convert("RGB")
        img.thumbnail((THUMB, THUMB))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=82)
    file.seek(0)
    return out.getvalue()


@transaction.atomic
def photo_add(*, actor, event: Event, file, caption: str = "") -> EventPhoto:
    require(actor, Perm.ACTIVITIES_EDIT, event.org)
    if event.status == Event.Status.CANCELLED:
        raise ServiceError("活动已取消，不能上传照片。")
    fmt, _ = check_image(file)
    name = text(getattr(file, "name", "") or "photo", 200)
    photo = EventPhoto(event=event, name=name, caption=text(caption, 100),
                       uploaded_by=actor if getattr(actor, "pk", None) else None)
    photo.file.save(f"photo{FORMATS[fmt]}", file, save=False)
    photo.thumb.save("thumb.jpg", ContentFile(_thumbnail(file)), save=False)
    photo.save()
    return photo
