"""URL patterns of competitions and mentoring, included in the `achievements` namespace by urls/__init__.py."""
from django.urls import path

from ..views import competitions as views

urlpatterns = [
    path("competitions/", views.CompetitionListView.as_view(), name="competition_list"),
    path("competitions/new/", views.CompetitionCreateView.as_view(), name="competition_add"),
    path("competitions/<int:pk>/", views.CompetitionDetailView.as_view(), name="competition_detail"),
    path("competitions/<int:pk>/edit/", views.CompetitionEditView.as_view(), name="competition_edit"),
    path("competitions/<int:pk>/entries/new/", views.EntryAddView.as_view(), name="competition_entry_add"),
    path("competitions/<int:pk>/scores/<int:round>/", views.ScoreSheetView.as_view(), name="competition_scores"),
    path("competitions/<int:pk>/finish/", views.FinishView.as_view(), name="competition_finish"),
    path("mentoring/", views.PairListView.as_view(), name="pair_list"),
    path("mentoring/new/", views.PairCreateView.as_view(), name="pair_add"),
    path("mentoring/<int:pk>/assess/", views.PairAssessView.as_view(), name="pair_assess"),
]
