"""URL patterns of the safety campaigns, included in the `rights` namespace by urls/__init__.py."""
from django.urls import path

from ..views import safety as views

urlpatterns = [
    path("safety/", views.CampaignListView.as_view(), name="safety_list"),
    path("safety/new/", views.CampaignCreateView.as_view(), name="safety_add"),
    path("safety/<int:pk>/", views.CampaignDetailView.as_view(), name="safety_detail"),
    path("safety/<int:pk>/update/", views.CampaignUpdateView.as_view(), name="safety_update"),
    path("safety/<int:pk>/teams/", views.TeamAddView.as_view(), name="safety_team_add"),
]
