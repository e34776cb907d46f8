"""The mixed style (issue 8): money rounded, head counts exact, as real summaries write them; the default of new
drafts; one figure switched in the editor; the 同比 change of a figure in the figure's own unit and style."""
import datetime
from decimal import Decimal

import pytest

from gonghui.care import services as care
from gonghui.care.models import Occasion
from gonghui.core.metrics import Comparison
from gonghui.reports import phrasing, services
from gonghui.reports.documents import Heading, Paragraph, from_dict
from gonghui.reports.drafting import build, editor
from gonghui.reports.forms_documents import GenerateForm
from gonghui.reports.models import Draft, Style
from gonghui.reports.periods import Period

D = datetime.date
Y2025, Y2024 = Period.year(2025), Period.year(2024)
TODAY = D(2026, 1, 10)


def text(document):
    return "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))


def test_mixed_phrases_money_rounded_and_counts_and_rates_exact():
    assert phrasing.phrase(Decimal("132400"), "元", "mixed").text == "13万余元"
    assert phrasing.phrase(Decimal("5180"), "元", "mixed").text == "5100余元"
    assert phrasing.phrase(165, "人", "mixed").text == "165人"
    assert phrasing.phrase(2618, "人", "mixed").text == "2,618人"
    assert phrasing.phrase(9, "次", "mixed").text == "9次"
    assert phrasing.figure_style("mixed", "元") == "rounded"
    assert phrasing.figure_style("mixed", "人次") == "exact"
    assert phrasing.figure_style("mixed", "%") == "exact"
    assert "mixed" in phrasing.STYLES


def comparison(current, previous):
    return Comparison(current, previous, Y2025, Y2024)


@pytest.mark.parametrize("style, figure, change", [
    ("exact", "11.87万元", "同比增加5.18万元"),
    ("rounded", "11万余元", "同比增加5.1万余元"),
    ("mixed", "11万余元", "同比增加5.1万余元"),
])
def test_the_change_of_money_is_written_in_the_figures_unit_and_style(style, figure, change):
    c = comparison(Decimal("118700"), Decimal("66900"))
    assert phrasing.phrase(c.current, "元", style, wan=True).text == figure
    assert phrasing.change_phrase(c, "元", style=style).startswith(change + "，增长")


def test_a_small_change_of_a_figure_in_wan_stays_in_wan_when_exact():
    c = comparison(Decimal("118700"), Decimal("113520"))
    assert phrasing.change_phrase(c, "元", style="exact").startswith("同比增加0.52万元，")
    small = comparison(Decimal("8000"), Decimal("6000"))  # a figure in 元: its change in 元
    assert phrasing.change_phrase(small, "元", style="exact").startswith("同比增加2,000元，")
    counts = comparison(165, 150)
    assert phrasing.change_phrase(counts, "人", style="mixed").startswith("同比增加15人，")


def visit(person, day, amount):
    return care.condolence_record(actor=None, person=person, occasion=Occasion.FESTIVAL, visited_on=day, amount=amount)


@pytest.fixture
def school_visits(world, tree):
    """乙学校工会: 2025 — 9 visits to one person, 13,240元; 2024 — 2 visits, 3,000元."""
    s1 = world["s1"]
    for day in range(1, 9):
        visit(s1, D(2025, 1, day), "1500")
    visit(s1, D(2025, 2, 1), "1240")
    visit(s1, D(2024, 3, 1), "1500")
    visit(s1, D(2024, 4, 1), "1500")
    return tree


def test_a_mixed_draft_rounds_money_and_writes_counts_exactly(school_visits):
    document = build("summary", school_visits["school"], Y2025, style="mixed", today=TODAY)
    body = text(document)
    assert "慰问看望职工9人次" in body and "1.3万余元" in body
    amount = next(f for f in document.figures() if f.metric == "care.condolence.amount")
    visits = next(f for f in document.figures() if f.metric == "care.condolence.visits")
    assert (amount.phrase, amount.style, visits.phrase, visits.style) == ("1.3万余元", "rounded", "9人次", "exact")


def test_mixed_is_the_default_of_new_drafts(school_visits, officer_b):
    assert Style.MIXED == "mixed"
    assert Draft._meta.get_field("style").default == Style.MIXED
    assert GenerateForm().fields["style"].initial == Style.MIXED
    draft = services.draft_generate(actor=officer_b, org=school_visits["school"], kind="summary", period=Y2025,
                                    today=TODAY)
    assert draft.style == "mixed"
    assert "1.3万余元" in text(from_dict(draft.content))
    assert "慰问看望职工9人次" in text(from_dict(draft.content))


def test_the_command_drafts_in_the_mixed_style_by_default(school_visits, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "x.json"
    call_command("report", "summary", "--org", school_visits["school"].code, "--period", "2025", "-o", str(out),
                 "--today", "2026-01-10")
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    phrases = {f["metric"]: f["phrase"] for f in data["figures"]}
    assert phrases["care.condolence.amount"] == "1.3万余元" and phrases["care.condolence.visits"] == "9人次"


def test_restyle_to_mixed_rounds_money_only(school_visits):
    document = build("summary", school_visits["school"], Y2025, style="exact", today=TODAY)
    assert "1.32万元" in text(document)
    editor.restyle(document, "mixed")
    assert "1.3万余元" in text(document) and "慰问看望职工9人次" in text(document)


def test_the_editor_offers_each_figure_in_the_other_style_signed(school_visits, officer_b):
    draft = services.draft_generate(actor=officer_b, org=school_visits["school"], kind="summary", period=Y2025,
                                    style="mixed", today=TODAY)
    document = from_dict(draft.content)
    runs = [r for block in editor.view(draft, document) if block["type"] == "paragraph" for r in block["runs"]
            if r.get("fig")]
    amount = next(r for r in runs if r["metric"] == "care.condolence.amount")
    assert (amount["text"], amount["alt_text"]) == ("1.3万余元", "1.32万元")
    # The page swaps the span to the other token and phrase; read back, the figure is exact, the rest untouched.
    html = f'<span class="fig" data-fig="{amount["alt"]}">{amount["alt_text"]}</span>'
    [fig] = editor.runs_from_html(draft.pk, html)
    assert (fig.style, fig.phrase, fig.value) == ("exact", "1.32万元", Decimal("13240.00"))
    # a token signed for another draft is no figure
    assert editor.runs_from_html(draft.pk + 1, html) == ["1.32万元"]


def test_a_mixed_document_says_a_money_change_in_the_style_of_its_figure(school_visits):
    from gonghui.reports.drafting.compose import prepare
    from gonghui.reports.drafting import wording

    draft = prepare("summary", school_visits["school"], Y2025, style="mixed", today=TODAY)
    line = wording.render("发放慰问金{care.condolence.amount}，{care.condolence.amount|change}。", draft.ctx)
    assert line.text.startswith("发放慰问金1.3万余元，同比增加1万余元，")
    exact = prepare("summary", school_visits["school"], Y2025, style="exact", today=TODAY)
    line = wording.render("发放慰问金{care.condolence.amount}，{care.condolence.amount|change}。", exact.ctx)
    assert line.text.startswith("发放慰问金1.32万元，同比增加1.02万元，")
