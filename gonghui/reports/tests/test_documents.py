"""The document model: templates plus figures, JSON that keeps every figure traceable, Markdown."""
import datetime
import json
from decimal import Decimal

import pytest

from gonghui.core.metrics import Rate
from gonghui.reports import documents
from gonghui.reports.documents import Chart, Document, Figure, Heading, Paragraph, Series, Table, fill
from gonghui.reports.periods import Period

D = datetime.date


def fig(code, value, unit, phrase):
    return Figure(code, value, unit, phrase, label="标签", org="A", org_name="甲公司工会", period="2025")


VISITS = fig("care.condolence.visits", 34, "人次", "34人次")
AMOUNT = fig("care.condolence.amount", Decimal("23890.00"), "元", "2.39万元")
HOUSEHOLDS = fig("care.condolence.households", 5, "户", "5户")


def test_fill_weaves_figures_into_the_sentence():
    paragraph = fill("全年慰问看望职工{care.condolence.visits}，发放慰问金{care.condolence.amount}。",
                     {"care.condolence.visits": VISITS, "care.condolence.amount": AMOUNT})
    assert paragraph.text == "全年慰问看望职工34人次，发放慰问金2.39万元。"
    assert paragraph.runs == ["全年慰问看望职工", VISITS, "，发放慰问金", AMOUNT, "。"]


def test_fill_drops_the_clauses_of_absent_figures_and_keeps_the_full_stop():
    template = "按照上级工会要求，慰问看望职工{a}，发放慰问金{b}；走访困难职工{c}。"
    assert fill(template, {"a": VISITS, "b": None, "c": HOUSEHOLDS}).text == \
        "按照上级工会要求，慰问看望职工34人次；走访困难职工5户。"
    assert fill(template, {"a": VISITS, "b": AMOUNT}).text == \
        "按照上级工会要求，慰问看望职工34人次，发放慰问金2.39万元。"
    assert fill(template, {"b": AMOUNT}).text == "按照上级工会要求，发放慰问金2.39万元。"
    assert fill(template, {}) is None  # nothing to say: the caller drops the paragraph
    assert fill("坚持每季度召开一次例会。", {}).text == "坚持每季度召开一次例会。"


def test_document_add_skips_dropped_paragraphs_and_lists_every_figure():
    document = Document("工作总结").add(Heading(1, "一、帮扶"), None, Paragraph(["慰问", VISITS]),
                                     Table(["项目", "金额"], [["慰问金", AMOUNT]]),
                                     Chart("图", "bar", ["1月"], [Series("人次", [34])], figures=[HOUSEHOLDS]))
    assert len(document.blocks) == 4
    assert list(document.figures()) == [VISITS, AMOUNT, HOUSEHOLDS]


def sample() -> Document:
    rate = Figure("members.join_rate", Rate(49, 50), "%", "98%", label="入会率", org="A", period="2025")
    return Document(
        title="甲公司工会2025年工作总结", subtitle="（2026年1月）", kind="summary", org="A", org_name="甲公司工会",
        period="2025", signature=["甲公司工会", "2026年1月10日"],
        blocks=[
            Heading(1, "一、围绕中心，加强组织建设"),
            Paragraph(["全年入会率达到", rate, "。"]),
            Heading(2, "（一）帮扶关怀"),
            Paragraph(["慰问看望职工", VISITS, "，发放慰问金", AMOUNT, "。"]),
            Chart("慰问金按月", "bar", ["1月", "2月"], [Series("金额", [Decimal("800.00"), None], "x", "month")],
                  unit="元", figures=[AMOUNT]),
            Table(["项目", "数量"], [["慰问看望", VISITS], ["困难职工", "5户"]], title="慰问情况"),
        ])


def test_json_carries_each_figure_with_code_value_unit_and_phrase():
    data = json.loads(documents.to_json(sample()))
    assert data["title"] == "甲公司工会2025年工作总结"
    assert data["blocks"][3]["text"] == "慰问看望职工34人次，发放慰问金2.39万元。"
    amount = data["blocks"][3]["runs"][3]
    assert amount == {"type": "figure", "metric": "care.condolence.amount", "label": "标签", "value": "23890.00",
                      "unit": "元", "phrase": "2.39万元", "style": "exact", "qualifier": "", "org": "A",
                      "org_name": "甲公司工会", "period": "2025"}
    rate = data["figures"][0]
    assert rate["value"] == {"numerator": 49, "denominator": 50, "percent": "98.0"} and rate["phrase"] == "98%"
    assert [f["metric"] for f in data["figures"]] == [
        "members.join_rate", "care.condolence.visits", "care.condolence.amount", "care.condolence.amount",
        "care.condolence.visits"]


def test_json_round_trip_keeps_exact_values():
    document = sample()
    again = documents.from_dict(json.loads(documents.to_json(document)))
    assert again == document
    assert isinstance(again.blocks[3].runs[3].value, Decimal)


def test_markdown():
    text = documents.to_markdown(sample())
    assert text.startswith("# 甲公司工会2025年工作总结\n\n（2026年1月）\n\n## 一、围绕中心，加强组织建设\n")
    assert "### （一）帮扶关怀" in text
    assert "慰问看望职工34人次，发放慰问金2.39万元。" in text
    assert "**图1　慰问金按月**" in text and "| 1月 | 800.00 |" in text
    assert "**表1　慰问情况**" in text and "| 慰问看望 | 34人次 |" in text
    assert text.endswith("甲公司工会  \n2026年1月10日\n")


@pytest.fixture
def admissions(tree, make_person):
    make_person(tree["company"], "甲", joined=D(2025, 2, 1))
    make_person(tree["company"], "乙", joined=D(2025, 5, 1))
    return tree


def test_figure_from_the_registry_and_stale_figures(admissions):
    company = admissions["company"]
    year = Period.year(2025)
    new = documents.figure("members.new", company, year)
    assert (new.metric, new.value, new.unit, new.phrase, new.org, new.period) == (
        "members.new", 2, "人", "2人", "A", "2025")
    assert documents.figure("members.new", company, Period.year(2024)) is None  # absent: no figure
    document = Document("总结", blocks=[Paragraph(["新发展会员", new, "。"])])
    assert documents.stale_figures(document) == []
    from gonghui.members import services
    from gonghui.members.models import Person

    services.member_admit(person=Person.objects.create(org=company, name="丙", gender="M"), joined_on=D(2025, 9, 1))
    assert documents.stale_figures(document) == [(new, 3)]


def test_numbered_headings():
    assert documents.numbered(1, 1, "加强组织建设") == Heading(1, "一、加强组织建设")
    assert documents.numbered(2, 3, "帮扶关怀") == Heading(2, "（三）帮扶关怀")
    assert documents.numbered(3, 2, "慰问看望") == Heading(3, "2. 慰问看望")
    assert [documents.chinese_number(n) for n in (1, 9, 10, 11, 20, 21, 99)] == [
        "一", "九", "十", "十一", "二十", "二十一", "九十九"]
