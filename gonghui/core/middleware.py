from __future__ import annotations

import ipaddress

from .context import Actor, reset_actor, set_actor


def client_ip(request) -> str | None:
    """The client address. Behind a proxy, GONGHUI_PROXY_COUNT tells how many X-Forwarded-For hops to trust."""
    from django.conf import settings

    hops = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if hops and forwarded:
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if len(parts) >= hops and _is_ip(parts[-hops]):
            return parts[-hops]
    remote = request.META.get("REMOTE_ADDR")
    return remote if _is_ip(remote) else None


def _is_ip(value) -> bool:
    """A forged or malformed header must not reach the audit trail's inet column."""
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class RequestContextMiddleware:
    """Makes the acting user and address known to the audit trail for the length of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        token = set_actor(Actor(user=user, ip=client_ip(request), source=source))
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)


class ContentSecurityPolicyMiddleware:
    """Sends a Content-Security-Policy header with every response (Django 5.2 has none built in).

    The policy is `settings.GONGHUI_CSP`: scripts, styles, fonts and requests only from this site, no inline script,
    no inline style (no style="" attribute, no <style> element), no plugins, no framing, forms posted only here.
    Pages keep their behaviour in static files (core/app.js and each app's static/) and their looks in CSS classes.
    `settings.GONGHUI_CSP_PATHS` maps an exact path to its own policy: only the API's Swagger page, whose template
    (drf-spectacular's) carries an inline script and style. A response that already has the header keeps it.
    With DEBUG on, error responses go without it so that Django's debug pages keep their inline looks.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.policy = settings.GONGHUI_CSP
        self.paths = dict(getattr(settings, "GONGHUI_CSP_PATHS", {}))
        self.debug = settings.DEBUG

    def __call__(self, request):
        response = self.get_response(request)
        if self.debug and response.status_code >= 400:
            return response  # Django's debug pages (yellow 500, technical 404) are inline-styled; DEBUG only
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.paths.get(request.path, self.policy)
        return response
