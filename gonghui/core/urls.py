from django.urls import path

from . import views_audit, views_home

app_name = "core"
urlpatterns = [
    path("", views_home.home, name="home"),
    path("audit/", views_audit.AuditListView.as_view(), name="audit_list"),
]
