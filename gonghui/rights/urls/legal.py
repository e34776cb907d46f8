"""URL patterns of legal services, included in the `rights` namespace by urls/__init__.py."""
from django.urls import path

from ..views import legal as views

urlpatterns = [
    path("consultations/", views.ConsultationListView.as_view(), name="consultation_list"),
    path("consultations/new/", views.ConsultationCreateView.as_view(), name="consultation_add"),
    path("consultations/<int:pk>/", views.ConsultationDetailView.as_view(), name="consultation_detail"),
    path("consultations/<int:pk>/answer/", views.AnswerView.as_view(), name="consultation_answer"),
    path("lawyers/", views.DutyListView.as_view(), name="duty_list"),
    path("lawyers/new/", views.DutyCreateView.as_view(), name="duty_add"),
    path("lawyers/<int:pk>/edit/", views.DutyEditView.as_view(), name="duty_edit"),
    path("lectures/", views.LectureListView.as_view(), name="lecture_list"),
    path("lectures/new/", views.LectureCreateView.as_view(), name="lecture_add"),
    path("lectures/<int:pk>/edit/", views.LectureEditView.as_view(), name="lecture_edit"),
]
