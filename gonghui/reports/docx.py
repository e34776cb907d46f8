"""Word (.docx) output laid out as Chinese official documents are (GB/T 9704-2012 《党政机关公文格式》).

    data = render(document)            # bytes of a .docx; document: gonghui.reports.documents.Document
    render(document, path)             # or saved to a file

Layout
------
- A4 (210 × 297 mm); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: the 156 × 225 mm text block of the
  standard.
- Title: 方正小标宋简体 二号 (22 pt), centred; the line under it (organisation, period) 楷体_GB2312 三号, centred;
  one empty line before the body.
- Body: 仿宋_GB2312 三号 (16 pt), first line indented two characters, fixed line spacing 28.95 pt (22 lines on the
  225 mm block; the section's line grid has the same pitch), justified, no space before or after paragraphs.
- Headings (Word's Heading 1–3, so they show in the navigation pane and outline), indented like the body:
  level 1 "一、" 黑体 三号; level 2 "（一）" 楷体_GB2312 三号; level 3 "1." 仿宋_GB2312 三号 bold.
- Charts: PNG pictures (charts.py, drawn without a title of their own) 150 mm wide, centred, with the caption
  "图N　…" under them; tables with the
  caption "表N　…" above them, cells in 仿宋_GB2312 小四 (12 pt).
- A title longer than one line (about 20 characters of 二号) breaks after the union's name (documents.title_lines),
  never inside a word.
- 落款 (signature lines: organisation, date) right-aligned, four characters from the right margin; the closing
  paragraph is kept whole and with the 落款 (keep together, keep with next), so the last page never holds the
  signature and date alone.
- Page numbers: "— N —" in 宋体 四号 (14 pt), a PAGE field in the footer, about 7 mm below the text block;
  odd pages on the right, even pages on the left, one character in from the margin (the standard's rule for
  documents printed on both sides), through Word's different odd and even page footers.

Fonts
-----
Chinese text is shown in the font named by w:rFonts/@w:eastAsia, so every style and every run sets it (with
Times New Roman for Latin letters and digits, as the standard does) and the theme font attributes, which would win
over named fonts, are removed. The font table names a fallback for each (altName: 华文中宋, 仿宋, 楷体, 黑体, 宋体,
fonts a Chinese Windows with Office has) for computers without 方正小标宋 or the GB2312 variants, e.g. Word on a
recent Windows. `FONTS` can be changed for a deployment.
"""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from .documents import Chart, Document, Figure, Heading, Paragraph, Table, title_lines

FONTS = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
    "heading3": "仿宋_GB2312",
    "subtitle": "楷体_GB2312",
    "page_number": "宋体",
    "latin": "Times New Roman",
}
# Word substitutes the altName when a font is not installed: fonts a Chinese Windows (with Office) has.
FALLBACKS = {"方正小标宋简体": "华文中宋", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "黑体": "SimHei", "宋体": "SimSun"}

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_SMALL_4 = Pt(12)  # 小四
LINE = Pt(28.95)  # 22 lines on the 225 mm text block ("固定值28.95磅"; 579 twentieths of a point)
TITLE_LINE = Pt(35)
PAGE = {"width": Mm(210), "height": Mm(297), "top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
FOOTER_DISTANCE = Mm(22)  # the page number's line then starts about 7 mm below the text block
PICTURE_WIDTH = Mm(150)
THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr_parent, east_asia: str, latin: str | None = None) -> None:
    """Name the fonts of a run or style: w:eastAsia for Chinese, `latin` for letters and digits; theme fonts
    removed (they would override the names)."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    latin = latin or FONTS["latin"]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _first_line_chars(paragraph_format, chars: int, size: Pt) -> None:
    """First-line indent in characters (w:firstLineChars, what Word's dialog shows) and in points for others."""
    paragraph_format.first_line_indent = Pt(size.pt * chars)
    ind = paragraph_format.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def _exact(paragraph_format, line=LINE) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = line
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def _style_run(run, font: str, size: Pt, bold: bool = False, latin: str | None = None) -> None:
    set_fonts(run._element, font, latin)
    run.font.size = size
    if bold:
        run.font.bold = True


def _prepare_styles(doc) -> None:
    styles = doc.styles
    # Document defaults: no theme fonts anywhere; Chinese language for line breaking and punctuation.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), FONTS["latin"])
    fonts.set(qn("w:hAnsi"), FONTS["latin"])
    fonts.set(qn("w:eastAsia"), FONTS["body"])
    fonts.set(qn("w:cs"), FONTS["latin"])
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    if spacing is not None:
        spacing.set(qn("w:after"), "0")

    normal = styles["Normal"]
    set_fonts(normal.element, FONTS["body"])
    normal.font.size = SIZE_3
    _exact(normal.paragraph_format)
    _first_line_chars(normal.paragraph_format, 2, SIZE_3)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.widow_control = False

    for level, font, bold in ((1, FONTS["heading1"], False), (2, FONTS["heading2"], False),
                              (3, FONTS["heading3"], True)):
        style = styles[f"Heading {level}"]
        set_fonts(style.element, font)
        style.font.size = SIZE_3
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        color = style.element.rPr.find(qn("w:color"))
        for attribute in ("w:themeColor", "w:themeShade"):
            color.attrib.pop(qn(attribute), None)
        _exact(style.paragraph_format)
        _first_line_chars(style.paragraph_format, 2, SIZE_3)
        style.paragraph_format.keep_with_next = True

    title = styles.add_style("公文标题", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    set_fonts(title.element, FONTS["title"])
    title.font.size = SIZE_2
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    _exact(title.paragraph_format, TITLE_LINE)

    caption = styles.add_style("图表题注", WD_STYLE_TYPE.PARAGRAPH)
    caption.base_style = normal
    set_fonts(caption.element, FONTS["body"])
    caption.font.size = SIZE_4
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Pt(0)


def _font_table(doc) -> None:
    """Declare the Chinese fonts with an altName that Word substitutes when the font is missing."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(part.blob)
    present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name in dict.fromkeys(FONTS.values()):
        if name in present or name == FONTS["latin"]:
            continue
        font = parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}">'
            + (f'<w:altName w:val="{FALLBACKS[name]}"/>' if name in FALLBACKS else "")
            + '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')
        root.append(font)
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    section.footer_distance = FOOTER_DISTANCE
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:linePitch"), str(round(LINE.pt * 20)))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, alignment) -> None:
    """"— N —" with N a PAGE field, one character (四号) in from the margin on its side."""
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = SIZE_4
    else:
        fmt.left_indent = SIZE_4
    font = FONTS["page_number"]

    def run(text=None):
        r = paragraph.add_run(text)
        _style_run(r, font, SIZE_4, latin=font)
        return r

    run("— ")
    for kind in ("begin", None, "separate", "1", "end"):
        if kind in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run()._element.append(char)
        elif kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run()._element.append(instr)
        else:
            run(kind)
    run(" —")


def _text_runs(paragraph, runs, font: str, size: Pt, bold: bool = False) -> None:
    for item in runs:
        text = item.phrase if isinstance(item, Figure) else item
        if text:
            _style_run(paragraph.add_run(text), font, size, bold)


def _picture(doc, chart: Chart, number: int) -> None:
    from . import charts  # matplotlib is imported only when a document has a chart

    png = charts.render(chart, title=False)
    holder = doc.add_paragraph()
    holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
    holder.paragraph_format.first_line_indent = Pt(0)
    holder.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact line would clip the picture
    holder.paragraph_format.keep_with_next = True
    holder.add_run().add_picture(io.BytesIO(png), width=PICTURE_WIDTH)
    caption = doc.add_paragraph(style="图表题注")
    _style_run(caption.add_run(f"图{number}　{chart.caption or chart.title}"), FONTS["body"], SIZE_4)


def _table(doc, table: Table, number: int) -> None:
    if table.title:
        caption = doc.add_paragraph(style="图表题注")
        caption.paragraph_format.keep_with_next = True
        _style_run(caption.add_run(f"表{number}　{table.title}"), FONTS["body"], SIZE_4)
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Row by row through grid.rows / row.cells: grid.cell(r, c) walks the whole table on every call (python-docx),
    # which makes a table of a few thousand rows take minutes.
    for row_index, (row, grid_row) in enumerate(zip([table.columns, *table.rows], grid.rows)):
        for cell, grid_cell in zip(row, grid_row.cells):
            paragraph = grid_cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            _text_runs(paragraph, [cell if isinstance(cell, Figure) else str(cell)], FONTS["body"], SIZE_SMALL_4,
                       bold=row_index == 0)


def build(document: Document):
    """The python-docx Document for a document (see render())."""
    doc = new_docx()
    _prepare_styles(doc)
    _font_table(doc)
    _page(doc)

    title = doc.add_paragraph(style="公文标题")
    lines = title_lines(document.title, document.org_name)  # too long for one line: broken after the union's name
    for index, line in enumerate(lines):
        run = title.add_run(line)
        _style_run(run, FONTS["title"], SIZE_2)
        if index < len(lines) - 1:
            run.add_break()
    if document.subtitle:
        line = doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.paragraph_format.first_line_indent = Pt(0)
        _style_run(line.add_run(document.subtitle), FONTS["subtitle"], SIZE_3)
    doc.add_paragraph()  # one empty line between the title and the body

    figures = tables = 0
    last_body = None  # the last body paragraph: it goes to the last page with the 落款
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            paragraph = doc.add_paragraph(style=f"Heading {level}")
            font = FONTS[f"heading{level}"]
            _style_run(paragraph.add_run(block.text), font, SIZE_3, bold=level == 3)
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph()
            if block.kind in ("plain", "signature"):
                paragraph.paragraph_format.first_line_indent = Pt(0)
            if block.kind == "signature":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                paragraph.paragraph_format.right_indent = Pt(SIZE_3.pt * 4)
            _text_runs(paragraph, block.runs, FONTS["body"], SIZE_3)
            last_body = paragraph
        elif isinstance(block, Chart):
            figures += 1
            _picture(doc, block, figures)
        elif isinstance(block, Table):
            tables += 1
            _table(doc, block, tables)
        else:
            raise TypeError(f"not a block: {block!r}")

    if document.signature:
        # The last page never holds the 落款 alone: the closing paragraph (kept whole), the empty line and every
        # signature line but the last keep with the next.
        body = [child for child in doc.element.body if child.tag != qn("w:sectPr")]
        if last_body is not None and body and body[-1] is last_body._p:  # the body ends with it (no chart after)
            last_body.paragraph_format.keep_together = True
            last_body.paragraph_format.keep_with_next = True
        doc.add_paragraph().paragraph_format.keep_with_next = True
        for number, text in enumerate(document.signature, start=1):
            paragraph = doc.add_paragraph()
            if number < len(document.signature):
                paragraph.paragraph_format.keep_with_next = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.right_indent = Pt(SIZE_3.pt * 4)
            _style_run(paragraph.add_run(text), FONTS["body"], SIZE_3)
    doc.core_properties.title = document.title
    doc.core_properties.author = document.org_name or "gonghui"
    return doc


def render(document: Document, path: str | Path | None = None) -> bytes:
    """The .docx as bytes (and written to `path` when given)."""
    out = io.BytesIO()
    build(document).save(out)
    data = out.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data

