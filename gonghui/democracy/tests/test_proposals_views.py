"""Proposals pages: the officers' list and filters, the detail with its steps, the committee's forms, the
department contact's list and answer, the delegate's phone pages, export, the report, 404 outside scope."""
from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse

from gonghui.democracy.models import Proposal, ProposalState
from gonghui.democracy.services import proposals as services

from .proposals_fixtures import pworld, submit  # noqa: F401

D = datetime.date
S = ProposalState


@pytest.fixture
def flow(pworld):
    w = pworld
    p = submit(w, cosigners=[w["people"][1]])
    q = submit(w, proposer=w["people"][2], title="关于增加职工培训名额的建议")
    services.proposal_review(actor=None, proposal=p, decision=S.REGISTERED, on=D(2025, 3, 2))
    services.proposal_assign(actor=None, proposal=p, department=w["hr"], on=D(2025, 3, 3), due_on=D(2025, 4, 1))
    return dict(w, p=p, q=q)


def test_officer_list_filters_and_query_count(client, flow, django_assert_max_num_queries):
    w = flow
    client.force_login(w["officer"])
    url = reverse("democracy:proposals_list")
    r = client.get(url)
    assert r.status_code == 200
    html = r.content.decode()
    assert "第2-001号" in html and "关于增加职工培训名额的建议" in html
    html = client.get(url, {"overdue": "true"}).content.decode()
    assert "第2-001号" in html and "第2-002号" not in html
    html = client.get(url, {"state": "submitted"}).content.decode()
    assert "第2-002号" in html and "第2-001号" not in html
    html = client.get(url, {"department": w["hr"].pk}).content.decode()
    assert "第2-001号" in html and "第2-002号" not in html
    html = client.get(url, {"category": "wages"}).content.decode()
    assert "第2-001号" not in html
    assert client.get(url, {"department": w["b_dept"].pk}).status_code == 400  # another union's department
    for i in range(5):
        submit(w, title=f"提案{i}")
    with django_assert_max_num_queries(20) as five:
        client.get(url)
    for i in range(10):
        submit(w, title=f"更多提案{i}")
    with django_assert_max_num_queries(len(five.captured_queries)):
        client.get(url)


def test_export_is_reimportable_shape(client, flow):
    from openpyxl import load_workbook

    client.force_login(flow["officer"])
    r = client.get(reverse("democracy:proposals_list"), {"export": "xlsx"})
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r and r[0] == "届次")  # a title line may come first
    assert list(rows[at][:5]) == ["届次", "编号", "案由", "类别", "提案人"]
    body = [r for r in rows[at + 1:] if r[2]]
    assert {r[2] for r in body} == {"关于改善一车间通风条件的建议", "关于增加职工培训名额的建议"}
    first = next(r for r in body if r[1] == "第2-001号")
    assert first[3] == "劳动保护" and first[5] == "李秀英" and "已交办" in first


def test_detail_and_committee_forms(client, flow):
    w = flow
    client.force_login(w["committee"])
    q = w["q"]
    r = client.get(reverse("democracy:proposals_detail", args=[q.pk]))
    assert r.status_code == 200 and "审查" in r.content.decode()
    r = client.post(reverse("democracy:proposals_review", args=[q.pk]), {"decision": "rejected", "note": ""})
    assert "请填写不予立案的理由" in r.content.decode()
    r = client.post(reverse("democracy:proposals_review", args=[q.pk]), {"decision": "registered"})
    assert r.status_code == 302
    r = client.post(reverse("democracy:proposals_assign", args=[q.pk]),
                    {"department": w["safety"].pk, "due_on": "2099-01-01"})
    assert r.status_code == 302
    q.refresh_from_db()
    assert q.state == S.ASSIGNED and q.department == w["safety"]
    html = client.get(reverse("democracy:proposals_detail", args=[q.pk]) + "?tab=steps").content.decode()
    assert "立案" in html and "交办" in html and "安全环保部" in html


def test_department_contact_answers_only_their_own(client, flow):
    w, p = flow, flow["p"]
    client.force_login(w["other_contact"])
    assert client.get(reverse("democracy:proposals_detail", args=[p.pk])).status_code == 404
    assert client.get(reverse("democracy:proposals_answer", args=[p.pk])).status_code == 404
    assert client.get(reverse("democracy:proposals_list")).status_code == 404  # no DEMOCRACY_VIEW
    client.force_login(w["contact"])
    html = client.get(reverse("democracy:proposals_department")).content.decode()
    assert "待本部门答复" in html and p.title in html
    r = client.post(reverse("democracy:proposals_answer", args=[p.pk]),
                    {"department": w["safety"].pk, "text": "答复"})  # not their department: not a choice
    assert r.status_code == 200
    r = client.post(reverse("democracy:proposals_answer", args=[p.pk]),
                    {"department": w["hr"].pk, "text": "已列入计划"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.state == S.ANSWERED


def test_delegate_phone_pages(client, flow):
    w = flow
    client.force_login(w["delegate_user"])
    r = client.get(reverse("democracy:proposals_my_new"))
    assert r.status_code == 200 and "李秀英" in r.content.decode()
    r = client.post(reverse("democracy:proposals_my_new"), {
        "title": "关于食堂增加夜班餐的建议", "category": "welfare", "reasons": "夜班职工就餐不便。",
        "measures": "增设夜班窗口。", "cosigners": [w["people"][3].pk]})
    assert r.status_code == 302
    new = Proposal.objects.get(title="关于食堂增加夜班餐的建议")
    assert new.cosigner_count == 1 and new.proposer.person == w["people"][0]
    r = client.post(reverse("democracy:proposals_my_new"), {"title": "", "category": "", "reasons": "", "measures": ""})
    assert r.status_code == 200 and "该字段是必填项" in r.content.decode()
    html = client.get(reverse("democracy:proposals_my_list")).content.decode()
    assert "关于食堂增加夜班餐的建议" in html and "关于改善一车间通风条件的建议" in html
    # co-signing: the second delegate signs the new proposal; twice is harmless
    client.force_login(w["cosigner_user"])
    for _ in range(2):
        r = client.post(reverse("democracy:proposals_my_detail", args=[new.pk]), {"action": "cosign"})
        assert r.status_code == 302
    new.refresh_from_db()
    assert new.cosigner_count == 2
    # rating the answer
    p = w["p"]
    services.proposal_answer(actor=None, proposal=p, department=w["hr"], text="已办理", on=D(2025, 3, 20))
    client.force_login(w["delegate_user"])
    assert "已答复，请评价" in client.get("/portal/").content.decode()
    r = client.post(reverse("democracy:proposals_my_detail", args=[p.pk]), {"action": "rate", "rating": "unsatisfied"})
    assert "请写明不满意的原因" in r.content.decode()
    r = client.post(reverse("democracy:proposals_my_detail", args=[p.pk]), {"action": "rate", "rating": "satisfied"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.state == S.RATED and p.rating == "satisfied"


def test_outside_scope_is_404(client, flow):
    w = flow
    client.force_login(w["officer_b"])
    for name in ("proposals_detail", "proposals_review", "proposals_assign", "proposals_answer", "proposals_close"):
        assert client.get(reverse(f"democracy:{name}", args=[w["p"].pk])).status_code == 404
    client.force_login(w["cosigner_user"])  # a member: not an officer's page
    assert client.get(reverse("democracy:proposals_detail", args=[w["p"].pk])).status_code == 404
    client.force_login(w["delegate_user"])
    b = services.proposal_submit(actor=None, term=w["b_term"], proposer=w["b_person"], title="乙校提案",
                                 category="training", reasons="理由", measures="措施", submitted_on=D(2025, 3, 1))
    assert client.get(reverse("democracy:proposals_my_detail", args=[b.pk])).status_code == 404


def test_report_docx(client, flow):
    from docx import Document as Docx

    w = flow
    services.proposal_answer(actor=None, proposal=w["p"], department=w["hr"], text="已列入技改计划。" * 20,
                             on=D(2025, 3, 20))
    client.force_login(w["officer"])
    r = client.get(reverse("democracy:proposals_report"), {"term": w["term"].pk})
    assert r.status_code == 200
    doc = Docx(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "关于第二届职代会职工代表提案办理情况的报告" in text.replace("\n", "")
    assert "共收到职工代表提案2件，参与提案3人次" in text and "立案1件，立案率50%" in text
    assert "尚待审查1件" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "人力资源部" in cells and "2-001" in cells
    client.force_login(w["officer_b"])
    assert client.get(reverse("democracy:proposals_report"), {"term": w["term"].pk}).status_code == 200  # form again
    assert "docx" not in client.get(reverse("democracy:proposals_report"), {"term": w["term"].pk})["Content-Type"]


def test_departments_page(client, flow):
    w = flow
    client.force_login(w["officer"])
    url = reverse("democracy:proposals_departments")
    assert "人力资源部" in client.get(url).content.decode()
    r = client.post(url, {"name": "人力资源部", "order": 1})
    assert "已有承办部门" in r.content.decode()
    r = client.post(url, {"name": "财务部", "contacts": [w["contact"].pk]})
    assert r.status_code == 302
