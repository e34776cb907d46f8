"""The .docx read back with python-docx: page, margins, fonts and sizes (with w:eastAsia), page numbers, chart."""
import io
from decimal import Decimal

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from gonghui.reports import docx as gdocx
from gonghui.reports.documents import Chart, Document, Figure, Heading, Paragraph, Series, Table


@pytest.fixture(scope="module")
def read_back(tmp_path_factory):
    visits = Figure("care.condolence.visits", 34, "人次", "34人次", org="A", period="2025")
    document = Document(
        title="甲公司工会2025年工作总结", subtitle="（2026年1月）", signature=["甲公司工会", "2026年1月10日"],
        blocks=[
            Heading(1, "一、围绕中心，加强组织建设"),
            Paragraph(["全年新发展会员234人，入会率保持在98%以上。"]),
            Heading(2, "（一）关心职工生活"),
            Heading(3, "1. 慰问看望"),
            Paragraph(["全年慰问看望职工", visits, "，发放慰问金2.39万元。"]),
            Chart("慰问金按月（元）", "bar", ["一月", "二月", "三月"],
                  [Series("慰问金", [Decimal("800.00"), Decimal("1200.50"), None])], unit="元"),
            Table(["项目", "数量"], [["慰问看望", visits], ["困难职工户", "5户"]], title="慰问情况"),
        ])
    path = tmp_path_factory.mktemp("docx") / "summary.docx"
    data = gdocx.render(document, path)
    assert path.read_bytes() == data
    return docx.Document(io.BytesIO(data))


def fonts_of(element):
    rfonts = element.rPr.find(qn("w:rFonts"))
    return {name: rfonts.get(qn(f"w:{name}")) for name in ("eastAsia", "ascii", "hAnsi", "asciiTheme",
                                                            "eastAsiaTheme")}


def by_text(doc, text):
    return next(p for p in doc.paragraphs if p.text == text)


def test_page_is_a4_with_gbt_9704_margins(read_back):
    section = read_back.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [round(m.mm, 1) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                     section.right_margin)] == [37.0, 35.0, 28.0, 26.0]


def test_title_is_xiaobiaosong_size_2_centred(read_back):
    title = read_back.paragraphs[0]
    assert title.text == "甲公司工会2025年工作总结"
    assert title.style.name == "公文标题"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER or title.style.paragraph_format.alignment == \
        WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert run.font.size.pt == 22
    assert fonts_of(run._element)["eastAsia"] == "方正小标宋简体"
    assert fonts_of(title.style.element)["eastAsia"] == "方正小标宋简体"


def test_body_is_fangsong_size_3_indented_two_characters_with_fixed_lines(read_back):
    paragraph = by_text(read_back, "全年慰问看望职工34人次，发放慰问金2.39万元。")
    for run in paragraph.runs:
        assert run.font.size.pt == 16
        assert fonts_of(run._element)["eastAsia"] == "仿宋_GB2312"
        assert fonts_of(run._element)["asciiTheme"] is None
    normal = read_back.styles["Normal"]
    assert fonts_of(normal.element)["eastAsia"] == "仿宋_GB2312" and normal.font.size.pt == 16
    fmt = normal.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and round(fmt.line_spacing.pt, 1) == 28.9
    assert fmt.first_line_indent.pt == 32
    assert normal.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    defaults = read_back.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert fonts_of_rpr(defaults)["eastAsiaTheme"] is None


def fonts_of_rpr(rpr):
    rfonts = rpr.find(qn("w:rFonts"))
    return {"eastAsiaTheme": rfonts.get(qn("w:eastAsiaTheme")), "eastAsia": rfonts.get(qn("w:eastAsia"))}


@pytest.mark.parametrize("text, style, font, bold", [
    ("一、围绕中心，加强组织建设", "Heading 1", "黑体", False),
    ("（一）关心职工生活", "Heading 2", "楷体_GB2312", False),
    ("1. 慰问看望", "Heading 3", "仿宋_GB2312", True),
])
def test_headings_by_level(read_back, text, style, font, bold):
    paragraph = by_text(read_back, text)
    assert paragraph.style.name == style
    run = paragraph.runs[0]
    assert fonts_of(run._element)["eastAsia"] == font
    assert fonts_of(paragraph.style.element)["eastAsia"] == font
    assert fonts_of(paragraph.style.element)["eastAsiaTheme"] is None
    assert run.font.size.pt == 16 and paragraph.style.font.size.pt == 16
    assert bool(run.font.bold or paragraph.style.font.bold) is bold


def test_page_numbers_in_the_footer_odd_right_even_left(read_back):
    section = read_back.sections[0]
    assert read_back.settings.odd_and_even_pages_header_footer
    for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        xml = paragraph._element.xml
        assert "<w:instrText" in xml and " PAGE " in xml and 'w:fldCharType="begin"' in xml
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        for run in paragraph.runs:
            assert run.font.size.pt == 14 and fonts_of(run._element)["eastAsia"] == "宋体"


def test_chart_is_embedded_with_its_caption(read_back):
    pictures = read_back.inline_shapes
    assert len(pictures) == 1
    assert round(pictures[0].width.mm) == 150
    blip = pictures[0]._inline.graphic.graphicData.pic.blipFill.blip
    image = read_back.part.related_parts[blip.embed]
    assert image.content_type == "image/png" and image.blob[:8] == b"\x89PNG\r\n\x1a\n"
    assert by_text(read_back, "图1　慰问金按月（元）").style.name == "图表题注"


def test_table_and_signature(read_back):
    table = read_back.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["项目", "数量"]
    assert [c.text for c in table.rows[1].cells] == ["慰问看望", "34人次"]
    assert fonts_of(table.rows[1].cells[1].paragraphs[0].runs[0]._element)["eastAsia"] == "仿宋_GB2312"
    assert by_text(read_back, "表1　慰问情况")
    signature = by_text(read_back, "2026年1月10日")
    assert signature.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_fallback_fonts_are_declared(read_back):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    table = parse_xml(read_back.part.part_related_by(RT.FONT_TABLE).blob)
    alt = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
           for f in table.findall(qn("w:font")) if f.find(qn("w:altName")) is not None}
    assert alt["方正小标宋简体"] == "小标宋" and alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
