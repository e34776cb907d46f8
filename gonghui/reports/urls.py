"""统计与报告: the dashboard and figures, documents (drafts, templates, exports) and reports upward."""
from django.urls import include, path

app_name = "reports"
urlpatterns = [
    path("", include("gonghui.reports.urls_dashboard")),
    path("documents/", include("gonghui.reports.urls_documents")),
    path("submissions/", include("gonghui.reports.urls_submissions")),
]
