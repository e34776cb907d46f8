"""URL patterns of 电子书屋 (officer's list and edits; the member's list)."""
from django.urls import path

from ..views import ereading as views

urlpatterns = [
    path("ereading/", views.EReadingListView.as_view(), name="ereading_list"),
    path("ereading/new/", views.EReadingCreateView.as_view(), name="ereading_add"),
    path("ereading/<int:pk>/edit/", views.EReadingEditView.as_view(), name="ereading_edit"),
    path("ereading/<int:pk>/delete/", views.EReadingDeleteView.as_view(), name="ereading_delete"),
    path("my/ereading/", views.MyEReadingView.as_view(), name="my_ereading"),
]
