import datetime

import pytest

from gonghui.core.errors import ServiceError
from gonghui.members import services as member_services
from gonghui.orgs import services
from gonghui.orgs.models import Election, Organization, Position


def test_move_branch_moves_its_subtree_in_one_update(tree):
    new_company = services.org_create(code="C", name="丙公司工会", kind=Organization.Kind.GRASSROOTS, parent=tree["fed"])
    services.org_move(org=tree["branch"], new_parent=new_company)
    tree["group"].refresh_from_db()
    assert tree["group"].path.startswith(new_company.path) and tree["group"].depth == new_company.depth + 2
    assert tree["group"] in new_company.subtree() and tree["group"] not in tree["company"].subtree()


def test_cannot_move_under_own_subtree(tree):
    with pytest.raises(ServiceError, match="下级组织之下"):
        services.org_move(org=tree["company"], new_parent=tree["branch"])


def test_general_election_ends_committee_positions_but_not_group_leaders(tree, make_person):
    org = tree["company"]
    chair, leader, new_chair = (make_person(org, n) for n in ("老主席", "小组长", "新主席"))
    t1 = services.term_create(org=org, number=1, starts_on=datetime.date(2020, 1, 1))
    services.position_assign(org=org, person=chair, title=Position.Title.CHAIR, starts_on=datetime.date(2020, 1, 1), term=t1)
    services.position_assign(org=org, person=leader, title=Position.Title.GROUP_LEADER, starts_on=datetime.date(2021, 1, 1))
    t2 = services.term_create(org=org, number=2, starts_on=datetime.date(2025, 1, 10))
    services.election_record(org=org, term=t2, kind=Election.Kind.GENERAL, held_on=datetime.date(2025, 1, 10),
                             elected=[(new_chair, Position.Title.CHAIR)])
    current = {(p.person.name, p.title) for p in Position.objects.filter(org=org, ends_on__isnull=True)}
    assert current == {("新主席", Position.Title.CHAIR), ("小组长", Position.Title.GROUP_LEADER)}
    old = Position.objects.get(person=chair)
    assert old.ends_on == datetime.date(2025, 1, 10) and old.end_reason == "换届"


def test_union_with_a_transfer_waiting_to_come_in_cannot_close(tree, make_person):
    empty = services.org_create(code="D", name="丁公司工会", kind=Organization.Kind.GRASSROOTS, parent=tree["fed"])
    p = make_person(tree["company"])
    member_services.member_transfer_out(person=p, to_org=empty, on=datetime.date(2025, 3, 1))
    with pytest.raises(ServiceError, match="待接收"):
        services.org_close(org=empty, closed_on=datetime.date(2025, 4, 1), reason="企业注销")


def test_death_cancels_a_pending_transfer_with_an_event(tree, make_person):
    from gonghui.members.models import MembershipEvent, Transfer

    p = make_person(tree["company"])
    t = member_services.member_transfer_out(person=p, to_org=tree["school"], on=datetime.date(2025, 3, 1))
    member_services.person_death(person=p, on=datetime.date(2025, 3, 10))
    t.refresh_from_db()
    assert t.status == Transfer.Status.CANCELLED
    kinds = list(p.membership_events.values_list("kind", flat=True))
    assert kinds[-2:] == [MembershipEvent.Kind.TRANSFER_CANCELLED, MembershipEvent.Kind.DEATH]
