"""The achievements pages (mounted at /achievements/): each part's patterns in the one `achievements` namespace."""
from django.urls import include, path

app_name = "achievements"

urlpatterns = [
    path("", include("gonghui.achievements.urls.suggestions")),
    path("", include("gonghui.achievements.urls.honours")),
    path("", include("gonghui.achievements.urls.competitions")),
    path("", include("gonghui.achievements.urls.innovation")),
]
