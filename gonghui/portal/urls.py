from django.urls import path

from . import views_join, views_messages

app_name = "portal"

urlpatterns: list = [
    path("messages/", views_messages.inbox, name="messages"),
    path("messages/<int:pk>/", views_messages.open_message, name="message_open"),
    path("messages/read-all/", views_messages.read_all, name="messages_read_all"),
    # 网上入会 (public) and account activation
    path("join/", views_join.join_apply, name="join_apply"),
    path("join/done/", views_join.join_done, name="join_done"),
    path("join/status/", views_join.join_status, name="join_status"),
    path("activate/", views_join.activate, name="activate"),
    # their review by the union's officers
    path("join/review/", views_join.review_list, name="join_review_list"),
    path("join/review/<int:pk>/", views_join.review_detail, name="join_review_detail"),
    path("join/review/<int:pk>/<str:action>/", views_join.review_action, name="join_review_action"),
    path("invitations/", views_join.invitations, name="invitations"),
]
