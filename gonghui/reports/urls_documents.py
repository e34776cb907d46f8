"""Documents: /reports/documents/… — drafts (list, generate, edit, check, download) and their wording (文稿模板)."""
from django.urls import path

from . import views_documents as views

urlpatterns = [
    path("", views.draft_list, name="draft_list"),  # GET: the current union's drafts; POST: generate one
    path("<int:pk>/", views.draft_edit, name="draft_edit"),
    path("<int:pk>/save/", views.draft_save, name="draft_save"),  # JSON (editor.js)
    path("<int:pk>/check/", views.draft_check, name="draft_check"),  # JSON (editor.js)
    path("<int:pk>/final/", views.draft_finalise, name="draft_finalise"),
    path("<int:pk>/reopen/", views.draft_reopen, name="draft_reopen"),
    path("<int:pk>/delete/", views.draft_delete, name="draft_delete"),
    path("<int:pk>/download/", views.draft_download, name="draft_download"),  # ?as=docx|json|md
    path("templates/", views.template_list, name="template_list"),  # ?kind=summary|report|plan
    path("templates/preview/", views.template_preview, name="template_preview"),
    path("templates/<str:kind>/<str:section>/", views.template_edit, name="template_edit"),
    path("templates/<str:kind>/<str:section>/reset/", views.template_reset, name="template_reset"),
]
