"""Reports upward (上报): /reports/submissions/… (names are stable; the draft pages link to submission_create)."""
from django.urls import path

from . import views_submissions as views

urlpatterns = [
    path("", views.submission_list, name="submission_list"),
    path("new/", views.submission_create, name="submission_create"),  # ?draft=<id> (GET), draft=<id> (POST)
    path("inbox/", views.submission_inbox, name="submission_inbox"),  # ?kind=summary&period=2025
    path("requests/", views.submission_request, name="submission_request"),
    path("<int:pk>/", views.submission_detail, name="submission_detail"),
    path("<int:pk>/docx/", views.submission_docx, name="submission_docx"),
    path("<int:pk>/withdraw/", views.submission_withdraw, name="submission_withdraw"),
    path("<int:pk>/return/", views.submission_return, name="submission_return"),
    path("<int:pk>/accept/", views.submission_accept, name="submission_accept"),
]
