"""Titles break between the union's name and the kind of document, never inside a word, in Word and in the editor;
the last page never holds the signature and date alone (issue 8). The .docx is read back with python-docx."""
import io

import docx
import pytest

from gonghui.reports import docx as gdocx
from gonghui.reports.documents import Document, Heading, Paragraph, TITLE_EMS, ems, title_lines, title_parts

LONG = "滨江华兴精密机械有限公司工会"
CLOSING = "新的征程上，滨江华兴精密机械有限公司工会将团结带领广大职工群众，凝心聚力、担当作为，作出新的更大贡献！"


def document(title, org_name):
    return Document(title=title, org_name=org_name, signature=[org_name, "2026年1月10日"], blocks=[
        Heading(1, "一、夯实组织基础"),
        Paragraph(["截至2025年12月31日，共有会员316人。"]),
        Paragraph([CLOSING]),
    ])


def read_back(doc):
    return docx.Document(io.BytesIO(gdocx.render(doc)))


def test_a_title_too_long_for_one_line_breaks_after_the_unions_name_in_word():
    title = f"{LONG}2025年工作总结"
    assert ems(title) > TITLE_EMS  # 二号 at A4 width: about 20 characters a line
    paragraph = read_back(document(title, LONG)).paragraphs[0]
    assert paragraph.style.name == "公文标题"
    assert paragraph.text == f"{LONG}\n2025年工作总结"  # the break (w:br) between the name and the kind, nowhere else
    assert len(paragraph._element.findall(".//" + docx.oxml.ns.qn("w:br"))) == 1


def test_a_report_title_breaks_before_guanyu():
    title = f"{LONG}关于2025年工会工作情况的报告"
    assert read_back(document(title, LONG)).paragraphs[0].text == f"{LONG}\n关于2025年工会工作情况的报告"


def test_a_title_that_fits_stays_on_one_line():
    paragraph = read_back(document("甲公司工会2025年工作总结", "甲公司工会")).paragraphs[0]
    assert paragraph.text == "甲公司工会2025年工作总结"
    assert paragraph._element.findall(".//" + docx.oxml.ns.qn("w:br")) == []


@pytest.mark.parametrize("title, org_name, parts", [
    (f"{LONG}2025年工作总结", LONG, [LONG, "2025年工作总结"]),
    ("甲公司工会2025年工作总结", "甲公司工会", ["甲公司工会", "2025年工作总结"]),
    ("某某单位关于2025年工会工作情况的报告", "", ["某某单位", "关于2025年工会工作情况的报告"]),  # renamed: before 关于
    ("某某单位工会2025年上半年工作总结", "另一个名字", ["某某单位工会", "2025年上半年工作总结"]),  # before the year
    ("工作总结", "甲公司工会", ["工作总结"]),
])
def test_title_parts(title, org_name, parts):
    assert title_parts(title, org_name) == parts
    assert "".join(parts) == title


def test_title_lines_only_break_a_title_that_does_not_fit():
    assert title_lines("甲公司工会2025年工作总结", "甲公司工会") == ["甲公司工会2025年工作总结"]
    assert title_lines(f"{LONG}2025年工作总结", LONG) == [LONG, "2025年工作总结"]


def test_the_closing_paragraph_keeps_with_the_signature():
    doc = read_back(document("甲公司工会2025年工作总结", "甲公司工会"))
    paragraphs = doc.paragraphs
    closing = next(i for i, p in enumerate(paragraphs) if p.text == CLOSING)
    signature = [i for i, p in enumerate(paragraphs) if p.text in ("甲公司工会", "2026年1月10日") and i > closing]
    assert signature == [len(paragraphs) - 2, len(paragraphs) - 1]
    assert paragraphs[closing].paragraph_format.keep_together is True
    # the closing paragraph, the empty line and the first signature line each keep with the next: Word moves the
    # closing paragraph to the last page with the 落款 rather than leave the 落款 alone there
    for p in paragraphs[closing:-1]:
        assert p.paragraph_format.keep_with_next is True, p.text
    assert not paragraphs[closing - 1].paragraph_format.keep_with_next  # the body before flows as it will


def test_the_editor_shows_the_title_in_parts_that_do_not_break_inside(db, rf):
    from django.template.loader import render_to_string

    html = render_to_string("reports/documents/_paper.html", {
        "document": document(f"{LONG}2025年工作总结", LONG), "blocks": [], "editable": True})
    assert f'<span class="doc-title-part">{LONG}</span><span class="doc-title-part">2025年工作总结</span>' in html
    from pathlib import Path

    css = (Path(gdocx.__file__).parent / "static/reports/editor.css").read_text(encoding="utf-8")
    assert ".doc-title-part { display: inline-block; }" in css
