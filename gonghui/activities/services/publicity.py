"""Every change to publicity (宣传): newsletters numbered per year (the number is the next of the union's kind and
year, taken under a lock so two officers never get the same), articles submitted and accepted."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

from ..models import Article, Newsletter
from ._common import require, required, text


def _past(day, label):
    if day is None:
        raise ServiceError(f"请填写{label}。")
    if day > localdate():
        raise ServiceError(f"{label}{day:%Y-%m-%d}在今天之后，请核对。")
    return day


@transaction.atomic
def newsletter_publish(*, actor, org: Organization, title: str, published_on: datetime.date,
                       kind: str = Newsletter.Kind.BULLETIN, content: str = "") -> Newsletter:
    require(actor, Perm.ACTIVITIES_EDIT, org)
    if kind not in Newsletter.Kind.values:
        raise ServiceError("请选择类别。")
    _past(published_on, "编发日期")
    Organization.objects.select_for_update().filter(pk=org.pk).first()  # one number at a time per union
    year = published_on.year
    last = Newsletter.objects.filter(org=org, kind=kind, year=year).aggregate(n=Max("number"))["n"] or 0
    return Newsletter.objects.create(org=org, kind=kind, year=year, number=last + 1,
                                     title=required(title, "标题", 100), published_on=published_on,
                                     content=text(content, 5000))


@transaction.atomic
def article_submit(*, actor, org: Organization, title: str, author: str, outlet: str, level: str,
                   submitted_on: datetime.date) -> Article:
    require(actor, Perm.ACTIVITIES_EDIT, org)
    if level not in Article.Level.values:
        raise ServiceError("请选择媒体级别。")
    return Article.objects.create(org=org, title=required(title, "稿件标题", 100), author=required(author, "作者", 50),
                                  outlet=required(outlet, "投稿媒体", 100), level=level,
                                  submitted_on=_past(submitted_on, "投稿日期"))


@transaction.atomic
def article_decide(*, actor, article: Article, accepted: bool, on: datetime.date | None = None) -> Article:
    article = Article.objects.select_for_update().select_related("org").get(pk=article.pk)
    require(actor, Perm.ACTIVITIES_EDIT, article.org)
    if accepted:
        on = _past(on, "录用（刊发）日期")
        if on < article.submitted_on:
            raise ServiceError("录用日期早于投稿日期，请核对。")
        article.status, article.accepted_on = Article.Status.ACCEPTED, on
    else:
        article.status, article.accepted_on = Article.Status.REJECTED, None
    article.save()
    return article
