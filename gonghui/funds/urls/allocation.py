"""URL patterns of union funds (工会经费), included in the `funds` namespace by urls/__init__.py."""
from django.urls import path

from ..views import allocation as views

urlpatterns = [
    path("allocation/", views.AllocationView.as_view(), name="allocation"),
    path("allocation/subtree/", views.SubtreeView.as_view(), name="allocation_subtree"),
    path("allocation/policy/", views.PolicyView.as_view(), name="allocation_policy"),
    path("allocation/base/", views.BaseView.as_view(), name="allocation_base"),
    path("allocation/arrival/", views.ArrivalView.as_view(), name="allocation_arrival"),
    path("allocation/remittance/", views.RemittanceView.as_view(), name="allocation_remittance"),
    path("allocation/grant/", views.GrantView.as_view(), name="allocation_grant"),
]
