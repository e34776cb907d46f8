"""URL patterns of women's special protection, included in the `rights` namespace by urls/__init__.py."""
from django.urls import path

from ..views import women as views

urlpatterns = [
    path("women/register/", views.RegisterListView.as_view(), name="maternity_list"),
    path("women/register/new/", views.RegisterAddView.as_view(), name="maternity_add"),
    path("women/", views.DeskView.as_view(), name="women_desk"),
    path("women/checks/", views.CheckListView.as_view(), name="women_check_list"),
    path("women/checks/new/", views.CheckAddView.as_view(), name="women_check_add"),
    path("women/checks/<int:pk>/", views.CheckDetailView.as_view(), name="women_check_detail"),
    path("women/checks/<int:pk>/fixed/", views.CheckFixedView.as_view(), name="women_check_fixed"),
    path("women/mutual-aid/", views.MutualAidListView.as_view(), name="women_aid_list"),
    path("women/mutual-aid/new/", views.MutualAidAddView.as_view(), name="women_aid_add"),
    path("women/mutual-aid/<int:pk>/claim/", views.MutualAidClaimView.as_view(), name="women_aid_claim"),
    path("women/campaign/", views.CampaignListView.as_view(), name="women_campaign_list"),
    path("women/campaign/new/", views.CampaignAddView.as_view(), name="women_campaign_add"),
]
