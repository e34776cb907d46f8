"""The rights pages (mounted at /rights/): each part's patterns in the one `rights` namespace."""
from django.urls import include, path

app_name = "rights"

urlpatterns = [
    path("", include("gonghui.rights.urls.hazards")),
    path("", include("gonghui.rights.urls.disputes")),
    path("", include("gonghui.rights.urls.women")),
    path("", include("gonghui.rights.urls.injuries")),
    path("", include("gonghui.rights.urls.safety")),
    path("", include("gonghui.rights.urls.screening")),
    path("", include("gonghui.rights.urls.legal")),
]
