"""URL patterns of the employer register, included in the `funds` namespace by urls/__init__.py."""
from django.urls import path

from ..views import employers as views

urlpatterns = [
    path("employers/", views.EmployerListView.as_view(), name="employer_list"),
    path("employers/new/", views.EmployerCreateView.as_view(), name="employer_add"),
    path("employers/threshold/", views.ThresholdView.as_view(), name="threshold"),
    path("employers/<int:pk>/", views.EmployerDetailView.as_view(), name="employer_detail"),
    path("employers/<int:pk>/edit/", views.EmployerEditView.as_view(), name="employer_edit"),
    path("employers/<int:pk>/visit/", views.VisitCreateView.as_view(), name="employer_visit"),
    path("employers/<int:pk>/found/", views.FoundView.as_view(), name="employer_found"),
    path("employers/<int:pk>/close/", views.CloseView.as_view(), name="employer_close"),
]
