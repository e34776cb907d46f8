"""URL patterns of mediation and legal advice, included in the `rights` namespace by urls/__init__.py."""
from django.urls import path

from ..views import disputes as views

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/new/", views.CaseCreateView.as_view(), name="case_add"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/accept/", views.AcceptView.as_view(), name="case_accept"),
    path("cases/<int:pk>/refuse/", views.RefuseView.as_view(), name="case_refuse"),
    path("cases/<int:pk>/close/", views.CloseView.as_view(), name="case_close"),
    path("cases/<int:pk>/followup/", views.FollowupView.as_view(), name="case_followup"),
    path("cases/<int:pk>/agreement.docx", views.agreement_docx, name="case_agreement"),
    path("cases/<int:pk>/application.docx", views.application_docx, name="case_application"),
    path("my/cases/", views.MyCasesView.as_view(), name="my_cases"),
    path("my/cases/apply/", views.MyCaseApplyView.as_view(), name="my_case_apply"),
    path("my/advice/", views.MyAdviceView.as_view(), name="my_advice"),
]
