"""URL patterns of honours, included in the `achievements` namespace by urls/__init__.py."""
from django.urls import path

from ..views import honours as views

urlpatterns = [
    path("honours/", views.HonourListView.as_view(), name="honour_list"),
    path("honours/new/", views.HonourCreateView.as_view(), name="honour_add"),
    path("honours/nominate/", views.NominateView.as_view(), name="honour_nominate"),
    path("honours/<int:pk>/", views.HonourDetailView.as_view(), name="honour_detail"),
    path("honours/<int:pk>/publicise/", views.PublicityView.as_view(), name="honour_publicise"),
    path("honours/<int:pk>/approve/", views.ApproveView.as_view(), name="honour_approve"),
    path("honours/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="honour_withdraw"),
]
