"""URL patterns of 经费审查, included in the `funds` namespace by urls/__init__.py."""
from django.urls import path

from ..views import audit as views

urlpatterns = [
    path("audit/", views.AuditView.as_view(), name="audit"),
    path("audit/run/", views.RunView.as_view(), name="audit_run"),
    path("audit/findings/new/", views.FindingCreateView.as_view(), name="finding_create"),
    path("audit/flags/<int:pk>/finding/", views.FindingCreateView.as_view(), name="finding_from_flag"),
    path("audit/findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding_detail"),
    path("audit/findings/<int:pk>/reply/", views.FindingReplyView.as_view(), name="finding_reply"),
    path("audit/findings/<int:pk>/resolve/", views.FindingResolveView.as_view(), name="finding_resolve"),
    path("audit/report/", views.ReportIssueView.as_view(), name="audit_report_issue"),
    path("audit/reports/<int:pk>.docx", views.ReportDocxView.as_view(), name="audit_report_docx"),
]
