"""URL patterns of budgets, included in the `funds` namespace by urls/__init__.py."""
from django.urls import path

from ..views import budget as views

urlpatterns = [
    path("budget/", views.BudgetListView.as_view(), name="budget_list"),
    path("budget/new/", views.BudgetCreateView.as_view(), name="budget_create"),
    path("budget/<int:pk>/", views.BudgetDetailView.as_view(), name="budget_detail"),
    path("budget/<int:pk>/lines/", views.BudgetLinesView.as_view(), name="budget_lines"),
    path("budget/<int:pk>/approve/", views.BudgetApproveView.as_view(), name="budget_approve"),
    path("budget/<int:pk>/revise/", views.BudgetReviseView.as_view(), name="budget_revise"),
    path("budget/<int:pk>/final/", views.FinalAccountsView.as_view(), name="budget_final"),
    path("budget/<int:pk>/final.docx", views.FinalAccountsDocxView.as_view(), name="budget_final_docx"),
]
