"""URL patterns of the proposals pages, included in the `democracy` namespace by urls/__init__.py."""
from django.urls import path

from ..views import proposals as v

urlpatterns = [
    path("proposals/", v.ProposalListView.as_view(), name="proposals_list"),
    path("proposals/new/", v.EnterView.as_view(), name="proposals_enter"),
    path("proposals/<int:pk>/", v.ProposalDetailView.as_view(), name="proposals_detail"),
    path("proposals/<int:pk>/edit/", v.EditView.as_view(), name="proposals_edit"),
    path("proposals/<int:pk>/review/", v.ReviewView.as_view(), name="proposals_review"),
    path("proposals/<int:pk>/assign/", v.AssignView.as_view(), name="proposals_assign"),
    path("proposals/<int:pk>/answer/", v.AnswerView.as_view(), name="proposals_answer"),
    path("proposals/<int:pk>/rate/", v.RateView.as_view(), name="proposals_rate"),
    path("proposals/<int:pk>/send-back/", v.SendBackView.as_view(), name="proposals_send_back"),
    path("proposals/<int:pk>/close/", v.CloseView.as_view(), name="proposals_close"),
    path("proposals/department/", v.DepartmentInboxView.as_view(), name="proposals_department"),
    path("proposals/departments/", v.departments, name="proposals_departments"),
    path("proposals/departments/<int:pk>/", v.department_edit, name="proposals_department_edit"),
    path("proposals/report/", v.report, name="proposals_report"),
    path("proposals/my/", v.my_list, name="proposals_my_list"),
    path("proposals/my/new/", v.MyNewView.as_view(), name="proposals_my_new"),
    path("proposals/my/cosign/", v.my_cosign, name="proposals_my_cosign"),
    path("proposals/my/<int:pk>/", v.my_detail, name="proposals_my_detail"),
    path("proposals/my/<int:pk>/edit/", v.MyEditView.as_view(), name="proposals_my_edit"),
]
