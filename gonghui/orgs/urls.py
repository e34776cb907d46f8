from django.urls import path

from . import views
from .urls_committee import urlpatterns as committee_patterns

app_name = "orgs"
urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="list"),
    path("add/", views.OrganizationCreateView.as_view(), name="add"),
    path("<int:pk>/", views.OrganizationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.OrganizationEditView.as_view(), name="edit"),
    path("<int:pk>/move/", views.OrganizationMoveView.as_view(), name="move"),
    path("<int:pk>/close/", views.OrganizationCloseView.as_view(), name="close"),
    *committee_patterns,
]
