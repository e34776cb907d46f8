from __future__ import annotations

from .scope import orgs_in_scope
from .roles import Perm

SESSION_KEY = "gonghui_current_org"


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


def current_org(request):
    scoped = orgs_in_scope(request.user, Perm.ORG_VIEW)
    org_id = request.session.get(SESSION_KEY)
    org = scoped.filter(pk=org_id).first() if org_id else None
    if org is None:
        org = scoped.order_by("depth", "path").first()
        if org is not None:
            request.session[SESSION_KEY] = org.pk
    return org
