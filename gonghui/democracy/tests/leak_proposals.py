"""Union-B proposals for tests/test_scope_leaks.py: a department with a contact, a proposal with a co-proposer,
assigned, answered and rated (so that every proposals row reachable by id exists in union B)."""
from __future__ import annotations

import datetime

from gonghui.accounts.roles import Role
from gonghui.democracy.models import Congress, Delegate, DelegateCategory, Term
from gonghui.democracy.services import congress as congress_services
from gonghui.democracy.services import proposals as services


def _term(union):
    congress = Congress.objects.filter(org=union).first() or congress_services.congress_create(actor=None, org=union)
    return (Term.objects.filter(congress=congress, ended_on__isnull=True).first()
            or congress_services.term_open(actor=None, congress=congress, number=9,
                                           started_on=datetime.date(2023, 9, 1)))


def _delegate(term, person):
    return (Delegate.objects.filter(term=term, person=person).first()
            or congress_services.delegate_elect(actor=None, term=term, person=person,
                                                category=DelegateCategory.TECHNICAL, elected_on=term.started_on))


def create(b: dict) -> None:
    union, (chair, teacher) = b["union"], b["people"][:2]
    term = _term(union)
    _delegate(term, chair)
    _delegate(term, teacher)
    contact = b["make_user"]("leak_b_department", Role.DEPARTMENT, union)
    dept = services.department_save(actor=None, org=union, name="乙校总务处", contacts=[contact])
    day = max(term.started_on, datetime.date(2024, 3, 1))
    p = services.proposal_submit(actor=None, term=term, proposer=chair, title="乙校关于改善教师办公条件的提案",
                                 category="welfare", reasons="乙校办公室拥挤。", measures="乙校调整办公用房。",
                                 cosigners=[teacher], submitted_on=day)
    services.proposal_review(actor=None, proposal=p, decision="registered", on=day)
    services.proposal_assign(actor=None, proposal=p, department=dept, on=day, due_on=day + datetime.timedelta(days=30))
    services.proposal_answer(actor=None, proposal=p, department=dept, text="乙校已调整。", on=day)
    services.proposal_rate(actor=None, proposal=p, rating="satisfied", on=day)
    b.setdefault("proposals", []).append(p)
