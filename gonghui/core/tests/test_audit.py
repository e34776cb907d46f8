"""The audit trail: who, when, from where, before/after; masked sensitive values; read-only; scoped log."""
from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.roles import Role
from gonghui.core.context import acting_as
from gonghui.core.middleware import client_ip
from gonghui.core.models import AuditEntry
from gonghui.core.selectors import audit_list, object_history
from gonghui.members import services as member_services
from gonghui.members.models import Person
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Organization

PHONE = "13812345678"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def chair_a(tree, make_user):
    return make_user("chair_a", Role.CHAIR, tree["company"])


def entries_for(obj, action=None):
    qs = object_history(obj)
    return qs.filter(action=action) if action else qs


# ------------------------------------------------------------------------------------------------ client address


def test_client_ip_uses_remote_addr_unless_a_proxy_count_is_set(settings):
    rf = RequestFactory()
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.AXES_IPWARE_PROXY_COUNT = None
    assert client_ip(request) == "10.0.0.2"  # a forged header is ignored without a trusted proxy
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # the address the one trusted proxy saw
    settings.AXES_IPWARE_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.AXES_IPWARE_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"  # fewer hops than proxies: fall back to the socket address
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.3")) == "10.0.0.3"


def test_proxy_count_comes_from_gonghui_proxy_count(monkeypatch):
    import importlib

    import gonghui.settings as project_settings

    monkeypatch.setenv("GONGHUI_PROXY_COUNT", "1")
    try:
        assert importlib.reload(project_settings).AXES_IPWARE_PROXY_COUNT == 1
        monkeypatch.setenv("GONGHUI_PROXY_COUNT", "0")
        assert importlib.reload(project_settings).AXES_IPWARE_PROXY_COUNT is None
    finally:
        monkeypatch.delenv("GONGHUI_PROXY_COUNT", raising=False)
        importlib.reload(project_settings)


def _person_form_data(person, **changes):
    from gonghui.members.forms import PersonForm

    form = PersonForm(instance=person, initial={"version": person.version})
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    data.update(changes)
    return data


def test_web_edit_records_actor_address_and_before_after(client, tree, officer_a, make_person, settings):
    person = make_person(tree["company"], "赵六", member=False)
    client.force_login(officer_a)
    url = reverse("members:person_edit", args=[person.pk])

    settings.AXES_IPWARE_PROXY_COUNT = None
    response = client.post(url, _person_form_data(person, education=Person.Education.BACHELOR),
                           REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = entries_for(person, AuditEntry.Action.UPDATE).get()
    assert entry.actor == officer_a and entry.actor_name == "officer_a"
    assert entry.ip == "192.0.2.1" and entry.source == "web"
    assert entry.changes == {"education": ["", Person.Education.BACHELOR]}
    assert entry.org_path == tree["company"].path
    assert entry.at is not None

    person.refresh_from_db()
    settings.AXES_IPWARE_PROXY_COUNT = 1
    response = client.post(url, _person_form_data(person, department="工会办公室"),
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23")
    assert response.status_code == 302
    entry = entries_for(person, AuditEntry.Action.UPDATE).first()
    assert entry.ip == "198.51.100.23"
    assert entry.changes == {"department": ["", "工会办公室"]}


# ------------------------------------------------------------------------------------------------ Person


def test_person_create_update_delete_are_recorded_with_masked_values(tree, officer_a, make_person):
    with acting_as(officer_a, ip="192.0.2.5", source="web"):
        person = make_person(tree["company"], "钱七", member=False, phone=PHONE)
    created = entries_for(person, AuditEntry.Action.CREATE).get()
    assert created.actor == officer_a and created.ip == "192.0.2.5"
    assert created.changes["name"] == [None, "钱七"]
    assert created.changes["org_id"] == [None, tree["company"].pk]
    assert created.changes["phone"] == [None, "138****5678"]
    full_id = person.id_number
    assert created.changes["id_number"][1] == full_id[:6] + "********" + full_id[-4:]
    assert full_id not in str(created.changes) and PHONE not in str(created.changes)
    for excluded in ("version", "updated_at", "created_at", "name_pinyin"):
        assert excluded not in created.changes

    with acting_as(officer_a, ip="192.0.2.6", source="web"):
        member_services.person_update(person=person, version=person.version, phone="13900001111", post="焊工")
    updated = entries_for(person, AuditEntry.Action.UPDATE).get()
    assert updated.ip == "192.0.2.6"
    assert updated.changes == {"phone": ["138****5678", "139****1111"], "post": ["", "焊工"]}

    pk = person.pk
    with acting_as(officer_a, ip="192.0.2.7", source="web"):
        Person.objects.get(pk=pk).delete()
    deleted = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, object_id=str(pk))
    assert deleted.actor == officer_a and deleted.ip == "192.0.2.7"
    assert deleted.changes["name"] == ["钱七", None] and deleted.changes["post"] == ["焊工", None]
    assert deleted.object_repr == "钱七" and deleted.org_path == tree["company"].path


def test_commands_are_recorded_as_such(tree, make_person):
    with acting_as(None, source="command"):
        person = make_person(tree["company"], "孙八", member=False)
    entry = entries_for(person, AuditEntry.Action.CREATE).get()
    assert entry.actor is None and entry.actor_name == "命令行" and entry.source == "command"


# ------------------------------------------------------------------------------------------------ Organization


def test_organization_changes_are_recorded(tree, officer_a):
    company = Organization.objects.get(pk=tree["company"].pk)
    with acting_as(officer_a, ip="192.0.2.20", source="web"):
        org_services.org_update(org=company, version=company.version, name="甲集团公司工会", address="人民路1号")
    entry = entries_for(company, AuditEntry.Action.UPDATE).get()
    assert entry.actor == officer_a and entry.ip == "192.0.2.20"
    assert entry.changes == {"name": ["甲公司工会", "甲集团公司工会"], "address": ["", "人民路1号"]}
    assert entry.org_path == company.path and entry.object_repr == "甲集团公司工会"

    with acting_as(officer_a, ip="192.0.2.21", source="web"):
        new = org_services.org_create(code="A2", name="甲公司二分会", kind=Organization.Kind.BRANCH, parent=company)
    created = entries_for(new, AuditEntry.Action.CREATE).get()
    assert created.actor == officer_a and created.ip == "192.0.2.21"
    assert created.changes["name"] == [None, "甲公司二分会"] and created.changes["parent_id"] == [None, company.pk]


def test_organization_create_is_filed_under_its_own_path(tree, officer_a):
    with acting_as(officer_a, source="web"):
        new = org_services.org_create(code="A3", name="甲公司三分会", kind=Organization.Kind.BRANCH,
                                      parent=tree["company"])
    created = entries_for(new, AuditEntry.Action.CREATE).get()
    assert created.org_path == new.path


# ------------------------------------------------------------------------------------------------ roles, users


def test_role_assignment_grant_and_revoke_are_recorded(tree, officer_a, chair_a):
    with acting_as(chair_a, ip="192.0.2.30", source="web"):
        grant = RoleAssignment.objects.create(user=officer_a, org=tree["branch"], role=Role.WOMEN)
        grant_pk = grant.pk
        grant.delete()
    created = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, content_type__model="roleassignment",
                                     object_id=str(grant_pk))
    assert created.actor == chair_a and created.ip == "192.0.2.30"
    assert created.changes["role"] == [None, Role.WOMEN]
    assert created.changes["user_id"] == [None, officer_a.pk]
    assert created.changes["org_id"] == [None, tree["branch"].pk]
    assert created.org_path == tree["branch"].path
    deleted = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, object_id=str(grant_pk))
    assert deleted.changes["role"] == [Role.WOMEN, None] and deleted.org_path == tree["branch"].path


def test_password_hashes_never_reach_the_audit_trail(tree, officer_a):
    user = User.objects.get(pk=officer_a.pk)
    user.set_password("Another2025pass")
    user.display_name = "改名"
    user.save()
    for entry in AuditEntry.objects.filter(content_type__model="user"):
        assert "password" not in entry.changes and "last_login" not in entry.changes
        assert "md5$" not in str(entry.changes) and "pbkdf2" not in str(entry.changes)
    assert entries_for(user, AuditEntry.Action.UPDATE).get().changes == {"display_name": ["", "改名"]}


# ------------------------------------------------------------------------------------------------ reveal


def test_revealing_id_number_and_phone_is_recorded(client, tree, officer_a, make_person):
    person = make_person(tree["company"], "周九", phone=PHONE)
    client.force_login(officer_a)
    response = client.post(reverse("members:person_reveal", args=[person.pk]), REMOTE_ADDR="192.0.2.40")
    assert response.status_code == 200
    body = response.content.decode()
    assert person.id_number in body and PHONE in body
    entry = entries_for(person, AuditEntry.Action.REVEAL).get()
    assert entry.actor == officer_a and entry.ip == "192.0.2.40" and entry.org_path == tree["company"].path


def test_reveal_needs_post_scope_and_permission(client, tree, officer_b, make_user, make_person):
    person = make_person(tree["company"], "吴十", phone=PHONE)
    client.force_login(officer_b)
    assert client.post(reverse("members:person_reveal", args=[person.pk])).status_code == 404
    leader = make_user("leader", Role.GROUP_LEADER, tree["company"])  # may view, may not reveal
    client.force_login(leader)
    assert client.post(reverse("members:person_reveal", args=[person.pk])).status_code == 404
    assert client.get(reverse("members:person_reveal", args=[person.pk])).status_code == 405
    assert not entries_for(person, AuditEntry.Action.REVEAL).exists()


# ------------------------------------------------------------------------------------------------ read-only


def test_audit_entries_cannot_be_changed_or_deleted(tree, officer_a):
    entry = AuditEntry.objects.first()
    entry.note = "篡改"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="篡改")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    # (bulk_update and update_or_create open their own transactions; a savepoint keeps the test's usable.)
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["note"])
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEntry.objects.update_or_create(pk=entry.pk, defaults={"note": "篡改"})
    entry.refresh_from_db()
    assert entry.note == ""


def test_deleting_a_user_keeps_the_name_on_their_entries(tree, make_user):
    user = make_user("temp_user", Role.OFFICER, tree["company"])
    with acting_as(user, source="web"):
        org_services.org_update(org=Organization.objects.get(pk=tree["school"].pk), address="学府路")
    User.objects.filter(pk=user.pk).delete()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_repr="乙学校工会")
    assert entry.actor is None and entry.actor_name == "temp_user"


def test_no_page_writes_the_audit_trail(client, tree, make_user):
    root = User.objects.create_superuser("root", password="Gonghui2025test")
    client.force_login(root)
    before = AuditEntry.objects.count()
    for method in ("post", "put", "delete"):
        getattr(client, method)(reverse("core:audit_list"))
    assert AuditEntry.objects.count() == before


# ------------------------------------------------------------------------------------------------ the audit log


def test_audit_log_is_scoped(client, tree, chair_a, officer_a, make_user, make_person):
    with acting_as(officer_a, source="web"):
        in_company = make_person(tree["branch"], "甲方人员", member=False)
        in_school = make_person(tree["school"], "乙方人员", member=False)
    assert audit_list(chair_a).filter(object_id=str(in_company.pk), content_type__model="person").exists()
    assert not audit_list(chair_a).filter(object_id=str(in_school.pk), content_type__model="person").exists()
    assert not audit_list(officer_a).exists()  # officers have no AUDIT_VIEW

    client.force_login(chair_a)
    body = client.get(reverse("core:audit_list")).content.decode()
    assert "甲方人员" in body and "乙方人员" not in body
    client.force_login(officer_a)
    assert client.get(reverse("core:audit_list")).status_code == 404

    auditor = make_user("auditor_b", Role.AUDITOR, tree["school"])
    client.force_login(auditor)
    body = client.get(reverse("core:audit_list")).content.decode()
    assert "乙方人员" in body and "甲方人员" not in body


def test_audit_log_filters_and_readable_changes(client, tree, chair_a, officer_a, make_person):
    with acting_as(officer_a, ip="192.0.2.50", source="web"):
        person = make_person(tree["company"], "郑十一", member=False)
        member_services.person_update(person=person, version=person.version, education=Person.Education.MASTER,
                                      is_military_family=True)
    client.force_login(chair_a)
    url = reverse("core:audit_list")
    body = client.get(url + "?action=update&q=郑十一").content.decode()
    assert "学历" in body and "硕士研究生" in body and "军烈属" in body and "是" in body
    assert "education" not in body and "is_military_family" not in body and ">master<" not in body
    assert "郑十一" in client.get(url + "?ip=192.0.2.50").content.decode()
    assert "郑十一" not in client.get(url + "?ip=192.0.2.51").content.decode()
    assert client.get(url + "?ip=not-an-ip").status_code == 200
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Person)
    assert "郑十一" in client.get(url + f"?content_type={ct.pk}").content.decode()
    assert "郑十一" in client.get(url + f"?org={tree['company'].pk}").content.decode()
    assert "郑十一" not in client.get(url + f"?org={tree['branch'].pk}").content.decode()
    today = datetime.date.today().isoformat()
    assert "郑十一" in client.get(url + f"?since={today}&until={today}").content.decode()


def test_audit_log_page_queries_do_not_grow_with_rows(client, tree, chair_a, officer_a, make_person, make_user):
    client.force_login(chair_a)
    url = reverse("core:audit_list")

    def queries_with(extra_people):
        with acting_as(officer_a, source="web"):
            for i in range(extra_people):
                person = make_person(tree["branch"] if i % 2 else tree["company"], f"人员{i}", member=False)
                make_user(f"user{person.pk}", list(Role.values)[i % 8], tree["group"] if i % 2 else tree["branch"],
                          person=person)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries_with(3) == queries_with(12)


# ------------------------------------------------------------------------------------------------ history tab


def test_history_tab_shows_chinese_labels_and_choice_labels(client, tree, officer_a, make_person):
    person = make_person(tree["company"], "王十二", member=False)
    with acting_as(officer_a, source="web"):
        member_services.person_update(person=person, version=person.version, education=Person.Education.BACHELOR,
                                      political_status=Person.Political.CPC, is_only_child_parent=True)
    client.force_login(officer_a)
    body = client.get(reverse("members:person_detail", args=[person.pk]) + "?tab=history").content.decode()
    assert "学历" in body and "本科" in body
    assert "政治面貌" in body and "中共党员" in body
    assert "独生子女父母" in body and "否 → 是" in body
    assert "所在组织" in body and "甲公司工会" in body  # the creation shows the organisation by name
    for raw in ("education", "political_status", "bachelor", "org_id", "is_only_child_parent"):
        assert raw not in body, raw


def test_org_history_tab_is_readable(client, tree, officer_a):
    company = Organization.objects.get(pk=tree["company"].pk)
    with acting_as(officer_a, source="web"):
        org_services.org_update(org=company, version=company.version, kind=Organization.Kind.JOINT,
                                legal_person_registered=True)
    client.force_login(officer_a)
    body = client.get(reverse("orgs:detail", args=[company.pk]) + "?tab=history").content.decode()
    assert "组织类型" in body and "基层工会 → 联合工会" in body
    assert "已取得法人资格" in body and "否 → 是" in body
    assert "上级组织" in body and "测试区总工会" in body
    assert "legal_person_registered" not in body and "parent_id" not in body


def test_presenter_handles_deleted_related_records_and_unknown_fields(tree, officer_a):
    from gonghui.core.templatetags.gonghui_audit import present

    grant = RoleAssignment.objects.create(user=officer_a, org=tree["group"], role=Role.GROUP_LEADER)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_id=str(grant.pk),
                                   content_type__model="roleassignment")
    rows = {r.name: r for r in present([entry])[0].change_rows}
    assert rows["org_id"].label == "组织" and rows["org_id"].after == "一分会第一小组"
    assert rows["role"].label == "角色" and rows["role"].after == "工会小组长" and rows["role"].before == "（空）"
    assert rows["user_id"].after == "officer_a"

    fake = AuditEntry(content_type=entry.content_type, changes={"org_id": [999999, None], "gone_field": [1, 2]})
    rows = {r.name: r for r in present([fake])[0].change_rows}
    assert rows["org_id"].before == "编号999999（已删除）"
    assert rows["gone_field"].label == "gone_field" and rows["gone_field"].after == "2"
