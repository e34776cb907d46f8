"""Membership actions: admit, transfer, accept, retire, withdraw, death."""
from django.urls import path

from . import views_membership

urlpatterns = [
    path("transfers/", views_membership.TransferListView.as_view(), name="transfer_list"),
]
