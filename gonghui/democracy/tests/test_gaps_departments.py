"""Issue 10's gaps: departments (承办部门) edited on pages — list, add, rename, deactivate, delete only when unused —
and their contacts (an M2M) audited through `AuditedModel.audit_m2m`."""
from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.democracy.models import Department, ProposalState
from gonghui.democracy.services import proposals as services

from .proposals_fixtures import pworld, submit  # noqa: F401

D = datetime.date


def _entries(d):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Department),
                                     object_id=str(d.pk), action=AuditEntry.Action.UPDATE).order_by("id")


def test_contact_changes_are_audited_both_ways(pworld, make_user):
    w = pworld
    hr, contact = w["hr"], w["contact"]
    extra = make_user("hr_second", Role.DEPARTMENT, w["company"])
    before = _entries(hr).count()
    hr.contacts.add(extra)
    last = _entries(hr).last()
    assert last.changes["contacts"] == [[str(contact)], sorted([str(contact), str(extra)])]
    hr.contacts.remove(contact)
    assert _entries(hr).last().changes["contacts"] == [sorted([str(contact), str(extra)]), [str(extra)]]
    hr.contacts.clear()
    assert _entries(hr).last().changes["contacts"] == [[str(extra)], []]
    extra.proposal_departments.add(hr)  # from the user's side
    assert _entries(hr).last().changes["contacts"] == [[], [str(extra)]]
    hr.contacts.set([extra])  # no change: nothing written
    assert _entries(hr).count() == before + 4
    services.department_save(actor=None, org=w["company"], department=hr, name="人力资源部",
                             contacts=[extra, contact])
    assert _entries(hr).last().changes["contacts"] == [[str(extra)], sorted([str(contact), str(extra)])]


def test_rename_deactivate_and_delete_on_pages(client, pworld):
    w = pworld
    client.force_login(w["officer"])
    hr, safety = w["hr"], w["safety"]
    p = submit(w)
    services.proposal_review(actor=None, proposal=p, decision=ProposalState.REGISTERED, on=D(2025, 3, 2))
    services.proposal_assign(actor=None, proposal=p, department=hr, on=D(2025, 3, 3), due_on=D(2025, 4, 1))
    html = client.get(reverse("democracy:proposals_departments")).content.decode()
    assert f'id="edit-department-{hr.pk}"' in html
    url = reverse("democracy:proposals_department_edit", args=[hr.pk])
    html = client.get(url).content.decode()
    assert "提案1件" in html and 'id="delete-department"' not in html
    r = client.post(url, {"action": "delete"})
    assert r.status_code == 302 and Department.objects.filter(pk=hr.pk).exists()
    r = client.post(url, {"name": "安全环保部", "contacts": [w["contact"].pk]})
    assert "已有承办部门“安全环保部”" in r.content.decode()
    r = client.post(url, {"name": "人力资源处", "contacts": [w["contact"].pk, w["other_contact"].pk], "order": 2})
    assert r.status_code == 302
    hr.refresh_from_db()
    assert hr.name == "人力资源处" and not hr.is_active  # the box unticked: deactivated
    assert set(hr.contacts.all()) == {w["contact"], w["other_contact"]}
    html = client.get(url).content.decode()
    assert "人力资源部 → 人力资源处" in html and "联系人：hr_contact → " in html
    with pytest.raises(ServiceError, match="已停用"):
        q = submit(w, title="另一件")
        services.proposal_review(actor=None, proposal=q, decision=ProposalState.REGISTERED, on=D(2025, 3, 2))
        services.proposal_assign(actor=None, proposal=q, department=hr, on=D(2025, 3, 3))
    # an unused department is deleted
    url = reverse("democracy:proposals_department_edit", args=[safety.pk])
    assert 'id="delete-department"' in client.get(url).content.decode()
    assert client.post(url, {"action": "delete"}).status_code == 302
    assert not Department.objects.filter(pk=safety.pk).exists()
    assert AuditEntry.objects.filter(object_id=str(safety.pk), action=AuditEntry.Action.DELETE,
                                     content_type=ContentType.objects.get_for_model(Department)).exists()


def test_department_pages_outside_scope(client, pworld):
    w = pworld
    url = reverse("democracy:proposals_department_edit", args=[w["hr"].pk])
    client.force_login(w["officer_b"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "delete"}).status_code == 404
    client.force_login(w["contact"])  # a contact does not edit departments
    assert client.get(url).status_code == 404
