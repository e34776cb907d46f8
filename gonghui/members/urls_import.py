"""Roster import pages (the import wizard)."""
from django.urls import path

from . import views_import

urlpatterns = [
    path("import/", views_import.import_start, name="import_start"),
]
