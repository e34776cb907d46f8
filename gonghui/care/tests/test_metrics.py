"""Care figures checked exactly on hand-built records: 人次 vs 人 vs 户, period boundaries, subtrees, breakdowns."""
import datetime
from decimal import Decimal

import pytest
from django.db.models import Q

from gonghui.care import metrics, services
from gonghui.care.models import Assistance, Occasion
from gonghui.members import services as member_services

D = datetime.date
Y2025 = (D(2025, 1, 1), D(2025, 12, 31))


@pytest.fixture
def world(tree, rule_set, officer_a, officer_b, chair_a, make_person):
    """A (甲公司, hardship file since 2024, deep from 2025-07-01), B (一组, file 2025-03-01 → closed 2025-10-01),
    D (一分会, never in care), C (乙学校)."""
    A = make_person(tree["company"], "甲困难")
    B = make_person(tree["group"], "乙困难")
    Dp = make_person(tree["branch"], "丁普通")
    C = make_person(tree["school"], "丙外校")
    fa = services.hardship_file_open(actor=officer_a, person=A, level="ordinary", causes=["illness", "schooling"],
                                     opened_on=D(2024, 5, 1))
    services.hardship_file_change_level(actor=officer_a, file=fa, level="deep", effective_from=D(2025, 7, 1),
                                        reason="病情加重")
    fb = services.hardship_file_open(actor=officer_a, person=B, level="ordinary", causes=["illness", "disability"],
                                     opened_on=D(2025, 3, 1))
    services.hardship_file_close(actor=officer_a, file=fb, closed_on=D(2025, 10, 1), reason="脱困")

    def visit(person, occasion, day, amount, actor=officer_a):
        return services.condolence_record(actor=actor, person=person, occasion=occasion, visited_on=day, amount=amount)

    visit(A, Occasion.HOSPITAL, D(2025, 1, 1), "800")       # first day of the period, in care
    visit(A, Occasion.HOSPITAL, D(2025, 6, 30), "800")      # in care
    visit(A, Occasion.BIRTHDAY, D(2025, 12, 31), "200")     # last day of the period, in care
    visit(B, Occasion.MARRIAGE, D(2025, 2, 15), "500")      # before B's file: not a hardship household then
    visit(B, Occasion.HOSPITAL, D(2025, 4, 1), "800")       # in care
    visit(Dp, Occasion.HOSPITAL, D(2025, 5, 5), "800")      # never in care
    visit(B, Occasion.HOSPITAL, D(2024, 12, 31), "800")     # the day before the period
    visit(Dp, Occasion.FESTIVAL, D(2026, 1, 1), "500")      # the day after the period
    visit(C, Occasion.HOSPITAL, D(2025, 5, 1), "800", actor=officer_b)  # another union

    def paid(person, kind, amount, day, **extra):
        a = services.assistance_create(actor=officer_a, person=person, kind=kind, amount=amount, applied_on=day,
                                       submit=True, **extra)
        services.assistance_decide(actor=chair_a, assistance=a, approve=True)
        return services.assistance_disburse(actor=officer_a, assistance=a, disbursed_on=day)

    paid(A, Assistance.Kind.DAILY, "1000", D(2025, 2, 10), hardship_file=fa)
    paid(A, Assistance.Kind.SERIOUS_ILLNESS, "5000", D(2025, 2, 20), funding_source="upper")
    child = member_services.family_member_add(person=B, relation="child", name="乙之子")
    paid(B, Assistance.Kind.EDUCATION, "2000", D(2025, 9, 1), funding_source="donation", family_member=child,
         school="东南大学")
    approved = services.assistance_create(actor=officer_a, person=Dp, kind="daily", amount="300",
                                          applied_on=D(2025, 3, 1), submit=True)
    services.assistance_decide(actor=chair_a, assistance=approved, approve=True)  # approved, not paid: not counted
    paid(A, Assistance.Kind.DAILY, "400", D(2024, 12, 31), hardship_file=fa)  # before the period
    return {"A": A, "B": B, "D": Dp, "C": C, "fa": fa, "fb": fb}


def value(code, org, period=Y2025):
    return metrics.get(code).compute(org, *period)


def test_condolence_events_people_households_money(tree, world):
    company, fed = tree["company"], tree["fed"]
    assert value("care.condolence.visits", company) == 6
    assert value("care.condolence.people", company) == 3
    assert value("care.condolence.households", company) == 2
    assert str(value("care.condolence.amount", company)) == "3900.00"  # 2 places on SQLite and PostgreSQL alike
    assert value("care.condolence.visits", fed) == 7
    assert value("care.condolence.people", fed) == 4
    assert value("care.condolence.households", fed) == 2
    assert value("care.condolence.amount", fed) == Decimal("4700.00")
    assert value("care.condolence.visits", tree["group"]) == 2  # B only
    # Boundaries: one day either side.
    assert value("care.condolence.visits", company, (D(2025, 1, 2), D(2025, 12, 30))) == 4
    assert value("care.condolence.visits", company, (D(2024, 12, 31), D(2024, 12, 31))) == 1
    # Absent data is an absent figure, not 0.
    assert value("care.condolence.visits", company, (D(2023, 1, 1), D(2023, 12, 31))) is None
    assert value("care.condolence.over_cap", company) is None


def test_condolence_breakdowns(tree, world):
    visits = metrics.get("care.condolence.visits")
    by_month = visits.breakdown(tree["company"], *Y2025, "month")
    assert [(label, n) for _, label, n in by_month] == [
        ("2025-01", 1), ("2025-02", 1), ("2025-04", 1), ("2025-05", 1), ("2025-06", 1), ("2025-12", 1)]
    by_occasion = {label: n for _, label, n in visits.breakdown(tree["company"], *Y2025, "occasion")}
    assert by_occasion == {"生病住院": 4, "结婚": 1, "生日": 1}
    amount_by_month = metrics.get("care.condolence.amount").breakdown(tree["company"], *Y2025, "month")
    assert sum(v for *_, v in amount_by_month) == Decimal("3900.00")


def test_records_behind_a_figure(tree, world):
    households = metrics.get("care.condolence.households")
    rows = households.records(tree["company"], *Y2025)
    assert rows.count() == 4  # the visits to households in care
    assert {r.person.name for r in rows} == {"甲困难", "乙困难"}
    assert metrics.get("care.condolence.visits").records(tree["company"], *Y2025).count() == 6


def test_assistance_figures(tree, world):
    company = tree["company"]
    assert value("care.assistance.payments", company) == 3
    assert value("care.assistance.people", company) == 2
    assert value("care.assistance.households", company) == 1
    assert value("care.assistance.amount", company) == Decimal("8000.00")
    assert value("care.assistance.hardship_people", company) == 1
    assert value("care.assistance.hardship_amount", company) == Decimal("1000.00")
    assert value("care.education.children", company) == 1
    assert value("care.assistance.daily.amount", company) == Decimal("1000.00")
    assert value("care.assistance.daily.payments", company) == 1
    assert value("care.assistance.festival.payments", company) is None
    amount = metrics.get("care.assistance.amount")
    assert {label: v for _, label, v in amount.breakdown(company, *Y2025, "kind")} == {
        "日常救助": Decimal("1000.00"), "大病救助": Decimal("5000.00"), "助学（金秋助学）": Decimal("2000.00")}
    assert {label: v for _, label, v in amount.breakdown(company, *Y2025, "funding_source")} == {
        "本级经费": Decimal("1000.00"), "上级补助": Decimal("5000.00"), "社会捐赠": Decimal("2000.00")}
    assert [(label, str(v)) for _, label, v in amount.breakdown(company, *Y2025, "month")] == [
        ("2025-02", "6000.00"), ("2025-09", "2000.00")]
    assert value("care.assistance.payments", company, (D(2024, 1, 1), D(2024, 12, 31))) == 1


def test_hardship_files_as_of_a_date(tree, world):
    company = tree["company"]
    mid = (D(2025, 1, 1), D(2025, 6, 30))
    assert value("care.hardship.files", company, mid) == 2
    assert value("care.hardship.deep", company, mid) is None
    files = metrics.get("care.hardship.files")
    assert {label: n for _, label, n in files.breakdown(company, *mid, "level")} == {"一般困难": 2}
    assert {label: n for _, label, n in files.breakdown(company, *mid, "cause")} == {"因病": 2, "子女就学": 1, "因残": 1}
    assert value("care.hardship.files", company) == 1  # B closed on 2025-10-01
    assert value("care.hardship.deep", company) == 1
    assert {label: n for _, label, n in files.breakdown(company, *Y2025, "level")} == {"深度困难": 1}
    assert value("care.hardship.opened", company) == 1
    assert value("care.hardship.closed", company) == 1
    assert value("care.hardship.files", company, (D(2024, 1, 1), D(2024, 12, 31))) == 1


def test_health_and_campaign_figures(tree, world, officer_a):
    check = services.health_check_create(actor=officer_a, org=tree["company"], kind="women", checked_on=D(2025, 3, 8),
                                         cost="1800")
    services.health_check_add_participants(actor=officer_a, check=check, people=[world["A"], world["B"], world["D"]])
    assert value("care.health.participants", tree["company"]) == 3
    assert value("care.health.cost", tree["fed"]) == Decimal("1800.00")
    assert value("care.campaign.count", tree["company"]) is None
    assert value("care.campaign.coverage", tree["company"]) is None


def test_every_metric_is_one_query_and_well_formed(tree, world, django_assert_num_queries):
    codes = set()
    for metric in metrics.METRICS:
        assert metric.code.startswith("care.") and metric.code not in codes and metric.label and metric.unit
        assert metric.counts in {"events", "people", "households", "sum", "rate"}
        codes.add(metric.code)
        with django_assert_num_queries(1):
            metric.compute(tree["fed"], *Y2025)
        for name in metric.by:
            with django_assert_num_queries(1):
                metric.breakdown(tree["fed"], *Y2025, name)
    assert set(metrics.compute_all(tree["fed"], *Y2025)) == codes


def test_money_sums_are_exact_decimals_on_every_database(tree, make_person):
    """SQLite stores decimals as floats; 0.10 + 0.20 + … must still add up to the cent, with 2 places."""
    from gonghui.care.aggregates import MoneySum
    from gonghui.care.models import Condolence

    person = make_person(tree["company"], "精确")
    amounts = ["0.10", "0.20", "999999.99", "0.29", "1234.57"] * 40
    Condolence.objects.bulk_create(Condolence(org=tree["company"], person=person, recipient_kind="serving",
                                              occasion="hospital", visited_on=D(2025, 1, 1), amount=Decimal(a))
                                   for a in amounts)
    expected = sum(Decimal(a) for a in amounts)
    assert str(Condolence.objects.aggregate(s=MoneySum("amount"))["s"]) == str(expected) == "40049406.00"
    assert value("care.condolence.amount", tree["fed"]) == expected
    assert Condolence.objects.aggregate(s=MoneySum("amount", filter=Q(amount__lt=1)))["s"] == Decimal("23.60")
