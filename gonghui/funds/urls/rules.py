"""URL patterns of the fund rules, included in the `funds` namespace by urls/__init__.py."""
from django.urls import path

from ..views import rules as views

urlpatterns = [
    path("rules/", views.RulesView.as_view(), name="rules"),
    path("rules/check/", views.RulesCheckView.as_view(), name="rules_check"),
    path("rules/set/<int:pk>/add/", views.RuleAddView.as_view(), name="rule_add"),
    path("rules/<int:pk>/delete/", views.RuleDeleteView.as_view(), name="rule_delete"),
    path("entries/<int:pk>/tag/", views.EntryTagView.as_view(), name="entry_tag"),
]
