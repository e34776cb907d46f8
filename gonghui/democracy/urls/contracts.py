"""URL patterns of collective contracts (集体合同), included in the `democracy` namespace by urls/__init__.py."""
from django.urls import path

from ..views import contracts as v

urlpatterns = [
    path("contracts/", v.ContractListView.as_view(), name="contracts_list"),
    path("contracts/add/", v.ContractCreateView.as_view(), name="contracts_add"),
    path("contracts/coverage/", v.CoverageView.as_view(), name="contracts_coverage"),
    path("contracts/<int:pk>/", v.ContractDetailView.as_view(), name="contracts_detail"),
    path("contracts/<int:pk>/edit/", v.ContractEditView.as_view(), name="contracts_edit"),
    path("contracts/<int:pk>/sign/", v.ContractSignView.as_view(), name="contracts_sign"),
    path("contracts/<int:pk>/submit/", v.ContractSubmitView.as_view(), name="contracts_submit"),
    path("contracts/<int:pk>/review/", v.ContractReviewView.as_view(), name="contracts_review"),
    path("contracts/<int:pk>/renew/", v.ContractRenewView.as_view(), name="contracts_renew"),
    path("contracts/<int:pk>/terminate/", v.ContractTerminateView.as_view(), name="contracts_terminate"),
    path("contracts/<int:pk>/attach/", v.ContractAttachView.as_view(), name="contracts_attach"),
    path("contracts/<int:pk>/checks/add/", v.CheckCreateView.as_view(), name="contracts_check_add"),
    path("contracts/checks/<int:check_pk>/rectify/", v.CheckRectifyView.as_view(), name="contracts_check_rectify"),
    path("contracts/documents/<int:pk>/", v.document_download, name="contracts_document"),
    path("contracts/mine/", v.my_contracts, name="contracts_mine"),
    path("contracts/mine/<int:pk>/", v.my_contract, name="contracts_mine_detail"),
]
