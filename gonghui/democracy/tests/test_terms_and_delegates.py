"""The congress foundation every democracy part stands on: congresses, terms and delegates (skeleton services)."""
from __future__ import annotations

import datetime

import pytest

from gonghui.core.errors import ServiceError
from gonghui.democracy.models import Congress, Delegate, DelegateCategory, Term
from gonghui.democracy.selectors import congress as selectors
from gonghui.democracy.services import congress as services

D = datetime.date


@pytest.fixture
def congress(tree):
    return services.congress_create(actor=None, org=tree["company"])


def test_a_congress_per_union_and_kind_named_after_the_union(tree, congress, officer_b):
    assert congress.name == "甲公司工会职工代表大会" and congress.short_name == "职代会"
    with pytest.raises(ServiceError, match="已有职工代表大会"):
        services.congress_create(actor=None, org=tree["company"])
    with pytest.raises(ServiceError, match="不能建在工会小组或分会上"):
        services.congress_create(actor=None, org=tree["branch"])
    with pytest.raises(ServiceError) as err:  # another union's officer: out of scope, not told why
        services.congress_create(actor=officer_b, org=tree["company"], kind=Congress.Kind.MEMBERS)
    assert err.value.code == "out_of_scope"


def test_a_new_term_closes_the_open_one_and_terms_are_numbered_once(congress):
    first = services.term_open(actor=None, congress=congress, number=1, started_on=D(2020, 3, 1))
    second = services.term_open(actor=None, congress=congress, number=2, started_on=D(2025, 3, 1),
                                ends_on=D(2030, 2, 28), seats=60)
    first.refresh_from_db()
    assert first.ended_on == D(2025, 2, 28) and second.ended_on is None
    assert str(second) == "职代会第二届"
    assert selectors.current_term(congress, on=D(2024, 6, 1)) == first
    assert selectors.current_term(congress, on=D(2026, 6, 1)) == second
    with pytest.raises(ServiceError, match="第2届已存在"):
        services.term_open(actor=None, congress=congress, number=2, started_on=D(2026, 1, 1))
    with pytest.raises(ServiceError, match="之后"):
        services.term_open(actor=None, congress=congress, number=3, started_on=D(2024, 1, 1))
    with pytest.raises(ServiceError, match="应晚于开始日期"):
        services.term_open(actor=None, congress=congress, number=3, started_on=D(2031, 1, 1), ends_on=D(2030, 1, 1))
    assert Term.objects.filter(congress=congress, ended_on__isnull=True).count() == 1


def test_delegates_are_members_of_the_union_once_per_term_with_their_composition(tree, congress, make_person):
    term = services.term_open(actor=None, congress=congress, number=1, started_on=D(2025, 3, 1))
    group = services.delegation_create(actor=None, term=term, name="第一代表团")
    woman = make_person(tree["group"], "李芳", female=True, birth=D(1995, 5, 1))
    d = services.delegate_elect(actor=None, term=term, person=woman, category=DelegateCategory.FRONTLINE,
                                delegation=group)
    assert (d.is_woman, d.is_young, d.org, d.elected_on) == (True, True, tree["company"], D(2025, 3, 1))
    older = make_person(tree["company"], "王强", birth=D(1970, 1, 1))
    assert not services.delegate_elect(actor=None, term=term, person=older,
                                       category=DelegateCategory.MANAGER).is_young
    with pytest.raises(ServiceError, match="已是本届代表"):
        services.delegate_elect(actor=None, term=term, person=woman, category=DelegateCategory.FRONTLINE)
    with pytest.raises(ServiceError, match="不是甲公司工会"):
        services.delegate_elect(actor=None, term=term, person=make_person(tree["school"], "赵六"),
                                category=DelegateCategory.FRONTLINE)
    with pytest.raises(ServiceError, match="不是在册会员"):
        services.delegate_elect(actor=None, term=term, person=make_person(tree["company"], "钱七", member=False),
                                category=DelegateCategory.FRONTLINE)
    with pytest.raises(ServiceError, match="代表构成"):
        services.delegate_elect(actor=None, term=term, person=make_person(tree["company"], "孙八"), category="boss")
    assert Delegate.objects.filter(term=term).count() == 2
    assert [x.person for x in selectors.serving_delegacies(woman, on=D(2025, 6, 1))] == [woman]
    assert not selectors.serving_delegacies(woman, on=D(2025, 1, 1))


def test_delegates_are_read_within_scope_only(tree, congress, make_person, officer_a, officer_b):
    term = services.term_open(actor=None, congress=congress, number=1, started_on=D(2025, 3, 1))
    services.delegate_elect(actor=None, term=term, person=make_person(tree["company"], "周九"),
                            category=DelegateCategory.OTHER)
    assert selectors.delegates(officer_a).count() == 1
    assert selectors.delegates(officer_b).count() == 0
    assert selectors.terms(officer_b).count() == 0
