"""URL patterns of the asset register and stock-takes."""
from django.urls import path

from ..views import assets as views

urlpatterns = [
    path("assets/", views.AssetListView.as_view(), name="asset_list"),
    path("assets/new/", views.AssetCreateView.as_view(), name="asset_add"),
    path("assets/labels/", views.AssetLabelsView.as_view(), name="asset_labels"),
    path("assets/stocktake/<int:year>/", views.StockTakeView.as_view(), name="stocktake"),
]
