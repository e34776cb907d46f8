"""Roster import pages: the engine's wizard (core.importing.views) bound to the roster, under /people/import/
with the names members:import_start, …_template, …_preview, …_errors, …_commit, …_discard, …_result."""
from gonghui.core.importing.urls import patterns

urlpatterns = patterns("import/", kind="members")
