"""The generic metric machinery (gonghui.core.metrics) and the registry every work area plugs into."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q

from gonghui.core.metrics import Comparison, Metric, Rate, Ratio
from gonghui.members.models import MembershipEvent
from gonghui.reports import registry
from gonghui.reports.periods import Period
from gonghui.reports.registry import Registry

D = datetime.date
Y2025 = Period.year(2025)


def events(org, start, end):
    return MembershipEvent.objects.filter(org__path__startswith=org.path, occurred_on__range=(start, end))


def joins(code="test.joins"):
    return Metric(code, "入会", "人", "people", events, Count("person", distinct=True),
                  where=Q(kind=MembershipEvent.Kind.JOIN))


# -- declarations ----------------------------------------------------------------------------------------------

def test_a_declaration_is_checked():
    with pytest.raises(ValueError, match="counts"):
        Metric("x", "x", "人", "visits", events, Count("pk"))
    with pytest.raises(ValueError, match="unit"):
        Metric("x", "x", "斤", "events", events, Count("pk"))
    with pytest.raises(ValueError, match="numerator"):
        Metric("x", "x", "%", "rate", events)
    with pytest.raises(ValueError, match="value"):
        Metric("x", "x", "人", "people", events)


def test_rate_keeps_numerator_and_denominator():
    assert Rate(49, 50).percent == Decimal("98.0")
    assert Rate(1, 3).percent == Decimal("33.3")
    assert Rate(2, 3).percent == Decimal("66.7")
    assert Rate(Decimal("1500.00"), Decimal("2000.00")).percent == Decimal("75.0")
    assert Rate(0, 0).percent is None
    assert str(Rate(49, 50)) == "98.0%（49/50）"


def test_comparison_change_and_absence():
    year = Period.year(2025)
    c = Comparison(12, 10, year, year.previous_year())
    assert (c.change, c.change_percent, c.change_unit) == (2, Decimal("20.0"), "")
    assert Comparison(12, None, year, year).change is None
    assert Comparison(None, 3, year, year).change_percent is None
    assert Comparison(3, 0, year, year).change_percent is None
    rate = Comparison(Rate(9, 10), Rate(8, 10), year, year)
    assert (rate.change, rate.change_percent, rate.change_unit) == (Decimal("10.0"), None, "个百分点")


# -- computing -------------------------------------------------------------------------------------------------

@pytest.fixture
def people(tree, make_person):
    a = tree["company"]
    make_person(a, "甲", joined=D(2025, 2, 1))
    make_person(a, "乙", joined=D(2025, 5, 1))
    make_person(tree["branch"], "丙", joined=D(2024, 5, 1))
    make_person(tree["school"], "丁", joined=D(2025, 5, 1))
    return tree


def test_compute_records_and_absence(people):
    a = people["company"]
    metric = joins()
    assert metric.compute(a, Y2025.start, Y2025.end) == 2
    assert sorted(metric.records(a, Y2025.start, Y2025.end).values_list("person__name", flat=True)) == ["乙", "甲"]
    assert metric.compute(a, D(2023, 1, 1), D(2023, 12, 31)) is None  # no records: absent, not 0
    assert metric.compare(a, Y2025).previous == 1


def test_conditions_may_depend_on_the_period(people):
    a = people["company"]
    after_march = Metric("test.late", "三月后入会", "人", "people", events, Count("pk"),
                         where=lambda org, start, end: Q(occurred_on__gte=start.replace(month=3)))
    assert after_march.compute(a, Y2025.start, Y2025.end) == 1
    rate = Metric("test.rate", "三月后占比", "%", "rate", events,
                  numerator=lambda org, start, end: Q(occurred_on__gte=start.replace(month=3)),
                  where=Q(kind=MembershipEvent.Kind.JOIN))
    assert rate.compute(a, Y2025.start, Y2025.end) == Rate(1, 2)
    assert rate.by_child(people["fed"], Y2025.start, Y2025.end) == [
        (a.path, "甲公司工会", Rate(1, 2)), (people["school"].path, "乙学校工会", Rate(1, 1))]


def test_ratio_of_two_figures(people):
    a, fed = people["company"], people["fed"]
    in_2025 = joins("test.joins_2025")
    all_joins = Metric("test.all", "全部入会", "人", "people",
                       lambda org, s, e: events(org, D(2000, 1, 1), e), Count("pk"),
                       where=Q(kind=MembershipEvent.Kind.JOIN))
    share = Ratio("test.share", "当年入会占比", numerator=in_2025, denominator=all_joins)
    assert share.compute(a, Y2025.start, Y2025.end) == Rate(2, 3)
    assert share.compute(a, D(2024, 1, 1), D(2024, 12, 31)) == Rate(1, 1)
    assert share.compute(a, D(2023, 1, 1), D(2023, 12, 31)) is None  # no denominator: absent
    assert share.compute(a, D(2024, 6, 1), D(2024, 12, 31)) == Rate(0, 1)  # a base and nothing above it: 0%
    assert share.records(a, Y2025.start, Y2025.end).count() == 3
    assert share.records(a, Y2025.start, Y2025.end, part="numerator").count() == 2
    assert share.by_child(fed, Y2025.start, Y2025.end) == [
        (a.path, "甲公司工会", Rate(2, 3)), (people["school"].path, "乙学校工会", Rate(1, 1))]
    assert share.compare(a, Y2025).previous == Rate(1, 1)


# -- the registry ----------------------------------------------------------------------------------------------

def test_register_get_and_order():
    reg = Registry()
    a, b, c = joins("t.a"), joins("t.b"), joins("t.c")
    assert reg.register([b], area="later", area_label="后面", order=50) == [b]
    reg.register([a, c], area="first", area_label="前面", order=5)
    assert [area.code for area in reg.by_area()] == ["first", "later"]
    assert [m.code for m in reg.all()] == ["t.a", "t.c", "t.b"]
    assert reg.get("t.b") is b and "t.b" in reg and reg.area_of("t.c").label == "前面"
    reg.register([a], area="first", area_label="前面", order=5)  # the same module imported twice: no change
    assert len(reg.all()) == 3
    with pytest.raises(KeyError, match="未知指标：t.x"):
        reg.get("t.x")


def test_register_refuses_clashes():
    reg = Registry()
    reg.register([joins("t.a")], area="one", area_label="一", order=1)
    with pytest.raises(ImproperlyConfigured, match="指标代码重复：t.a"):
        reg.register([joins("t.a")], area="two", area_label="二", order=2)
    with pytest.raises(ImproperlyConfigured, match="重复登记"):
        reg.register([joins("t.b")], area="one", area_label="另一个名字", order=1)
    with pytest.raises(ImproperlyConfigured, match="不是指标"):
        reg.register(["t.c"], area="one", area_label="一", order=1)


def test_the_project_registry_discovers_the_work_areas():
    imported = registry.autodiscover()  # already run by ReportsConfig.ready(); running again changes nothing
    assert "gonghui.members.metrics_registry" in imported
    assert all(name.startswith("gonghui.") for name in imported)
    codes = [m.code for m in registry.all()]
    assert len(codes) == len(set(codes))
    assert registry.by_area()[0].code == "members"
    for metric in registry.all():
        assert metric.label and metric.unit and metric.counts


def test_registry_compute_many(people):
    values = registry.compute(["members.members", "members.new"], people["company"], Y2025)
    assert values == {"members.members": 3, "members.new": 2}
