"""The care figures as the reports registry (issue 4) sees them: same values, and one figure per child union."""
import datetime

import pytest
from django.apps import apps

from gonghui.care import metrics, services
from gonghui.care.models import Occasion

pytestmark = pytest.mark.skipif(not apps.is_installed("gonghui.reports"), reason="the reports app is not installed")
D = datetime.date


def test_care_figures_are_registered_and_agree(tree, rule_set, officer_a, officer_b, make_person):
    from gonghui.reports import registry

    a = make_person(tree["branch"], "分会会员")
    b = make_person(tree["school"], "学校会员")
    services.condolence_record(actor=officer_a, person=a, occasion=Occasion.HOSPITAL, visited_on=D(2025, 3, 1))
    services.condolence_record(actor=officer_a, person=a, occasion=Occasion.HOSPITAL, visited_on=D(2025, 4, 1))
    services.condolence_record(actor=officer_b, person=b, occasion=Occasion.HOSPITAL, visited_on=D(2025, 5, 1))
    assert registry.area_of("care.condolence.visits").label == "帮扶关怀"
    for metric in metrics.METRICS:
        figure = registry.get(metric.code)
        assert figure.compute(tree["fed"], D(2025, 1, 1), D(2025, 12, 31)) == \
            metric.compute(tree["fed"], D(2025, 1, 1), D(2025, 12, 31))
    by_union = registry.get("care.condolence.visits").by_child(tree["fed"], D(2025, 1, 1), D(2025, 12, 31))
    assert [(name, n) for _, name, n in by_union] == [("甲公司工会", 2), ("乙学校工会", 1)]
    coverage = registry.get("care.campaign.coverage")
    assert coverage.by_child(tree["fed"], D(2025, 1, 1), D(2025, 12, 31)) == []
