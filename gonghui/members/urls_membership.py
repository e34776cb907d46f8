"""Membership actions: apply, admit, reject, transfer, retire, withdraw, death; handling transfers."""
from django.urls import path

from . import views_membership as v

urlpatterns = [
    path("<int:pk>/membership/apply/", v.ApplyView.as_view(), name="membership_apply"),
    path("<int:pk>/membership/admit/", v.AdmitView.as_view(), name="membership_admit"),
    path("<int:pk>/membership/reject/", v.RejectView.as_view(), name="membership_reject"),
    path("<int:pk>/membership/transfer/", v.TransferOutView.as_view(), name="membership_transfer"),
    path("<int:pk>/membership/retire/", v.RetireView.as_view(), name="membership_retire"),
    path("<int:pk>/membership/withdraw/", v.WithdrawView.as_view(), name="membership_withdraw"),
    path("<int:pk>/membership/death/", v.DeathView.as_view(), name="membership_death"),
    path("transfers/", v.TransferListView.as_view(), name="transfer_list"),
    path("transfers/orgs/", v.transfer_org_search, name="transfer_org_search"),
    path("transfers/<int:pk>/", v.TransferDetailView.as_view(), name="transfer_detail"),
    path("transfers/<int:pk>/accept/", v.TransferAcceptView.as_view(), name="transfer_accept"),
    path("transfers/<int:pk>/reject/", v.TransferRejectView.as_view(), name="transfer_reject"),
    path("transfers/<int:pk>/cancel/", v.TransferCancelView.as_view(), name="transfer_cancel"),
]
