"""URL patterns of suggestions, included in the `achievements` namespace by urls/__init__.py."""
from django.urls import path

from ..views import suggestions as views

urlpatterns = [
    path("suggestions/", views.SuggestionListView.as_view(), name="suggestion_list"),
    path("suggestions/new/", views.OfficerNewView.as_view(), name="suggestion_add"),
    path("suggestions/setup/", views.setup, name="setup"),
    path("suggestions/<int:pk>/", views.SuggestionDetailView.as_view(), name="suggestion_detail"),
    path("suggestions/<int:pk>/score/", views.ScoreView.as_view(), name="suggestion_score"),
    path("suggestions/<int:pk>/grade/", views.GradeView.as_view(), name="suggestion_grade"),
    path("suggestions/<int:pk>/adopt/", views.AdoptView.as_view(), name="suggestion_adopt"),
    path("suggestions/<int:pk>/implement/", views.ImplementView.as_view(), name="suggestion_implement"),
    path("suggestions/<int:pk>/benefit/", views.BenefitView.as_view(), name="suggestion_benefit"),
    path("suggestions/attachments/<int:pk>/", views.attachment, name="suggestion_attachment"),
    path("panel/", views.panel_list, name="panel_list"),
    path("panel/<int:pk>/", views.panel_score, name="panel_score"),
    path("my/suggestions/", views.my_list, name="my_suggestions"),
    path("my/suggestions/new/", views.MyNewView.as_view(), name="my_suggestion_new"),
    path("my/suggestions/<int:pk>/", views.my_detail, name="my_suggestion"),
]
