"""What a person reads in history tabs and the audit log: Chinese labels and display values, no internals."""
from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core import audit
from gonghui.core.context import acting_as
from gonghui.core.models import AuditEntry
from gonghui.core.templatetags.gonghui_audit import present
from gonghui.members.models import Person

RAW = ("{'", "'order'", "group_leader", "birthday:", "numerator", "members.members", "防重复键", "ID：", ">ID<",
       "care.assistance")


@pytest.fixture
def chair(tree, make_user, make_person):
    person = make_person(tree["company"], "邓主席")
    return make_user("chair_login", Role.CHAIR, tree["company"], person=person, display_name="邓主席")


def _fake(model_label: str, changes: dict, action=AuditEntry.Action.UPDATE) -> AuditEntry:
    app_label, model = model_label.split(".")
    return AuditEntry(action=action, content_type=ContentType.objects.get_by_natural_key(app_label, model),
                      changes=changes)


def _rows(entry) -> dict:
    return {r.name: r for r in present([entry])[0].change_rows}


def test_internal_fields_are_not_shown(db):
    rows = _rows(_fake("members.person", {"id": [None, 342], "version": [1, 2], "name_pinyin": ["", "zhangsan"],
                                          "name": ["张三", "张叁"]}))
    assert set(rows) == {"name"}
    rows = _rows(_fake("care.condolence", {"dedupe_key": ["", "birthday:2026"], "gift": [None, "蛋糕券"]}))
    assert set(rows) == {"gift"}
    rows = _rows(_fake("orgs.organization", {"path": [None, "0000001/"], "depth": [None, 1], "name": [None, "甲"]}))
    assert set(rows) == {"name"}


def test_unchanged_values_are_not_listed(db):
    rows = _rows(_fake("care.campaignrecipient", {"family_member_id": [None, None], "amount": ["1000.00", "1000.00"],
                                                  "signed": [False, True]}))
    assert set(rows) == {"signed"}


def test_approval_steps_and_roles_read_as_words(db):
    steps = [{"order": 1, "role": "group_leader", "label": "小组长审核"}, {"order": 2, "role": "chair", "label": "工会主席审批"}]
    rows = _rows(_fake("care.assistance", {"approval_steps": [[], steps], "awaiting_role": ["", "group_leader"],
                                           "current_step": [0, 1]}))
    assert str(rows["approval_steps"].after) == "小组长审核 → 工会主席审批"
    assert str(rows["awaiting_role"].after) == "工会小组长"
    assert (str(rows["current_step"].before), str(rows["current_step"].after)) == ("第1环节", "第2环节")
    rows = _rows(_fake("care.approvaldecision", {"role": [None, "chair"], "step": [None, 0]}))
    assert str(rows["role"].after) == "工会主席/副主席" and str(rows["step"].after) == "第1环节"


def test_json_lists_read_as_tables_or_lists(db):
    log = [{"at": "2026-12-06T20:51:32+00:00", "by": "林欣雪", "criteria": "困难职工（全部）", "matched": 4, "added": 4}]
    goods = [{"name": "月饼", "quantity": "1", "unit": "盒", "value": "120.00"}]
    rows = _rows(_fake("care.campaign", {"selection_log": [[], log], "default_goods": [None, goods]}))
    html = rows["selection_log"].after.__html__()
    assert "<table" in html and "选取条件" in html and "困难职工（全部）" in html and "2026-12-07 04:51" in html
    assert "criteria" not in html and "matched" not in html
    assert str(rows["default_goods"].after) == "月饼1盒（120.00元）"
    rows = _rows(_fake("care.hardshipfile", {"household_members": [[], ["刘一洁", "刘坤"]]}))
    assert str(rows["household_members"].after) == "刘一洁、刘坤"


def test_submitted_figures_are_a_table_of_figure_names(db):
    figures = {"members.members": 316, "members.join_rate": {"numerator": 279, "denominator": 290, "percent": "96.2"},
               "care.assistance.amount": "10300.00", "members.deaths": None}
    rows = _rows(_fake("reports.submission", {"figures": [None, figures]}, action=AuditEntry.Action.CREATE))
    html = rows["figures"].after.__html__()
    assert "<table" in html
    assert "会员" in html and "316人" in html
    assert "入会率" in html and "96.2%" in html
    assert "10,300.00元" in html
    for raw in ("members.", "care.", "numerator", "'percent'"):
        assert raw not in html


def test_actor_shows_the_persons_name_login_only_as_tooltip(client, tree, chair, make_person):
    person = make_person(tree["company"], "王十三", member=False)
    with acting_as(chair, source="web"):
        from gonghui.members import services as member_services

        member_services.person_update(person=person, version=person.version, education=Person.Education.MASTER)
    client.force_login(chair)
    body = client.get(reverse("members:person_detail", args=[person.pk]) + "?tab=history").content.decode()
    assert "邓主席" in body
    assert re.search(r'title="[^"]*chair_login[^"]*"', body)
    assert ">chair_login<" not in body
    audit_page = client.get(reverse("core:audit_list") + "?q=王十三").content.decode()
    assert "邓主席" in audit_page and ">chair_login<" not in audit_page
    # the search box still finds entries by the person's name
    assert "王十三" in client.get(reverse("core:audit_list") + "?q=邓主席").content.decode()


def test_history_tab_hides_internals(client, tree, chair, make_person):
    person = make_person(tree["company"], "王十四", member=False)
    client.force_login(chair)
    body = client.get(reverse("members:person_detail", args=[person.pk]) + "?tab=history").content.decode()
    assert "姓名" in body and "王十四" in body
    for raw in RAW:
        assert raw not in body, raw
    assert "（空） →" not in body  # a creation lists the values, not "empty → value"


def test_audit_page_stays_readable(client, tree, chair):
    figures = {f"members.k{i}": i for i in range(40)}
    figures.update({"members.members": 316, "members.join_rate": {"numerator": 279, "denominator": 290}})
    long_changes = {f"field_{i}": [None, f"值{i}"] for i in range(30)}
    company = tree["company"]
    with acting_as(chair, source="web"):
        audit.record(AuditEntry.Action.CREATE, model=Person, changes=long_changes, org_path=company.path,
                     note="长变更")
        from gonghui.reports.models import Submission

        audit.record(AuditEntry.Action.CREATE, model=Submission, changes={"figures": [None, figures]},
                     org_path=company.path)
    client.force_login(chair)
    body = client.get(reverse("core:audit_list")).content.decode()
    assert "<details" in body and "展开" in body
    assert body.count("值29") == 1 and "值0" in body
    # the first rows show, the rest sit folded inside a details element
    folded = body[body.index("值0"):]
    assert folded.index("<details") < folded.index("值29")
    assert re.search(r'<td[^>]*class="[^"]*text-nowrap[^"]*"[^>]*>\s*\d{4}-\d\d-\d\d', body)
    assert "numerator" not in body and "members.members" not in body
