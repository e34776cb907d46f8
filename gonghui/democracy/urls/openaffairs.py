"""URL patterns of open affairs (厂务公开 …), included in the `democracy` namespace by urls/__init__.py."""
from django.urls import path

from ..views import openaffairs as views

urlpatterns = [
    path("openaffairs/", views.ItemListView.as_view(), name="openaffairs_list"),
    path("openaffairs/new/", views.ItemFormView.as_view(), name="openaffairs_add"),
    path("openaffairs/<int:pk>/", views.item_detail, name="openaffairs_detail"),
    path("openaffairs/<int:pk>/edit/", views.ItemEditView.as_view(), name="openaffairs_edit"),
    path("openaffairs/<int:pk>/publish/", views.item_publish, name="openaffairs_publish"),
    path("openaffairs/<int:pk>/withdraw/", views.item_withdraw, name="openaffairs_withdraw"),
    path("openaffairs/<int:pk>/attach/", views.item_attach, name="openaffairs_attach"),
    path("openaffairs/attachments/<int:pk>/", views.attachment_download, name="openaffairs_attachment"),
    path("openaffairs/required/", views.required_list, name="openaffairs_required"),
    path("openaffairs/required/copy/", views.required_copy, name="openaffairs_required_copy"),
    path("openaffairs/required/<int:pk>/delete/", views.required_delete, name="openaffairs_required_delete"),
    path("openaffairs/setting/", views.setting_save, name="openaffairs_setting"),
    path("openaffairs/mine/", views.my_list, name="openaffairs_mine"),
    path("openaffairs/mine/<int:pk>/", views.my_detail, name="openaffairs_my_detail"),
]
