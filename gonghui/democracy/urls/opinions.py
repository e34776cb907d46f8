"""URL patterns of opinions (职工意见建议, 意见箱), included in the `democracy` namespace by urls/__init__.py."""
from django.urls import path

from ..views import opinions as views

urlpatterns = [
    path("opinions/", views.OpinionListView.as_view(), name="opinions_list"),
    path("opinions/new/", views.OpinionRecordView.as_view(), name="opinions_add"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinions_detail"),
    path("opinions/<int:pk>/forward/", views.opinion_forward, name="opinions_forward"),
    path("opinions/<int:pk>/answer/", views.opinion_answer, name="opinions_answer"),
    path("opinions/box/", views.box, name="opinions_box"),
    path("opinions/box/follow/", views.follow, name="opinions_follow"),
    path("opinions/mine/<int:pk>/", views.my_detail, name="opinions_my_detail"),
]
