"""URL patterns of equipment and its loans."""
from django.urls import path

from ..views import equipment as views

urlpatterns = [
    path("equipment/", views.EquipmentListView.as_view(), name="equipment_list"),
    path("equipment/new/", views.EquipmentCreateView.as_view(), name="equipment_add"),
    path("equipment/<int:pk>/lend/", views.EquipmentLendView.as_view(), name="equipment_lend"),
    path("equipment/loans/", views.EquipmentLoanListView.as_view(), name="equipment_loans"),
    path("equipment/loans/<int:pk>/return/", views.EquipmentReturnView.as_view(), name="equipment_return"),
]
