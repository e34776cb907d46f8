"""URL patterns of work injuries, included in the `rights` namespace by urls/__init__.py."""
from django.urls import path

from ..views import injuries as views

urlpatterns = [
    path("injuries/", views.InjuryListView.as_view(), name="injury_list"),
    path("injuries/new/", views.InjuryCreateView.as_view(), name="injury_add"),
    path("injuries/<int:pk>/", views.InjuryDetailView.as_view(), name="injury_detail"),
    path("injuries/<int:pk>/update/", views.InjuryUpdateView.as_view(), name="injury_update"),
    path("injuries/<int:pk>/visit/", views.InjuryVisitView.as_view(), name="injury_visit"),
    path("injuries/<int:pk>/assist/", views.InjuryAssistView.as_view(), name="injury_assist"),
    path("injuries/<int:pk>/link/", views.InjuryLinkView.as_view(), name="injury_link"),
]
