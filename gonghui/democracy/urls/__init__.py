"""The democracy pages (mounted at /democracy/): each part's patterns in the one `democracy` namespace."""
from django.urls import include, path

app_name = "democracy"

urlpatterns = [
    path("", include("gonghui.democracy.urls.congress")),
    path("", include("gonghui.democracy.urls.proposals")),
    path("", include("gonghui.democracy.urls.openaffairs")),
    path("", include("gonghui.democracy.urls.surveys")),
    path("", include("gonghui.democracy.urls.contracts")),
    path("", include("gonghui.democracy.urls.opinions")),
]
