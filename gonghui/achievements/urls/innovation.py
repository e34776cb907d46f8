"""URL patterns of technical innovation (projects, patents, studios), in the `achievements` namespace."""
from django.urls import path

from ..views import innovation as views

urlpatterns = [
    path("innovation/", views.ProjectListView.as_view(), name="innovation_project_list"),
    path("innovation/new/", views.ProjectEditView.as_view(), name="innovation_project_add"),
    path("innovation/<int:pk>/", views.ProjectDetailView.as_view(), name="innovation_project_detail"),
    path("innovation/<int:pk>/edit/", views.ProjectEditView.as_view(), name="innovation_project_edit"),
    path("patents/", views.PatentListView.as_view(), name="patent_list"),
    path("patents/new/", views.PatentEditView.as_view(), name="patent_add"),
    path("patents/<int:pk>/", views.PatentDetailView.as_view(), name="patent_detail"),
    path("patents/<int:pk>/edit/", views.PatentEditView.as_view(), name="patent_edit"),
    path("studios/", views.StudioListView.as_view(), name="studio_list"),
    path("studios/new/", views.StudioEditView.as_view(), name="studio_add"),
    path("studios/<int:pk>/", views.StudioDetailView.as_view(), name="studio_detail"),
    path("studios/<int:pk>/edit/", views.StudioEditView.as_view(), name="studio_edit"),
]
