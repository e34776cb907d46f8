"""The activities pages (mounted at /activities/): each part's patterns in the one `activities` namespace."""
from django.urls import include, path

app_name = "activities"

urlpatterns = [
    path("", include("gonghui.activities.urls.events")),
    path("", include("gonghui.activities.urls.other")),
]
