"""The person page's 荣誉 tab (members.panels): the person's approved honours, newest first (one query)."""
from __future__ import annotations

from gonghui.accounts.roles import Perm
from gonghui.members import panels

from .selectors import honours as selectors


def _context(request, person):
    return {"honours": list(selectors.of_person(person)), "person": person}


panels.register(panels.PersonPanel(key="honours", label="荣誉", template="achievements/person_honours.html",
                                   context=_context, perm=Perm.ACHIEVE_VIEW, order=50))
