"""URL patterns of 建家."""
from django.urls import path

from ..views import accreditation as views

urlpatterns = [
    path("accreditation/", views.AccreditationListView.as_view(), name="accreditation_list"),
    path("accreditation/<int:pk>/", views.AccreditationDetailView.as_view(), name="accreditation_detail"),
    path("accreditation/evidence/<int:pk>/", views.EvidenceFileView.as_view(), name="accreditation_evidence"),
]
