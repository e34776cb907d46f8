"""URL patterns of the reading room, included in the `workershome` namespace by urls/__init__.py."""
from django.urls import path

from ..views import books as views

urlpatterns = [
    path("books/", views.BookListView.as_view(), name="book_list"),
    path("books/new/", views.BookCreateView.as_view(), name="book_add"),
    path("books/labels/", views.LabelsView.as_view(), name="labels"),
    path("books/<int:pk>/", views.BookDetailView.as_view(), name="book_detail"),
    path("books/<int:pk>/copies/", views.CopiesAddView.as_view(), name="copies_add"),
    path("circulation/", views.CirculationView.as_view(), name="circulation"),
    path("loans/", views.LoanListView.as_view(), name="loan_list"),
    path("loans/<int:pk>/renew/", views.LoanRenewView.as_view(), name="loan_renew"),
    path("loans/<int:pk>/return/", views.LoanReturnView.as_view(), name="loan_return"),
]
