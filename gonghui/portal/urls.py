from django.urls import path

from . import views_join, views_member, views_messages, views_notices, views_reset

app_name = "portal"

urlpatterns: list = [
    # the member's phone shell
    path("", views_member.home, name="member_home"),
    path("services/", views_member.services, name="member_services"),
    path("me/", views_member.me, name="member_me"),
    path("me/applications/", views_member.applications, name="member_applications"),
    path("manifest.webmanifest", views_member.manifest, name="manifest"),
    path("sw.js", views_member.service_worker, name="service_worker"),
    path("verify/<str:token>/", views_member.verify, name="verify"),
    path("messages/", views_messages.inbox, name="messages"),
    path("messages/<int:pk>/", views_messages.open_message, name="message_open"),
    path("messages/read-all/", views_messages.read_all, name="messages_read_all"),
    # 网上入会 (public) and account activation
    path("join/", views_join.join_apply, name="join_apply"),
    path("join/done/", views_join.join_done, name="join_done"),
    path("join/status/", views_join.join_status, name="join_status"),
    path("activate/", views_join.activate, name="activate"),
    # password reset through the union: the member asks, an officer issues a reset code, the member uses it
    path("password/forgot/", views_reset.forgot, name="password_forgot"),
    path("password/reset/", views_reset.reset, name="password_reset"),
    path("password-resets/", views_reset.requests, name="password_resets"),
    path("password-resets/person/<int:person_pk>/", views_reset.issue, name="password_reset_issue"),
    # their review by the union's officers
    path("join/review/", views_join.review_list, name="join_review_list"),
    path("join/review/<int:pk>/", views_join.review_detail, name="join_review_detail"),
    path("join/review/<int:pk>/<str:action>/", views_join.review_action, name="join_review_action"),
    path("invitations/", views_join.invitations, name="invitations"),
    # 通知公告: the audience's pages, then the officer's
    path("notices/", views_notices.my_notices, name="my_notices"),
    path("notices/<int:pk>/", views_notices.my_notice_detail, name="notice_detail"),
    path("notices/attachments/<int:pk>/", views_notices.attachment_download, name="notice_attachment"),
    path("notices/manage/", views_notices.NoticeListView.as_view(), name="notice_list"),
    path("notices/manage/new/", views_notices.NoticeFormView.as_view(), name="notice_add"),
    path("notices/manage/<int:pk>/", views_notices.notice_manage_detail, name="notice_manage_detail"),
    path("notices/manage/<int:pk>/edit/", views_notices.NoticeEditView.as_view(), name="notice_edit"),
    path("notices/manage/<int:pk>/publish/", views_notices.notice_publish, name="notice_publish"),
    path("notices/manage/<int:pk>/withdraw/", views_notices.notice_withdraw, name="notice_withdraw"),
    path("notices/manage/<int:pk>/attach/", views_notices.notice_attach, name="notice_attach"),
]
