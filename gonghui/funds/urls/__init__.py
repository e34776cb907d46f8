"""The funds pages (mounted at /funds/): each part's patterns in the one `funds` namespace."""
from django.urls import include, path

app_name = "funds"

urlpatterns = [
    path("", include("gonghui.funds.urls.employers")),
    path("", include("gonghui.funds.urls.dues")),
    path("", include("gonghui.funds.urls.ledger")),
    path("", include("gonghui.funds.urls.allocation")),
]
urlpatterns += [
    path("", include("gonghui.funds.urls.budget")),
    path("", include("gonghui.funds.urls.rules")),
    path("", include("gonghui.funds.urls.audit")),
]
