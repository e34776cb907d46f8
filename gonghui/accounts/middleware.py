from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse

from .roles import Perm
from .scope import has_perm, orgs_in_scope

SESSION_KEY = "gonghui_current_org"
PASSWORD_CHANGE_MESSAGE = "您的密码为初始密码或已被管理员重置，请先修改密码。"


class CurrentOrganizationMiddleware:
    """The organisation switcher: `request.current_org` is the organisation whose subtree pages show.

    It is always inside the user's scope; by default the highest organisation the user may see.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_org = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.current_org = current_org(request)
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Holds back users who must change their password (a new account, or one reset by an administrator):
    every page but the password change page and logout sends them there first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            blocked = password_change_required(request)
            if blocked is not None:
                return blocked
        return self.get_response(request)


def current_org(request):
    if not has_perm(request.user, Perm.ORG_VIEW):
        return None  # a member (no organisation to look at): no query built, none run
    scoped = orgs_in_scope(request.user, Perm.ORG_VIEW)
    org_id = request.session.get(SESSION_KEY)
    org = scoped.filter(pk=org_id).first() if org_id else None
    if org is None:
        org = scoped.order_by("depth", "path").first()
        if org is not None:
            request.session[SESSION_KEY] = org.pk
    return org


def _exempt_paths() -> tuple[str, ...]:
    paths = [reverse("accounts:password_change"), reverse("accounts:logout")]
    for prefix in (settings.STATIC_URL, settings.MEDIA_URL):
        if prefix:
            paths.append(prefix if prefix.startswith("/") else "/" + prefix)
    return tuple(paths)


def password_change_required(request):
    """A response that sends the user to change their password, or None when they may go on."""
    if not getattr(request.user, "must_change_password", False):
        return None
    if request.path.startswith(_exempt_paths()):
        return None
    target = reverse("accounts:password_change")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": PASSWORD_CHANGE_MESSAGE}, status=403)
    if getattr(request, "htmx", False):
        response = JsonResponse({"detail": PASSWORD_CHANGE_MESSAGE}, status=200)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)
