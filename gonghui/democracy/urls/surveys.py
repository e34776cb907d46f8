"""URL patterns of surveys and evaluations (民主评议、测评、问卷), included in the `democracy` namespace."""
from django.urls import path

from ..views import surveys as views

urlpatterns = [
    path("surveys/", views.SurveyListView.as_view(), name="surveys_list"),
    path("surveys/new/", views.SurveyCreateView.as_view(), name="surveys_create"),
    path("surveys/<int:pk>/", views.survey_detail, name="surveys_detail"),
    path("surveys/<int:pk>/results/", views.survey_results, name="surveys_results"),
    path("surveys/<int:pk>/<slug:action>/", views.survey_action, name="surveys_action"),
    path("surveys/<int:pk>/questions/<int:question_pk>/", views.question_edit, name="surveys_question_edit"),
    path("surveys/mine/", views.my_list, name="surveys_my"),
    path("surveys/mine/<int:pk>/", views.my_answer, name="surveys_answer"),
]
