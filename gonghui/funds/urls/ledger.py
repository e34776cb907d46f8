"""URL patterns of the ledger (收支账), included in the `funds` namespace by urls/__init__.py."""
from django.urls import path

from ..views import ledger as views

urlpatterns = [
    path("ledger/", views.LedgerListView.as_view(), name="ledger"),
    path("ledger/add/", views.EntryAddView.as_view(), name="ledger_add"),
    path("ledger/inbox/", views.InboxView.as_view(), name="ledger_inbox"),
    path("ledger/propose/", views.ProposeView.as_view(), name="ledger_propose"),
    path("ledger/months/", views.MonthsView.as_view(), name="ledger_months"),
    path("ledger/close/", views.CloseMonthView.as_view(), name="ledger_close"),
    path("ledger/balances/", views.BalancesView.as_view(), name="ledger_balances"),
    path("ledger/publish/", views.PublishView.as_view(), name="ledger_publish"),
    path("ledger/<int:pk>/", views.LedgerDetailView.as_view(), name="ledger_detail"),
    path("ledger/<int:pk>/book/", views.BookView.as_view(), name="ledger_book"),
    path("ledger/<int:pk>/reject/", views.RejectView.as_view(), name="ledger_reject"),
    path("ledger/<int:pk>/reverse/", views.ReverseView.as_view(), name="ledger_reverse"),
    path("ledger/<int:pk>/attach/", views.attachment_upload, name="ledger_attach"),
    path("ledger/attachments/<int:pk>/", views.attachment_download, name="ledger_attachment"),
    path("my/statements/", views.MyStatementsView.as_view(), name="my_statements"),
]
