"""URL patterns of hazards, included in the `rights` namespace by urls/__init__.py."""
from django.urls import path

from ..views import hazards as views

urlpatterns = [
    path("hazards/", views.HazardListView.as_view(), name="hazard_list"),
    path("hazards/new/", views.HazardEntryView.as_view(), name="hazard_add"),
    path("hazards/<int:pk>/", views.HazardDetailView.as_view(), name="hazard_detail"),
    path("hazards/<int:pk>/forward/", views.ForwardView.as_view(), name="hazard_forward"),
    path("hazards/<int:pk>/unfounded/", views.UnfoundedView.as_view(), name="hazard_unfounded"),
    path("hazards/photos/<int:pk>/", views.photo, name="hazard_photo"),
    path("department/hazards/", views.DepartmentListView.as_view(), name="department_hazards"),
    path("department/hazards/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_hazard"),
    path("department/hazards/<int:pk>/fix/", views.FixView.as_view(), name="hazard_fix"),
    path("department/hazards/<int:pk>/plan/", views.PlanView.as_view(), name="hazard_plan"),
    path("my/hazards/", views.MyListView.as_view(), name="my_hazards"),
    path("my/hazards/new/", views.MyReportView.as_view(), name="my_hazard_report"),
    path("my/hazards/<int:pk>/", views.MyDetailView.as_view(), name="my_hazard"),
]
