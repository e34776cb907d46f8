from django.urls import path

from . import views_messages

app_name = "portal"

urlpatterns: list = [
    path("messages/", views_messages.inbox, name="messages"),
    path("messages/<int:pk>/", views_messages.open_message, name="message_open"),
    path("messages/read-all/", views_messages.read_all, name="messages_read_all"),
]
