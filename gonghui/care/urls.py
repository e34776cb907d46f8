from django.urls import path

from . import views, views_member
from .urls_campaigns import urlpatterns as campaign_patterns

app_name = "care"
urlpatterns = [
    path("", views.calendar_view, name="calendar"),
    path("people/search/", views.person_search, name="person_search"),
    path("people/family/", views.family_options, name="family_options"),
    # 困难职工档案
    path("hardship/", views.HardshipListView.as_view(), name="hardship_list"),
    path("hardship/due/", views.HardshipOverdueView.as_view(), name="hardship_overdue"),
    path("hardship/add/", views.HardshipOpenView.as_view(), name="hardship_add"),
    path("hardship/<int:pk>/", views.HardshipDetailView.as_view(), name="hardship_detail"),
    path("hardship/<int:pk>/review/", views.HardshipReviewView.as_view(), name="hardship_review"),
    path("hardship/<int:pk>/level/", views.HardshipLevelView.as_view(), name="hardship_level"),
    path("hardship/<int:pk>/close/", views.HardshipCloseView.as_view(), name="hardship_close"),
    # 救助补助
    path("assistance/", views.AssistanceListView.as_view(), name="assistance_list"),
    path("assistance/awaiting/", views.AssistanceAwaitingView.as_view(), name="assistance_awaiting"),
    path("assistance/add/", views.AssistanceCreateView.as_view(), name="assistance_add"),
    path("assistance/<int:pk>/", views.AssistanceDetailView.as_view(), name="assistance_detail"),
    path("assistance/<int:pk>/decide/", views.assistance_decide, name="assistance_decide"),
    path("assistance/<int:pk>/submit/", views.assistance_submit, name="assistance_submit"),
    path("assistance/<int:pk>/cancel/", views.assistance_cancel, name="assistance_cancel"),
    path("assistance/<int:pk>/disburse/", views.AssistanceDisburseView.as_view(), name="assistance_disburse"),
    path("assistance/<int:pk>/attach/", views.assistance_attach, name="assistance_attach"),
    path("assistance/<int:pk>/voucher/", views.assistance_voucher, name="assistance_voucher"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    # 慰问看望
    path("condolences/", views.CondolenceListView.as_view(), name="condolence_list"),
    path("condolences/add/", views.CondolenceCreateView.as_view(), name="condolence_add"),
    path("condolences/propose/", views.condolence_propose, name="condolence_propose"),
    path("condolences/flagged/", views.flagged_list, name="flagged_list"),
    path("condolences/<int:pk>/", views.CondolenceDetailView.as_view(), name="condolence_detail"),
    path("condolences/<int:pk>/edit/", views.CondolenceEditView.as_view(), name="condolence_edit"),
    path("not-visited/", views.not_visited, name="not_visited"),
    path("birthdays/", views.birthdays, name="birthdays"),
    # 健康体检
    path("health/", views.HealthCheckListView.as_view(), name="health_list"),
    path("health/add/", views.HealthCheckCreateView.as_view(), name="health_add"),
    path("health/<int:pk>/", views.health_detail, name="health_detail"),
    path("health/<int:pk>/remove/", views.health_remove, name="health_remove"),
    path("events/add/", views.LifeEventAddView.as_view(), name="life_event_add"),
    # 会员端
    path("my/", views_member.my_list, name="my_list"),
    path("my/apply/", views_member.MyApplyView.as_view(), name="my_apply"),
    path("my/events/report/", views_member.MyLifeEventView.as_view(), name="my_event"),
    path("my/<int:pk>/", views_member.my_detail, name="my_detail"),
    *campaign_patterns,
]
