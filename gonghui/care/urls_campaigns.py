"""Campaign (集中慰问) and fund-rule (经费标准) pages; included from care/urls.py."""
from django.urls import path

from . import views_campaigns as campaigns
from . import views_rules as rules

urlpatterns = [
    path("campaigns/", campaigns.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/add/", campaigns.CampaignCreateView.as_view(), name="campaign_add"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/select/", campaigns.campaign_select, name="campaign_select"),
    path("campaigns/<int:pk>/people/", campaigns.campaign_person_search, name="campaign_person_search"),
    path("campaigns/<int:pk>/recipients/", campaigns.campaign_recipients_edit, name="campaign_recipients_edit"),
    path("campaigns/<int:pk>/approve/", campaigns.campaign_approve, name="campaign_approve"),
    path("campaigns/<int:pk>/sheet/", campaigns.campaign_sheet, name="campaign_sheet"),
    path("campaigns/<int:pk>/deliver/", campaigns.campaign_deliver, name="campaign_deliver"),
    path("campaigns/<int:pk>/close/", campaigns.campaign_close, name="campaign_close"),
    path("rules/", rules.ruleset_list, name="ruleset_list"),
    path("rules/add/", rules.ruleset_add, name="ruleset_add"),
    path("rules/<int:pk>/", rules.ruleset_detail, name="ruleset_detail"),
    path("rules/<int:pk>/edit/", rules.ruleset_edit, name="ruleset_edit"),
    path("rules/<int:pk>/lines/", rules.ruleset_rule_save, name="ruleset_rule_save"),
    path("rules/<int:pk>/lines/<int:rule_pk>/delete/", rules.ruleset_rule_delete, name="ruleset_rule_delete"),
    path("rules/must-visit/", rules.mustvisit_edit, name="mustvisit_edit"),
    path("rules/must-visit/<int:pk>/delete/", rules.mustvisit_delete, name="mustvisit_delete"),
    path("rules/approval-flow/", rules.approvalflow_edit, name="approvalflow_edit"),
]
