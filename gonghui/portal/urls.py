from django.urls import path

from . import views_notices

app_name = "portal"

urlpatterns: list = [
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
