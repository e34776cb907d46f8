"""The document pages: list and generate, the editor's save (HTML read back, optimistic locking, style), 核对数字,
定稿, downloads (audited), the wording pages, and scoping (another union's draft is 404)."""
import datetime
import io
import json
import re

import pytest
from django.core import signing
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.care import services as care
from gonghui.care.models import Occasion
from gonghui.core.models import AuditEntry
from gonghui.orgs import services as org_services
from gonghui.reports import documents, services
from gonghui.reports.drafting import editor
from gonghui.reports.models import Draft, SectionTemplate
from gonghui.reports.periods import Period

D = datetime.date


@pytest.fixture
def drafted(world, tree, officer_a):
    care.condolence_record(actor=None, person=world["p1"], occasion=Occasion.HOSPITAL, visited_on=D(2025, 3, 5),
                           amount="800")
    care.condolence_record(actor=None, person=world["p2"], occasion=Occasion.HOSPITAL, visited_on=D(2025, 5, 10),
                           amount="500")
    return services.draft_generate(actor=officer_a, org=tree["company"], kind="summary", period=Period.year(2025))


@pytest.fixture
def client_a(client, officer_a):
    client.force_login(officer_a)
    return client


def editor_payload(page: str, draft: Draft) -> dict:
    """What editor.js sends, from the page as rendered (each block's inner HTML)."""
    blocks = []
    for match in re.finditer(r'<div class="doc-block" data-type="(heading|paragraph)"(?: data-level="(\d)")?'
                             r'(?: data-kind="(\w+)")?>.*?<(?:div|p) class="doc-(?:h doc-h\d|p doc-\w+)"[^>]*>(.*?)'
                             r'</(?:div|p)></div>', page, re.S):
        kind, level, paragraph_kind, html = match.groups()
        blocks.append({"type": kind, "level": int(level) if level else None, "kind": paragraph_kind or "body",
                       "html": html})
    return {"version": draft.version, "style": draft.style, "title": draft.title, "subtitle": "",
            "signature": ["甲公司工会", "2026年1月10日"], "blocks": blocks}


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


# --- list and generate ---------------------------------------------------------------------------------------------

def test_list_shows_the_current_unions_drafts_and_generates_one(client_a, tree, world, officer_b):
    services.draft_generate(actor=officer_b, org=tree["school"], kind="summary", period=Period.year(2025))
    page = client_a.get(reverse("reports:draft_list")).content.decode()
    assert "生成文稿" in page and "乙学校工会" not in page
    response = client_a.post(reverse("reports:draft_list"), {"kind": "report", "year": "2025", "part": "H1",
                                                             "style": "rounded"})
    draft = Draft.objects.get(org=tree["company"])
    assert response.status_code == 302 and response["Location"] == reverse("reports:draft_edit", args=[draft.pk])
    assert (draft.kind, draft.period, draft.period_label, draft.style) == ("report", "2025H1", "2025年上半年", "rounded")
    assert draft.title == "甲公司工会关于2025年上半年工会工作情况的报告"
    # A double click makes no second draft.
    client_a.post(reverse("reports:draft_list"), {"kind": "report", "year": "2025", "part": "H1", "style": "rounded"})
    assert Draft.objects.filter(org=tree["company"]).count() == 1
    assert draft.title in client_a.get(reverse("reports:draft_list")).content.decode()


def test_generating_a_period_not_begun_says_so(client_a, tree):
    page = client_a.post(reverse("reports:draft_list"), {"kind": "summary", "year": "2099", "part": "",
                                                         "style": "exact"}).content.decode()
    assert "2099年尚未开始，还没有数据。" in page
    assert not Draft.objects.exists()


# --- the editor ------------------------------------------------------------------------------------------------------

def test_editor_shows_figures_as_signed_spans(client_a, drafted):
    page = client_a.get(reverse("reports:draft_edit", args=[drafted.pk])).content.decode()
    assert "2025年共慰问看望职工" in page
    spans = re.findall(r'<span class="fig" data-fig="([^"]+)" data-loc="(p:\d+:\d+)" data-metric="([\w.]+)"', page)
    assert ("care.condolence.visits" in {m for _, _, m in spans}) and len(spans) >= 8
    token = next(t for t, _, m in spans if m == "care.condolence.visits")
    assert editor.unsign(drafted.pk, token)["value"] == 2
    assert editor.unsign(drafted.pk + 1, token) is None  # bound to this draft


def test_save_reads_the_html_back_without_trusting_it(client_a, drafted):
    page = client_a.get(reverse("reports:draft_edit", args=[drafted.pk])).content.decode()
    payload = editor_payload(page, drafted)
    care_paragraph = next(b for b in payload["blocks"] if "慰问看望职工" in b["html"])
    care_paragraph["html"] = ("<b>我会</b>" + care_paragraph["html"].replace(">2人次<", ">5人次<")
                              + '<script>alert(1)</script><span data-fig="forged">99人</span>')
    payload["blocks"].append({"type": "paragraph", "kind": "body", "html": "新增一段：加强<i>学习</i>。"})
    response = post_json(client_a, reverse("reports:draft_save", args=[drafted.pk]), payload)
    assert response.status_code == 200 and response.json()["version"] == drafted.version + 1
    drafted.refresh_from_db()
    saved = documents.from_dict(drafted.content)
    paragraph = next(b for b in saved.blocks if isinstance(b, documents.Paragraph) and "慰问看望职工" in b.text)
    visits = next(f for f in paragraph.figures() if f.metric == "care.condolence.visits")
    assert (visits.phrase, visits.value, visits.org, visits.period) == ("5人次", 2, "A", "2025")
    assert paragraph.text.startswith("我会2025年共慰问看望职工5人次") and "<" not in paragraph.text
    assert paragraph.text.endswith("alert(1)99人")  # the forged span is only text
    assert len(paragraph.figures()) == len([f for f in paragraph.figures() if f.metric.startswith("care.")])
    assert saved.blocks[-1].text == "新增一段：加强学习。"


def test_a_stale_tab_is_told_and_loses_nothing(client_a, drafted):
    page = client_a.get(reverse("reports:draft_edit", args=[drafted.pk])).content.decode()
    first, second = editor_payload(page, drafted), editor_payload(page, drafted)
    first["title"] = "第一个窗口的标题"
    assert post_json(client_a, reverse("reports:draft_save", args=[drafted.pk]), first).status_code == 200
    second["title"] = "第二个窗口的标题"
    response = post_json(client_a, reverse("reports:draft_save", args=[drafted.pk]), second)
    assert response.status_code == 409
    assert response.json()["conflict"] is True and "已在其他窗口或由他人保存过" in response.json()["error"]
    drafted.refresh_from_db()
    assert drafted.title == "第一个窗口的标题"
    # The stale tab keeps its edits as a new draft.
    response = post_json(client_a, reverse("reports:draft_save", args=[drafted.pk]), {**second, "as_new": True})
    copy = Draft.objects.exclude(pk=drafted.pk).get()
    assert response.json()["redirect"] == reverse("reports:draft_edit", args=[copy.pk])
    assert copy.title == "第二个窗口的标题" and copy.org_id == drafted.org_id
    assert any(f.metric == "care.condolence.visits" for f in documents.from_dict(copy.content).figures())


def test_switching_style_rephrases_every_figure(client_a, drafted):
    page = client_a.get(reverse("reports:draft_edit", args=[drafted.pk])).content.decode()
    payload = {**editor_payload(page, drafted), "style": "rounded", "render": True}
    response = post_json(client_a, reverse("reports:draft_save", args=[drafted.pk]), payload)
    assert response.json()["style"] == "rounded" and "fig" in response.json()["html"]
    drafted.refresh_from_db()
    assert drafted.style == "rounded"
    assert {f.style for f in documents.from_dict(drafted.content).figures()} == {"rounded"}


def test_check_marks_the_stale_figures_and_stores_the_count(client_a, drafted, world):
    page = client_a.get(reverse("reports:draft_edit", args=[drafted.pk])).content.decode()
    payload = editor_payload(page, drafted)
    care_paragraph = next(b for b in payload["blocks"] if "慰问看望职工" in b["html"])
    care_paragraph["html"] = care_paragraph["html"].replace(">2人次<", ">7人次<")
    post_json(client_a, reverse("reports:draft_save", args=[drafted.pk]), payload)
    data = client_a.post(reverse("reports:draft_check", args=[drafted.pk])).json()
    assert data["stale_count"] == 1
    assert data["stale"][0]["message"] == "文中数字与记录不符：文中为“7人次”，记录现为2人次"
    assert 'class="fig stale"' in data["html"] and "记录现为2人次" in data["html"]
    drafted.refresh_from_db()
    assert drafted.stale_count == 1 and drafted.checked_at is not None
    # the version is untouched: an editor open elsewhere can still save
    assert drafted.version == payload["version"] + 1


def test_a_final_draft_cannot_be_saved_until_reopened(client_a, drafted):
    client_a.post(reverse("reports:draft_finalise", args=[drafted.pk]), {"version": drafted.version})
    drafted.refresh_from_db()
    assert drafted.status == "final"
    page = client_a.get(reverse("reports:draft_edit", args=[drafted.pk])).content.decode()
    assert 'contenteditable="true"' not in page and "撤销定稿" in page
    payload = editor_payload(page.replace("data-edit>", "data-edit contenteditable>"), drafted)
    response = post_json(client_a, reverse("reports:draft_save", args=[drafted.pk]), payload)
    assert response.status_code == 400 and "已定稿" in response.json()["error"]
    client_a.post(reverse("reports:draft_reopen", args=[drafted.pk]), {"version": drafted.version})
    drafted.refresh_from_db()
    assert drafted.status == "draft"


def test_downloads_are_audited_exports(client_a, drafted):
    from docx import Document as read_docx

    response = client_a.get(reverse("reports:draft_download", args=[drafted.pk]) + "?as=docx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = "\n".join(p.text for p in read_docx(io.BytesIO(response.content)).paragraphs)
    assert "甲公司工会2025年工作总结" in text and "2025年共慰问看望职工2人次" in text
    data = json.loads(client_a.get(reverse("reports:draft_download", args=[drafted.pk]) + "?as=json").content)
    visits = next(f for f in data["figures"] if f["metric"] == "care.condolence.visits")
    assert (visits["value"], visits["unit"], visits["phrase"]) == (2, "人次", "2人次")
    markdown = client_a.get(reverse("reports:draft_download", args=[drafted.pk]) + "?as=md").content.decode()
    assert markdown.startswith("# 甲公司工会2025年工作总结")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_id=str(drafted.pk)).count() == 3
    assert client_a.get(reverse("reports:draft_download", args=[drafted.pk]) + "?as=exe").status_code == 404


def test_another_unions_draft_is_404_everywhere(client, drafted, officer_b, tree, make_user):
    client.force_login(officer_b)
    for name in ("draft_edit", "draft_download"):
        assert client.get(reverse(f"reports:{name}", args=[drafted.pk])).status_code == 404
    for name in ("draft_save", "draft_check", "draft_finalise", "draft_reopen", "draft_delete"):
        assert client.post(reverse(f"reports:{name}", args=[drafted.pk])).status_code == 404
    other_fed = org_services.org_create(code="FED2", name="另一区总工会", kind="federation")
    client.force_login(make_user("upper_elsewhere", Role.UPPER, other_fed))  # an upper union, but not A's
    assert client.get(reverse("reports:draft_edit", args=[drafted.pk])).status_code == 404
    # A's own upper union does not read its drafts either: it reads what A submits (accounts.scope.UNION_BOUNDED).
    client.force_login(make_user("upper_of_a", Role.UPPER, tree["fed"]))
    assert client.get(reverse("reports:draft_edit", args=[drafted.pk])).status_code == 404
    assert client.post(reverse("reports:draft_save", args=[drafted.pk])).status_code == 404
    drafted.refresh_from_db()
    assert drafted.status == "draft" and Draft.objects.filter(pk=drafted.pk).exists()


def test_delete_a_draft(client_a, drafted):
    response = client_a.post(reverse("reports:draft_delete", args=[drafted.pk]))
    assert response.status_code == 302 and not Draft.objects.filter(pk=drafted.pk).exists()


def test_editor_page_queries_do_not_grow_with_the_figures(client_a, drafted, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        assert client_a.get(reverse("reports:draft_edit", args=[drafted.pk])).status_code == 200


# --- wording pages -------------------------------------------------------------------------------------------------

@pytest.fixture
def admin_a(make_user, tree):
    return make_user("admin_a", Role.ADMIN, tree["company"])


def test_template_pages_edit_validate_and_reset(client, admin_a, tree, world):
    client.force_login(admin_a)
    page = client.get(reverse("reports:template_list") + "?kind=summary").content.decode()
    assert "工作领域：帮扶关怀" in page and "系统默认" in page
    url = reverse("reports:template_edit", args=["summary", "care"])
    page = client.get(url).content.decode()
    assert "坚持以职工为中心，帮扶关怀工作温暖人心" in page and "{care.condolence.visits}" in page
    page = client.post(url, {"heading": "关爱职工", "body": "慰问{care.condolence.vistis}。", "active": "on"})
    assert "未知的指标“care.condolence.vistis”" in page.content.decode()
    assert not SectionTemplate.objects.exists()
    response = client.post(url, {"heading": "关爱职工，温暖人心", "body": "", "active": "on"})
    assert response.status_code == 302
    row = SectionTemplate.objects.get()
    assert (row.org, row.kind, row.section, row.heading) == (tree["company"], "summary", "care", "关爱职工，温暖人心")
    assert "本组织修改" in client.get(reverse("reports:template_list") + "?kind=summary").content.decode()
    client.post(reverse("reports:template_reset", args=["summary", "care"]))
    assert not SectionTemplate.objects.exists()


def test_template_preview_drafts_with_the_unsaved_wording(client, admin_a, tree, world):
    client.force_login(admin_a)
    response = client.post(reverse("reports:template_preview"), {
        "kind": "summary", "section": "members", "heading": "预览中的标题", "body": "会员{members.members}。",
        "year": "2025"}, HTTP_HX_REQUEST="true")
    page = re.sub(r"<[^>]+>", "", response.content.decode())
    assert "一、预览中的标题" in page and "会员6人。" in page
    assert not SectionTemplate.objects.exists()
    page = client.post(reverse("reports:template_preview"), {
        "kind": "summary", "section": "members", "body": "{members.nothing}"}, HTTP_HX_REQUEST="true").content.decode()
    assert "未知的指标“members.nothing”" in page


def test_template_pages_need_the_templates_permission(client_a, officer_b, tree):
    assert client_a.get(reverse("reports:template_list")).status_code == 404  # an officer drafts, admins word
    assert client_a.post(reverse("reports:template_edit", args=["summary", "care"]), {"heading": "x"}).status_code == 404
    assert not SectionTemplate.objects.exists()


def test_everywhere_wording_is_for_superusers_only(client, admin_a, make_user, tree):
    client.force_login(admin_a)
    assert client.get(reverse("reports:template_list") + "?scope=all").status_code == 404
    root = make_user("root", is_superuser=True)
    client.force_login(root)
    response = client.post(reverse("reports:template_edit", args=["plan", "guidance"]) + "?scope=all",
                           {"heading": "统一的指导思想", "active": "on"})
    assert response.status_code == 302
    assert SectionTemplate.objects.get().org is None


def test_signed_tokens_cannot_be_forged():
    token = editor.sign(1, {"metric": "care.condolence.visits", "value": 2})
    assert editor.unsign(1, token)["value"] == 2
    forged = signing.dumps({"metric": "care.condolence.visits", "value": 99}, salt="other")
    assert editor.unsign(1, forged) is None
