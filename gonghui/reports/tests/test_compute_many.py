"""compute_many() gives exactly what compute() gives, for every registered figure, in one query per source."""
import datetime

import pytest
from django.db.models import Count, Q

from gonghui.care import services as care
from gonghui.care.models import Assistance, Occasion
from gonghui.core.metrics import Metric, Rate, Ratio, compute_many
from gonghui.members.models import MembershipEvent
from gonghui.reports import registry
from gonghui.reports.periods import Period

D = datetime.date
PERIODS = [Period.half(2025, 1), Period.half(2025, 2), Period.year(2025), Period.year(2024), Period.month(2025, 7)]


@pytest.fixture
def care_records(world, tree, officer_a, officer_b, make_user):
    from gonghui.accounts.roles import Role

    chair = make_user("chair_many", Role.CHAIR, tree["company"])
    care.rule_set_create(actor=None, org=tree["fed"], name="标准", effective_from=D(2024, 1, 1), rules=[
        {"occasion": Occasion.HOSPITAL, "standard": "800", "cap": "1000"},
        {"occasion": Occasion.BIRTHDAY, "standard": "200", "cap": "300"}])
    p1, p6, s1 = world["p1"], world["p6"], world["s1"]
    hardship = care.hardship_file_open(actor=officer_a, person=p6, level="ordinary", causes=["illness"],
                                       opened_on=D(2024, 5, 1))
    for person, occasion, day, actor in [(p1, Occasion.HOSPITAL, D(2025, 3, 1), officer_a),
                                         (p1, Occasion.BIRTHDAY, D(2025, 8, 1), officer_a),
                                         (p6, Occasion.HOSPITAL, D(2025, 9, 1), officer_a),
                                         (p6, Occasion.HOSPITAL, D(2024, 9, 1), officer_a),
                                         (s1, Occasion.HOSPITAL, D(2025, 4, 1), officer_b)]:
        care.condolence_record(actor=actor, person=person, occasion=occasion, visited_on=day)
    for person, kind, amount, day, extra in [(p6, Assistance.Kind.DAILY, "1000", D(2025, 2, 10),
                                              {"hardship_file": hardship}),
                                             (p1, Assistance.Kind.SERIOUS_ILLNESS, "5000", D(2025, 7, 20), {})]:
        a = care.assistance_create(actor=officer_a, person=person, kind=kind, amount=amount, applied_on=day,
                                   submit=True, **extra)
        care.assistance_decide(actor=chair, assistance=a, approve=True)
        care.assistance_disburse(actor=officer_a, assistance=a, disbursed_on=day)
    return tree


def test_every_registered_figure_agrees_with_compute(care_records):
    tree = care_records
    figures = registry.all()
    assert any(m.code.startswith("care.") for m in figures)
    seen = set()
    for org in (tree["fed"], tree["company"], tree["school"], tree["group"]):
        for period in PERIODS:
            many = compute_many(figures, org, period.start, period.end)
            one = {m.code: m.compute(org, period.start, period.end) for m in figures}
            assert many == one, (org.code, period.key)
            seen |= {code for code, value in one.items() if value is not None}
    assert {"members.members", "members.join_rate", "care.condolence.visits", "care.condolence.amount",
            "care.assistance.households", "care.hardship.files"} <= seen


def test_one_query_per_shared_source(care_records, django_assert_max_num_queries):
    sources = {part.source for m in registry.all()
               for part in ([m.numerator, m.denominator] if isinstance(m, Ratio) else [m])}
    year = Period.year(2025)
    # The 签订率 figures count unions, not records (democracy.metrics.contracts.UnionsMetric): each reads the depths
    # of the subtree's grassroots unions first and is computed alone — three queries, whatever the number of unions.
    from gonghui.democracy.metrics.contracts import UnionsMetric

    unions_metrics = sum(isinstance(m, UnionsMetric) for m in registry.all())
    # A figure that follows a to-many relation (e.g. rights.injuries.visited: injuries → their care visits) cannot
    # share its source's query without repeating rows: it runs alone, one query more — per figure, not per record.
    from gonghui.core.metrics import _batch_aggregates, _parts

    org, start, end = care_records["company"], year.start, year.end
    alone = sum(1 for part in _parts(registry.all()) if not isinstance(part, UnionsMetric)
                and _batch_aggregates(part, 0, part.source(org, start, end).model, org, start, end) is None)
    with django_assert_max_num_queries(len(sources) + 2 * unions_metrics + alone):
        registry.compute([m.code for m in registry.all()], care_records["company"], year)
    comparisons = registry.compare_many(["members.members", "care.condolence.visits"], care_records["company"],
                                        year)
    assert comparisons["members.members"].current == 6 and comparisons["members.members"].previous == 8
    assert comparisons["care.condolence.visits"].current == 3 and comparisons["care.condolence.visits"].previous == 1


def events(org, start, end):
    return MembershipEvent.objects.filter(org__path__startswith=org.path, occurred_on__range=(start, end))


def test_figures_over_a_to_many_relation_are_computed_alone(world, tree, django_assert_num_queries):
    joins = Metric("t.joins", "入会", "人", "people", events, Count("pk"), where=Q(kind="join"))
    # Follows Person → memberships (to-many): in a shared query it would repeat the rows of its neighbours.
    with_history = Metric("t.history", "有会籍记录的事项", "人次", "events", events, Count("pk"),
                          where=Q(person__memberships__end_reason="withdrawn"))
    rate = Metric("t.rate", "入会占比", "%", "rate", events, numerator=Q(kind="join"))
    year = Period.year(2025)
    with django_assert_num_queries(2):
        values = compute_many([joins, with_history, rate], tree["company"], year.start, year.end)
    assert values == {m.code: m.compute(tree["company"], year.start, year.end) for m in (joins, with_history, rate)}
    assert isinstance(values["t.rate"], Rate)
