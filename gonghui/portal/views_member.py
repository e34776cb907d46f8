"""The member's phone shell (issue 9): 首页, 服务, 我的 with the membership card, the manifest, and the officer's
page that verifies a membership card's QR code."""
from __future__ import annotations

import functools
import hashlib
import json

import segno
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, is_member_only

from . import member, member_card


def _page(request, template, context):
    context["unread"] = member.unread_messages(request.user)  # the tab bar's badge
    return render(request, template, context)


def member_required(view):
    """Pages of the member's shell: members only; an officer is sent to the desk."""
    @functools.wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_member_only(request.user):
            return redirect("core:home")
        return view(request, *args, **kwargs)
    return wrapped


@member_required
def home(request):
    return _page(request, "portal/member/home.html", {
        "title": "首页", "tab": "home", "cards": member.home_cards(request.user)})


@member_required
def services(request):
    return _page(request, "portal/member/services.html", {
        "title": "服务", "tab": "services", "entries": member.entries(member.SERVICES)})


@member_required
def me(request):
    person = getattr(request.user, "person", None)
    card = member_card.card(person) if person is not None else None
    qr_url, qr_svg = _qr(request, card) if card is not None and card.token else (None, None)
    return _page(request, "portal/member/me.html", {
        "title": "我的", "tab": "me", "card": card, "qr_svg": qr_svg, "qr_url": qr_url, "entries": member.entries(member.MINE)})


QR_CACHE_SECONDS = 3600


def _qr(request, card) -> tuple[str, str]:
    """The address the card's QR code encodes and the code as inline SVG. Drawing it costs more than the rest of the
    page (segno tries eight masks and scores each): it is drawn with one fixed mask (any mask scans) and kept in
    Django's cache for an hour under the person, their member number and the site's address. A kept code is as good
    as a new one: the token carries no expiry, and the verify page checks the person's membership and number in the
    database at every scan."""
    base = request.build_absolute_uri("/")
    key = "portal:member-qr:" + hashlib.sha256(f"{card.person.pk}|{card.member_no}|{base}".encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        url = request.build_absolute_uri(reverse("portal:verify", args=[card.token]))
        found = (url, qr_svg(url))
        cache.set(key, found, QR_CACHE_SECONDS)
    return found


def qr_svg(url: str) -> str:
    return segno.make(url, error="m", mask=0, micro=False).svg_inline(scale=4, border=2, omitsize=True)


@member_required
def applications(request):
    """我的申请: every kind of the member's applications (入会, 救助, 转会 …) with their states, declared by areas."""
    return _page(request, "portal/member/applications.html", {
        "title": "我的申请", "tab": "me", "groups": member.applications(request.user)})


def manifest(request):
    """The web-app manifest: the member's site installs on a phone's home screen as 工会会员服务."""
    data = {
        "name": "工会会员服务", "short_name": "工会", "lang": "zh-CN", "start_url": reverse("portal:member_home"),
        "scope": "/", "display": "standalone", "background_color": "#ffffff", "theme_color": "#b71c1c",
        "icons": [{"src": static(f"portal/icons/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png",
                   "purpose": "any maskable"} for n in (192, 512)],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


SW_STATIC = ["portal/member.css", "portal/member.js", "vendor/bootstrap/css/bootstrap.min.css",
             "vendor/bootstrap-icons/bootstrap-icons.min.css", "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
             "portal/icons/icon-192.png"]


def service_worker(request):
    """The service worker at /portal/sw.js (its scope is /portal/): the static addresses it pre-caches carry
    the manifest's hashes in production, so a new deployment is a new cache."""
    urls = [static(name) for name in SW_STATIC]
    version = hashlib.sha256("|".join(urls).encode()).hexdigest()[:12]
    response = render(request, "portal/member/sw.js", {
        "version": version, "static_urls": json.dumps(urls), "login_url": reverse("accounts:login")},
        content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@login_required
def verify(request, token: str):
    """The officer's check of a membership card's QR code: 有效会员 or 无效. An officer outside the member's scope
    learns only 有效/无效 and the union's name."""
    if is_member_only(request.user):
        raise Http404("只有工会干部可以核验会员卡。")
    person = member_card.verify(token)
    in_scope = person is not None and can_on_org(request.user, Perm.PERSON_VIEW, person.org)
    return render(request, "portal/member/verify.html", {
        "title": "会员卡核验", "valid": person is not None, "person": person if in_scope else None,
        "union": person.org.name if person is not None else None})
