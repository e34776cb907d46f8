"""Fixtures of the proposals tests: a company congress with its second term, six delegates, a department with a
contact, and the same for the school (another union)."""
from __future__ import annotations

import datetime

import pytest

from gonghui.accounts.roles import Role
from gonghui.democracy.models import DelegateCategory
from gonghui.democracy.services import congress as congress_services
from gonghui.democracy.services import proposals as services

START = datetime.date(2024, 3, 20)


def make_term(org, number=2, started=START):
    congress = congress_services.congress_create(actor=None, org=org)
    return congress_services.term_open(actor=None, congress=congress, number=number, started_on=started)


@pytest.fixture
def pworld(tree, make_person, make_user, officer_a, officer_b):
    company, school = tree["company"], tree["school"]
    term = make_term(company)
    people = [make_person(company, name, female=i % 2 == 1) for i, name in
              enumerate(["王建国", "李秀英", "张伟", "刘芳", "陈明", "赵丽"])]
    delegates = [congress_services.delegate_elect(actor=None, term=term, person=p,
                                                  category=DelegateCategory.FRONTLINE) for p in people]
    outsider = make_person(company, "孙强")  # a member, not a delegate
    contact = make_user("hr_contact", Role.DEPARTMENT, company)
    other_contact = make_user("safety_contact", Role.DEPARTMENT, company)
    hr = services.department_save(actor=None, org=company, name="人力资源部", contacts=[contact])
    safety = services.department_save(actor=None, org=company, name="安全环保部", contacts=[other_contact])
    committee = make_user("committee_a", Role.PROPOSALS, company)
    delegate_user = make_user("delegate_a", Role.MEMBER, company, person=people[0])
    cosigner_user = make_user("delegate_b", Role.MEMBER, company, person=people[1])
    b_term = make_term(school, number=3)
    b_person = make_person(school, "周老师")
    b_delegate = congress_services.delegate_elect(actor=None, term=b_term, person=b_person,
                                                  category=DelegateCategory.TECHNICAL)
    b_dept = services.department_save(actor=None, org=school, name="教务处")
    return dict(company=company, school=school, term=term, people=people, delegates=delegates, outsider=outsider,
                contact=contact, other_contact=other_contact, hr=hr, safety=safety, committee=committee,
                officer=officer_a, officer_b=officer_b, delegate_user=delegate_user, cosigner_user=cosigner_user,
                b_term=b_term, b_person=b_person, b_delegate=b_delegate, b_dept=b_dept)


def submit(w, *, actor=None, proposer=None, cosigners=(), title="关于改善一车间通风条件的建议", on=None, **extra):
    return services.proposal_submit(
        actor=actor, term=w["term"], proposer=proposer or w["people"][0], title=title, category="safety",
        reasons="夏季车间温度高，通风设备老化。", measures="更换排风扇，增设移动空调。", cosigners=cosigners,
        submitted_on=on or datetime.date(2025, 3, 1), **extra)
