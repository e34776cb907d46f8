import datetime

import pytest

from gonghui.core.errors import ServiceError
from gonghui.members import services
from gonghui.members.metrics import members_on, overview
from gonghui.members.models import Membership, MembershipEvent, Person, Transfer


def test_admit_gives_number_and_opens_membership(tree, make_person):
    p = make_person(tree["company"], "李四")
    assert p.member_status == Person.MemberStatus.ACTIVE
    assert p.member_no.startswith("A-")
    assert p.memberships.get().ended_on is None
    assert list(p.membership_events.values_list("kind", flat=True)) == [MembershipEvent.Kind.JOIN]


def test_admit_twice_is_refused(tree, make_person):
    p = make_person(tree["company"])
    with pytest.raises(ServiceError, match="已是会员"):
        services.member_admit(person=p, joined_on=datetime.date(2021, 1, 1))
    assert p.memberships.count() == 1


def test_transfer_counts_in_the_right_union_on_each_day(tree, make_person):
    p = make_person(tree["company"], joined=datetime.date(2020, 1, 1))
    t = services.member_transfer_out(person=p, to_org=tree["school"], on=datetime.date(2025, 6, 30))
    # Pending: still a member of the company, not yet of the school.
    assert members_on(tree["company"], datetime.date(2025, 7, 1)).filter(person=p).exists()
    services.transfer_accept(transfer=t, on=datetime.date(2025, 7, 10))
    p.refresh_from_db()
    assert p.org == tree["school"] and p.member_status == Person.MemberStatus.ACTIVE
    assert members_on(tree["company"], datetime.date(2025, 7, 9)).filter(person=p).exists()
    assert not members_on(tree["company"], datetime.date(2025, 7, 10)).filter(person=p).exists()
    assert members_on(tree["school"], datetime.date(2025, 7, 10)).filter(person=p).exists()
    # The federation counts them once on every day.
    for day in (datetime.date(2025, 7, 9), datetime.date(2025, 7, 10)):
        assert members_on(tree["fed"], day).filter(person=p).count() == 1


def test_transfer_never_accepted_can_be_cancelled_and_nothing_is_lost(tree, make_person):
    p = make_person(tree["company"])
    t = services.member_transfer_out(person=p, to_org=tree["school"], on=datetime.date(2025, 3, 1))
    with pytest.raises(ServiceError, match="待接收"):
        services.member_transfer_out(person=p, to_org=tree["school"], on=datetime.date(2025, 3, 2))
    services.transfer_cancel(transfer=t, on=datetime.date(2025, 5, 1), note="对方工会未接收")
    p.refresh_from_db()
    assert p.member_status == Person.MemberStatus.ACTIVE and p.org == tree["company"]
    assert p.memberships.filter(ended_on__isnull=True).count() == 1
    with pytest.raises(ServiceError):
        services.transfer_accept(transfer=t, on=datetime.date(2025, 5, 2))


def test_retired_member_stays_a_member(tree, make_person):
    p = make_person(tree["company"])
    services.member_retire(person=p, on=datetime.date(2025, 3, 1))
    figures = overview(tree["company"], datetime.date(2025, 6, 1))
    assert figures.members == 1 and figures.retired_members == 1 and figures.employees == 0


def test_id_number_of_someone_elsewhere_is_refused_without_saying_who(tree, make_person):
    p = make_person(tree["school"], "王五")
    with pytest.raises(ServiceError) as exc:
        services.person_create(org=tree["company"], name="冒名", id_number=p.id_number)
    assert "王五" not in str(exc.value) and "乙学校" not in str(exc.value)


def test_id_number_check_digit_and_cross_check(tree):
    with pytest.raises(ServiceError, match="校验码"):
        services.person_create(org=tree["company"], name="甲", id_number="320102198503071231")
    with pytest.raises(ServiceError, match="出生日期与身份证号不一致"):
        services.person_create(org=tree["company"], name="甲", id_number="320102198503071230",
                               birth_date=datetime.date(1985, 3, 8))


def test_concurrent_edit_is_refused_not_lost(tree, make_person):
    p = make_person(tree["company"])
    first = Person.objects.get(pk=p.pk)
    second = Person.objects.get(pk=p.pk)
    services.person_update(person=first, version=first.version, department="一车间")
    with pytest.raises(ServiceError, match="已被他人修改"):
        services.person_update(person=second, version=second.version, department="二车间")
    assert Person.objects.get(pk=p.pk).department == "一车间"


def test_one_open_membership_enforced_by_database(tree, make_person):
    from django.db import IntegrityError, transaction

    p = make_person(tree["company"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(person=p, org=tree["school"], started_on=datetime.date(2024, 1, 1))


def test_transfer_outside_system_ends_membership(tree, make_person):
    p = make_person(tree["company"])
    t = services.member_transfer_out(person=p, to_org_name="外省某公司工会", on=datetime.date(2025, 2, 1))
    p.refresh_from_db()
    assert t.status == Transfer.Status.OUTSIDE and p.member_status == Person.MemberStatus.TRANSFERRED_OUT
    assert p.memberships.get().ended_on == datetime.date(2025, 2, 1)


def test_join_rate_counts_serving_members_over_serving_employees(tree, make_person):
    org = tree["company"]
    make_person(org, "在职会员")
    retired = make_person(org, "退休会员")
    services.member_retire(person=retired, on=datetime.date(2024, 6, 1))
    make_person(org, "未入会职工", member=False)
    figures = overview(org, datetime.date(2025, 1, 1))
    assert (figures.members, figures.serving_members, figures.employees) == (2, 1, 2)
    assert figures.join_rate == 50.0
