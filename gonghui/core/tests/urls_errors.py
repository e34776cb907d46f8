"""The site's URLs plus views that fail on purpose (tests of the error pages)."""
from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path

from gonghui.urls import handler400, handler403, handler404, handler500, urlpatterns as site_patterns  # noqa: F401


def boom(request):
    raise RuntimeError("boom")


def bad(request):
    raise BadRequest("bad")


def denied(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/bad/", bad),
    path("test-errors/denied/", denied),
    path("api/test-errors/boom/", boom),
    *site_patterns,
]
