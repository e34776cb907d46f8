"""URL patterns of this part, included in the `democracy` namespace by urls/__init__.py."""
from django.urls import path

from ..views import congress as v

urlpatterns = [
    path("congress/", v.SessionListView.as_view(), name="congress_sessions"),
    path("congress/terms/", v.term_list, name="congress_terms"),
    path("congress/terms/<int:pk>/", v.term_detail, name="congress_term_detail"),
    path("congress/terms/<int:pk>/delegates/", v.DelegateListView.as_view(), name="congress_delegates"),
    path("congress/terms/<int:term_pk>/sessions/add/", v.session_add, name="congress_session_add"),
    path("congress/rules/", v.rules_list, name="congress_rules"),
    path("congress/rules/add/", v.rules_edit, name="congress_rules_add"),
    path("congress/rules/<int:pk>/edit/", v.rules_edit, name="congress_rules_edit"),
    path("congress/sessions/<int:pk>/", v.session_detail, name="congress_session_detail"),
    path("congress/sessions/<int:pk>/edit/", v.session_edit, name="congress_session_edit"),
    path("congress/sessions/<int:pk>/open/", v.session_open, name="congress_session_open"),
    path("congress/sessions/<int:pk>/close/", v.session_close, name="congress_session_close"),
    path("congress/sessions/<int:pk>/attendance/", v.attendance_save, name="congress_attendance"),
    path("congress/sessions/<int:pk>/resolutions/add/", v.resolution_add, name="congress_resolution_add"),
    path("congress/resolutions/<int:pk>/vote/", v.resolution_vote, name="congress_resolution_vote"),
    path("congress/resolutions/<int:pk>/correct/", v.resolution_correct, name="congress_resolution_correct"),
    path("congress/sessions/<int:pk>/reports/add/", v.report_add, name="congress_report_add"),
    path("congress/reports/<int:pk>/file/", v.report_file, name="congress_report_file"),
    path("congress/sessions/<int:pk>/sign-in-sheet/", v.sign_in_sheet, name="congress_sign_in_sheet"),
    path("congress/sessions/<int:pk>/tally-sheet/", v.tally_sheet, name="congress_tally_sheet"),
    path("congress/sessions/<int:pk>/report.docx", v.session_report_docx, name="congress_session_report"),
    path("congress/sign-in/<int:pk>/", v.member_sign_in, name="congress_member_sign_in"),
]
