"""URL patterns of petitions and risk screening, included in the `rights` namespace by urls/__init__.py."""
from django.urls import path

from ..views import screening as views

urlpatterns = [
    path("petitions/", views.PetitionListView.as_view(), name="petition_list"),
    path("petitions/new/", views.PetitionCreateView.as_view(), name="petition_add"),
    path("petitions/<int:pk>/", views.PetitionDetailView.as_view(), name="petition_detail"),
    path("petitions/<int:pk>/edit/", views.PetitionEditView.as_view(), name="petition_edit"),
    path("risks/", views.RiskListView.as_view(), name="risk_list"),
    path("risks/new/", views.RiskCreateView.as_view(), name="risk_add"),
    path("risks/<int:pk>/", views.RiskDetailView.as_view(), name="risk_detail"),
    path("risks/<int:pk>/edit/", views.RiskEditView.as_view(), name="risk_edit"),
]
