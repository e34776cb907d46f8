"""Writes of 电子书屋: add, change and remove an e-reading link of a union (HOME_EDIT). The address must be an
http or https URL with a host; the same address twice in one union is refused."""
from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import EReadingLink
from ._common import require, text

__all__ = ["link_create", "link_update", "link_delete", "clean_url"]


def clean_url(raw) -> str:
    url = text(raw, 500)
    if not url:
        raise ServiceError("请填写网址。")
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise ServiceError("网址应以 http:// 或 https:// 开头。")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except DjangoValidationError:
        raise ServiceError(f"“{url[:60]}”不是有效的网址。") from None
    return url


def _fields(title, url, description) -> dict:
    title = text(title, 100)
    if not title:
        raise ServiceError("请填写名称。")
    return {"title": title, "url": clean_url(url), "description": text(description, 300)}


def _save(link: EReadingLink) -> EReadingLink:
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        raise ServiceError(f"本会电子书屋已有网址“{link.url[:60]}”。") from None
    return link


@transaction.atomic
def link_create(*, actor, org, title: str, url: str, description: str = "") -> EReadingLink:
    require(actor, Perm.HOME_EDIT, org)
    return _save(EReadingLink(org=org, **_fields(title, url, description)))


@transaction.atomic
def link_update(*, actor, link: EReadingLink, title: str, url: str, description: str = "") -> EReadingLink:
    link = EReadingLink.objects.select_for_update().get(pk=link.pk)
    require(actor, Perm.HOME_EDIT, link.org)
    for name, value in _fields(title, url, description).items():
        setattr(link, name, value)
    return _save(link)


@transaction.atomic
def link_delete(*, actor, link: EReadingLink) -> None:
    link = EReadingLink.objects.get(pk=link.pk)
    require(actor, Perm.HOME_EDIT, link.org)
    link.delete()
