"""Rates are written one way wherever they are shown: one decimal place ("97.0%" beside "95.9%")."""
from decimal import Decimal
from types import SimpleNamespace

from django.template import Context, Template

from gonghui.core.metrics import Comparison, Rate
from gonghui.reports import dashboard, submitting


def test_dashboard_cells_write_every_rate_with_one_decimal():
    assert dashboard.display(Rate(97, 100), "%") == "97.0%"
    assert dashboard.display(Rate(959, 1000), "%") == "95.9%"
    assert dashboard.display(Rate(1, 1), "%") == "100.0%"


def test_submission_tables_write_every_rate_with_one_decimal():
    assert submitting.number_text(Rate(97, 100)) == ("97.0%", "97/100")
    assert submitting.number_text(Rate(959, 1000)) == ("95.9%", "959/1,000")
    assert submitting.display(Rate(97, 100), "%") == "97.0%（97/100）"


def test_changes_on_last_year_use_the_same_format():
    from gonghui.reports import periods

    period = periods.parse("2025")
    previous = period.previous_year()
    assert dashboard.change_text(Comparison(125, 100, period, previous), "人") == ("up", "↑25.0%")
    assert dashboard.change_text(Comparison(Rate(99, 100), Rate(97, 100), period, previous), "%") == (
        "up", "↑2.0个百分点")


def test_campaign_list_coverage_and_template_filter():
    from gonghui.care.views_campaigns import CampaignTable

    table = CampaignTable([])
    assert table.render_coverage(SimpleNamespace(selected=3, delivered=2)) == "2人（66.7%）"
    assert table.render_coverage(SimpleNamespace(selected=4, delivered=4)) == "4人（100.0%）"
    html = Template("{% load gonghui_format %}{{ a|percent }} {{ b|percent }} {{ c|percent }} {{ d|percent }}").render(
        Context({"a": 97, "b": Decimal("95.94"), "c": Rate(1, 3), "d": None}))
    assert html == "97.0% 95.9% 33.3% —"
