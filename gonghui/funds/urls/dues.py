"""URL patterns of dues, included in the `funds` namespace by urls/__init__.py."""
from django.urls import path

from ..views import dues as views

urlpatterns = [
    path("dues/", views.DuesView.as_view(), name="dues"),
    path("dues/policy/", views.PolicyView.as_view(), name="dues_policy"),
    path("dues/compute/", views.ComputeView.as_view(), name="dues_compute"),
    path("dues/payroll/", views.PayrollCollectView.as_view(), name="dues_payroll"),
    path("dues/arrears/", views.ArrearsListView.as_view(), name="dues_arrears"),
    path("dues/receipts/", views.ReceiptListView.as_view(), name="receipt_list"),
    path("dues/receipts/<int:pk>/", views.ReceiptDetailView.as_view(), name="receipt_detail"),
    path("dues/person/<int:pk>/", views.DuesPersonView.as_view(), name="dues_person"),
    path("dues/person/<int:pk>/collect/", views.CollectView.as_view(), name="dues_collect"),
    path("dues/person/<int:pk>/exemption/", views.ExemptionView.as_view(), name="dues_exemption"),
    path("dues/person/<int:pk>/wage/", views.WageView.as_view(), name="dues_wage"),
    path("my/dues/", views.MyDuesView.as_view(), name="my_dues"),
]
