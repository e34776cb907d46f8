from django.urls import path

from . import views, views_member
from .urls_import import urlpatterns as import_patterns
from .urls_membership import urlpatterns as membership_patterns

app_name = "members"
urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("add/", views.PersonCreateView.as_view(), name="person_add"),
    path("me/", views.me, name="me"),
    path("me/transfer/", views_member.MyTransferStartView.as_view(), name="my_transfer_start"),
    path("me/transfer/unions/", views_member.my_transfer_unions, name="my_transfer_unions"),
    path("me/transfers/<int:pk>/", views_member.my_transfer, name="my_transfer"),
    path("me/transfers/<int:pk>/withdraw/", views_member.my_transfer_withdraw, name="my_transfer_withdraw"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("<int:pk>/reveal/", views.person_reveal, name="person_reveal"),
    path("<int:pk>/family/add/", views.FamilyMemberAddView.as_view(), name="family_add"),
    *membership_patterns,
    *import_patterns,
]
