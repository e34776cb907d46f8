"""URL patterns of competitions and mentoring, included in the `achievements` namespace by urls/__init__.py."""
from django.urls import path

from ..views import competitions as views

urlpatterns = [
    path("competitions/", views.competition_list, name="competition_list"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition_detail"),
    path("mentoring/", views.pair_list, name="pair_list"),
]
