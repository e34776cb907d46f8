"""URL patterns of the 三期 register, included in the `rights` namespace by urls/__init__.py."""
from django.urls import path

from ..views import women as views

urlpatterns = [
    path("women/register/", views.RegisterListView.as_view(), name="maternity_list"),
    path("women/register/new/", views.RegisterAddView.as_view(), name="maternity_add"),
]
