"""Roster import pages (the import wizard)."""
from django.urls import path

from . import views_import

urlpatterns = [
    path("import/", views_import.import_start, name="import_start"),
    path("import/template/", views_import.import_template, name="import_template"),
    path("import/<int:pk>/", views_import.import_preview, name="import_preview"),
    path("import/<int:pk>/errors/", views_import.import_errors, name="import_errors"),
    path("import/<int:pk>/commit/", views_import.import_commit, name="import_commit"),
    path("import/<int:pk>/discard/", views_import.import_discard, name="import_discard"),
    path("import/<int:pk>/result/", views_import.import_result, name="import_result"),
]
