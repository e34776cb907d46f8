"""The .docx read back with python-docx: page, margins, fonts and sizes (with w:eastAsia), page numbers, chart."""
import io
from decimal import Decimal

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from gonghui.reports import docx as gdocx
from gonghui.reports.documents import Chart, Document, Figure, Heading, Paragraph, Series, Table


def sample_document():
    visits = Figure("care.condolence.visits", 34, "人次", "34人次", org="A", period="2025")
    return Document(
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
            Paragraph(["甲公司工会"], kind="signature"),
        ])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "summary.docx"
    data = gdocx.render(sample_document(), path)
    assert path.read_bytes() == data
    return data


@pytest.fixture(scope="module")
def read_back(rendered):
    return docx.Document(io.BytesIO(rendered))


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
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and round(fmt.line_spacing.pt, 2) == 28.95
    spacing = normal.element.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
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
    assert alt["方正小标宋简体"] == "华文中宋" and alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"


def test_line_grid_has_the_body_line_pitch(read_back):
    grid = read_back.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"


def test_the_text_is_the_documents_text_in_order(read_back):
    """Every line of the document, and nothing else, in order: title, subtitle, headings, paragraphs (figures as
    their phrases), captions, signature. Table cells are read from the table."""
    document = sample_document()
    expected = [document.title, document.subtitle]
    charts = tables = 0
    for block in document.blocks:
        if isinstance(block, (Heading, Paragraph)):
            expected.append(block.text)
        elif isinstance(block, Chart):
            charts += 1
            expected.append(f"图{charts}　{block.caption or block.title}")
        elif isinstance(block, Table):
            tables += 1
            expected.append(f"表{tables}　{block.title}")
    expected += document.signature
    assert [p.text for p in read_back.paragraphs if p.text] == expected
    table = document.blocks[-2]
    cells = [[c.text for c in row.cells] for row in read_back.tables[0].rows]
    assert cells == [table.columns] + [[c.phrase if isinstance(c, Figure) else c for c in row] for row in table.rows]


def test_a_signature_paragraph_in_the_body_is_right_aligned(read_back):
    paragraph = [p for p in read_back.paragraphs if p.text == "甲公司工会"][0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert paragraph.paragraph_format.right_indent.pt == 64  # four characters of 三号


def test_the_file_is_a_valid_docx(rendered):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(rendered)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml", "word/fontTable.xml"} <= names
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in names)
        assert any(n.startswith("word/footer") for n in names)
    doc = docx.Document(io.BytesIO(rendered))
    assert doc.core_properties.title == "甲公司工会2025年工作总结"


def test_libreoffice_is_not_required(monkeypatch):
    """Rendering runs no other program: no soffice on PATH, and starting a process would fail."""
    import shutil
    import subprocess

    def refuse(*args, **kwargs):
        raise AssertionError(f"an external program was started: {args!r}")

    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(subprocess, "run", refuse)
    monkeypatch.setattr(shutil, "which", lambda *a, **k: None)
    data = gdocx.render(sample_document())
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) == 1


def test_a_document_without_charts_does_not_load_matplotlib():
    """matplotlib takes seconds to import: JSON, Markdown and chart-less documents never pay for it."""
    import subprocess
    import sys

    code = ("import sys; from gonghui.reports import docx; from gonghui.reports.documents import Document, Paragraph;"
            "docx.render(Document('标题', blocks=[Paragraph(['正文'])]));"
            "sys.exit(1 if 'matplotlib' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
