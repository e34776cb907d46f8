"""Issue 10's gaps: an opinion's 承办部门 linked to the proposals' Department (nullable FK `department_ref`), the
data migration that matched existing texts by name within the same union, forms, filters, export and API."""
from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.utils.timezone import localdate

from gonghui.core.errors import ServiceError
from gonghui.democracy.models import Opinion
from gonghui.democracy.services import opinions as svc
from gonghui.democracy.services import proposals as proposal_services

from .proposals_fixtures import pworld  # noqa: F401


def _opinion(w, org=None, title="食堂饭菜偏咸"):
    return svc.opinion_record(actor=None, org=org or w["company"], channel=Opinion.Channel.FORUM, occasion="第二季度职工座谈会",
                              submitted_on=localdate(), title=title, content=title + "，建议改进。")


def test_the_migration_links_texts_by_name_within_the_union(pworld):
    w = pworld
    a, b, c = _opinion(w), _opinion(w, title="二"), _opinion(w, org=w["school"], title="三")
    Opinion.objects.filter(pk=a.pk).update(department=" 人力资源部 ")  # matched (spaces trimmed)
    Opinion.objects.filter(pk=b.pk).update(department="后勤处")  # no such department: text only
    Opinion.objects.filter(pk=c.pk).update(department="人力资源部")  # another union's name: not matched
    migration = importlib.import_module("gonghui.democracy.migrations.0008_opinion_department_link")
    migration.link_departments(django_apps, None)
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert a.department_ref == w["hr"] and a.department == " 人力资源部 "
    assert b.department_ref is None and b.department == "后勤处" and b.department_name == "后勤处"
    assert c.department_ref is None


def test_forward_links_the_department(pworld):
    w = pworld
    o = _opinion(w)
    svc.opinion_forward(actor=w["officer"], opinion=o, department="人力资源部")  # a name: matched
    o.refresh_from_db()
    assert o.department_ref == w["hr"] and o.department == "人力资源部"
    svc.opinion_forward(actor=w["officer"], opinion=o, department=w["safety"])  # a Department
    o.refresh_from_db()
    assert o.department_ref == w["safety"] and o.department == "安全环保部"
    svc.opinion_forward(actor=w["officer"], opinion=o, department="工会办公室")  # not in the register
    o.refresh_from_db()
    assert o.department_ref is None and o.department == "工会办公室"
    with pytest.raises(ServiceError) as exc:
        svc.opinion_forward(actor=w["officer"], opinion=o, department=w["b_dept"])  # another union's
    assert exc.value.code == "out_of_scope"
    proposal_services.department_save(actor=None, org=w["company"], department=w["hr"], name="人力资源部",
                                      contacts=[w["contact"]], is_active=False)
    with pytest.raises(ServiceError, match="已停用"):
        svc.opinion_forward(actor=w["officer"], opinion=o, department="人力资源部")
    # a department an opinion went to is "used": it cannot be deleted
    svc.opinion_forward(actor=w["officer"], opinion=o, department=w["safety"])
    with pytest.raises(ServiceError, match="意见建议1件"):
        proposal_services.department_delete(actor=None, department=w["safety"])
    # renamed, the opinion shows the new name
    proposal_services.department_save(actor=None, org=w["company"], department=w["safety"], name="安全部")
    o = Opinion.objects.select_related("department_ref").get(pk=o.pk)
    assert o.department_name == "安全部"


def test_pages_filter_export_and_api(client, pworld):
    from openpyxl import load_workbook

    w = pworld
    a, b = _opinion(w), _opinion(w, title="停车位不足")
    client.force_login(w["officer"])
    html = client.get(f"/democracy/opinions/{a.pk}/").content.decode()
    assert "人力资源部" in html and "其他部门" in html
    r = client.post(f"/democracy/opinions/{a.pk}/forward/", {"department": w["hr"].pk,
                                                             "forwarded_on": localdate().isoformat()})
    assert r.status_code == 302
    r = client.post(f"/democracy/opinions/{b.pk}/forward/", {"forwarded_on": localdate().isoformat()})
    assert r.status_code == 422 and "请选择承办部门，或填写其他部门的名称" in r.content.decode()
    r = client.post(f"/democracy/opinions/{b.pk}/forward/", {"department": w["b_dept"].pk,
                                                             "forwarded_on": localdate().isoformat()})
    assert r.status_code == 422  # another union's department is not a choice
    r = client.post(f"/democracy/opinions/{b.pk}/forward/", {"other": "物业公司",
                                                             "forwarded_on": localdate().isoformat()})
    assert r.status_code == 302
    html = client.get("/democracy/opinions/", {"department": w["hr"].pk}).content.decode()
    assert "食堂饭菜偏咸" in html and "停车位不足" not in html
    assert client.get("/democracy/opinions/", {"department": w["b_dept"].pk}).status_code == 400
    r = client.get("/democracy/opinions/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content) if r.streaming else r.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "人力资源部" in values and "物业公司" in values
    # API: the link out, a filter, forwarding by id (another union's id refused)
    api = client.get(f"/api/democracy/opinions/{a.pk}/").json()
    assert api["department"] == "人力资源部" and api["department_ref"] == w["hr"].pk
    rows = client.get("/api/democracy/opinions/", {"department_ref": w["hr"].pk}).json()
    rows = rows.get("results", rows)
    assert [r["id"] for r in rows] == [a.pk]
    r = client.post(f"/api/democracy/opinions/{b.pk}/forward/", {"department_ref": w["safety"].pk},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["department"] == "安全环保部"
    r = client.post(f"/api/democracy/opinions/{b.pk}/forward/", {"department_ref": w["b_dept"].pk},
                    content_type="application/json")
    assert r.status_code == 400 and "不属于本工会" in r.json()["detail"]
