"""The JSON API: every app registers its viewsets on this router (mounted at /api/).

The schema (/api/schema/) and its documentation page (/api/docs/) need a login: 401 JSON / the login page.
Any other /api/ address that matches nothing — a mistyped path, a non-numeric id — answers a JSON 404 (last
pattern), whatever DEBUG says.
"""
from django.contrib.auth.decorators import login_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from gonghui.accounts.api import ObtainTokenView
from gonghui.activities import api as activities_api
from gonghui.care.api import (
    AssistanceViewSet,
    CampaignViewSet,
    CondolenceViewSet,
    HardshipFileViewSet,
    MyAssistanceViewSet,
)
from gonghui.core.api import SchemaView, not_found
from gonghui.democracy import api as democracy_api
from gonghui.funds import api as funds_api
from gonghui.achievements import api as achievements_api
from gonghui.workershome import api as workershome_api
from gonghui.rights import api as rights_api
from gonghui.members.api import PersonViewSet, TransferViewSet
from gonghui.orgs.api import OrganizationViewSet
from gonghui.reports.api import FiguresView, MetricCatalogueView

# Path converters (ids are <int:pk>, typed in the schema); no ".json" suffix variants.
router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
router.register("orgs", OrganizationViewSet, basename="org")
router.register("people", PersonViewSet, basename="person")
router.register("transfers", TransferViewSet, basename="transfer")
router.register("care/hardship-files", HardshipFileViewSet, basename="care-hardship-file")
router.register("care/assistance", AssistanceViewSet, basename="care-assistance")
router.register("care/my-assistance", MyAssistanceViewSet, basename="care-my-assistance")
router.register("care/condolences", CondolenceViewSet, basename="care-condolence")
router.register("care/campaigns", CampaignViewSet, basename="care-campaign")
democracy_api.register(router)  # each part of democracy registers its own (democracy/api/<part>.py)
funds_api.register(router)  # each part of funds registers its own (funds/api/<part>.py)
achievements_api.register(router)  # each part of achievements registers its own
workershome_api.register(router)  # each part of the workers' home registers its own (workershome/api/<part>.py)
activities_api.register(router)  # each part of activities registers its own (activities/api/<part>.py)
rights_api.register(router)  # each part of rights registers its own (rights/api/<part>.py)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("reports/metrics/", MetricCatalogueView.as_view(), name="api-report-metrics"),
    path("reports/figures/", FiguresView.as_view(), name="api-report-figures"),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", login_required(SpectacularSwaggerView.as_view(url_name="api-schema")), name="api-docs"),
    *router.urls,
    re_path(r"^[\s\S]*$", not_found, name="api-not-found"),  # [\s\S]: an id may hold a newline
]
