"""The workers' home pages (mounted at /home/): each part's patterns in the one `workershome` namespace."""
from django.urls import include, path

app_name = "workershome"

urlpatterns = [
    path("", include("gonghui.workershome.urls.books")),
    path("", include("gonghui.workershome.urls.rooms")),
    path("", include("gonghui.workershome.urls.equipment")),
    path("", include("gonghui.workershome.urls.member")),
    path("", include("gonghui.workershome.urls.assets")),
    path("", include("gonghui.workershome.urls.accreditation")),
    path("", include("gonghui.workershome.urls.ereading")),
]
