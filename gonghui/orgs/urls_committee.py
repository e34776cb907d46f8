"""Committee pages: terms, elections and positions."""
from django.urls import path

from . import views_committee as v

urlpatterns = [
    path("<int:pk>/terms/add/", v.TermAddView.as_view(), name="term_add"),
    path("<int:pk>/elections/add/", v.ElectionAddView.as_view(), name="election_add"),
    path("<int:pk>/elections/row/", v.election_row, name="election_row"),
    path("<int:pk>/positions/add/", v.PositionAddView.as_view(), name="position_add"),
    path("<int:pk>/committee/people/", v.committee_person_search, name="committee_person_search"),
    path("positions/<int:pk>/end/", v.PositionEndView.as_view(), name="position_end"),
]
