"""People, families, membership actions and transfers through the JSON API."""
from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from gonghui.accounts.roles import Role
from gonghui.core import idcard
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.models import AuditEntry
from gonghui.members.models import FamilyMember, Membership, MembershipEvent, Person
from gonghui.orgs.models import Organization


@pytest.fixture
def api_a(officer_a):
    api = APIClient()
    api.force_login(officer_a)
    return api


@pytest.fixture
def api_b(officer_b):
    api = APIClient()
    api.force_login(officer_b)
    return api


def kinds(person):
    return list(MembershipEvent.objects.filter(person=person).order_by("id").values_list("kind", flat=True))


# --- reading -------------------------------------------------------------------------------------------------------

def test_list_uses_the_web_lists_search_and_filters(api_a, make_person, tree):
    make_person(tree["company"], "张三")
    make_person(tree["branch"], "李四", female=True, member=False)
    make_person(tree["school"], "王五")  # another union: never listed
    names = lambda r: sorted(p["name"] for p in r.json()["results"])  # noqa: E731
    assert names(api_a.get("/api/people/")) == ["张三", "李四"]
    assert names(api_a.get("/api/people/", {"q": "zs"})) == ["张三"]
    assert names(api_a.get("/api/people/", {"q": "李"})) == ["李四"]
    assert names(api_a.get("/api/people/", {"member_status": "active"})) == ["张三"]
    assert names(api_a.get("/api/people/", {"category": "female"})) == ["李四"]
    assert names(api_a.get("/api/people/", {"org": tree["branch"].pk})) == ["李四"]
    # An organisation outside the scope is refused like one that does not exist.
    assert api_a.get("/api/people/", {"org": tree["school"].pk}).status_code == 400
    assert api_a.get("/api/people/", {"org": 999999}).status_code == 400


def test_list_is_paginated_without_n_plus_one(api_a, make_person, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(params):
        with CaptureQueriesContext(connection) as ctx:
            response = api_a.get("/api/people/", params)
        assert response.status_code == 200
        return len(ctx), response.json()

    for i in range(3):
        make_person(tree["company"], f"先来{i}")
    queries({})  # the first request stores the current organisation in the session (a write the later ones skip)
    few, few_reveal = queries({})[0], queries({"reveal": "1"})[0]
    for i in range(30):
        make_person(tree["company"] if i % 2 else tree["branch"], f"员工{i}", member=i % 3 == 0)
    many, body = queries({})
    assert body["count"] == 33 and len(body["results"]) == 33
    assert many == few  # the same queries for 3 people or 33
    assert queries({"reveal": "1"})[0] == few_reveal  # the reveal audit is one bulk insert
    assert few <= 12


def test_retrieve_and_history(api_a, make_person, tree):
    person = make_person(tree["company"], "张三", joined=datetime.date(2019, 5, 1))
    body = api_a.get(f"/api/people/{person.pk}/").json()
    assert body["name"] == "张三" and body["member_status"] == "active" and body["org_name"] == "甲公司工会"
    memberships = api_a.get(f"/api/people/{person.pk}/memberships/").json()
    assert [(m["org"], m["started_on"], m["ended_on"]) for m in memberships] == [
        (tree["company"].pk, "2019-05-01", None)]
    events = api_a.get(f"/api/people/{person.pk}/events/").json()
    assert [e["kind"] for e in events] == ["join"]
    assert api_a.get(f"/api/people/{person.pk}/transfers/").json() == []


def test_orgs_are_scoped(api_a, tree):
    names = sorted(o["name"] for o in api_a.get("/api/orgs/").json()["results"])
    assert names == ["一分会第一小组", "甲公司一分会", "甲公司工会"]
    assert api_a.get(f"/api/orgs/{tree['school'].pk}/").status_code == 404
    assert api_a.get(f"/api/orgs/{tree['fed'].pk}/").status_code == 404
    assert api_a.get("/api/orgs/", {"parent": tree["company"].pk}).json()["count"] == 1
    assert api_a.get("/api/orgs/", {"q": "小组"}).json()["count"] == 1


# --- masking and reveal --------------------------------------------------------------------------------------------

def test_id_numbers_and_phones_are_masked_unless_revealed_and_audited(api_a, make_person, tree):
    person = make_person(tree["company"], "张三", phone="13812345678")
    body = api_a.get(f"/api/people/{person.pk}/").json()
    assert body["id_number"] == mask_id_number(person.id_number) != person.id_number
    assert body["phone"] == mask_phone("13812345678") == "138****5678"
    assert body["revealed"] is False
    listed = api_a.get("/api/people/").json()["results"][0]
    assert listed["id_number"] == mask_id_number(person.id_number) and listed["phone"] == "138****5678"
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()

    body = api_a.get(f"/api/people/{person.pk}/", {"reveal": "1"}).json()
    assert body["id_number"] == person.id_number and body["phone"] == "13812345678" and body["revealed"] is True
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVEAL)
    assert entry.object_id == str(person.pk) and entry.actor.username == "officer_a" and entry.source == "api"

    api_a.get("/api/people/", {"reveal": "1"})
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).count() == 2


def test_reveal_needs_the_permission(make_person, make_user, tree):
    person = make_person(tree["company"], "张三", phone="13812345678")
    upper = make_user("upper", Role.UPPER, tree["fed"])
    api = APIClient()
    api.force_login(upper)
    body = api.get(f"/api/people/{person.pk}/", {"reveal": "1"}).json()
    assert body["id_number"] == mask_id_number(person.id_number) and body["phone"] == "138****5678"
    assert body["revealed"] is False
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()


def test_family_members_nested(api_a, make_person, tree):
    person = make_person(tree["company"], "张三")
    response = api_a.post(f"/api/people/{person.pk}/family/",
                          {"relation": "spouse", "name": "李梅", "id_number": "11010519491231002X",
                           "phone": "13900001111"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["id_number"] == "110105********002X"
    member = FamilyMember.objects.get(person=person)
    assert member.gender == "F" and member.birth_date == datetime.date(1949, 12, 31)
    # A second living spouse is refused by the service, in Chinese.
    again = api_a.post(f"/api/people/{person.pk}/family/", {"relation": "spouse", "name": "王芳"}, format="json")
    assert again.status_code == 400 and again.json()["detail"] == "已登记配偶。"
    listed = api_a.get(f"/api/people/{person.pk}/family/").json()
    assert [(f["name"], f["phone"]) for f in listed] == [("李梅", "139****1111")]
    revealed = api_a.get(f"/api/people/{person.pk}/family/", {"reveal": "1"}).json()
    assert revealed[0]["id_number"] == "11010519491231002X"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, object_id=str(member.pk)).exists()


# --- writing people ------------------------------------------------------------------------------------------------

def test_create_person(api_a, tree):
    number = idcard.make("110105", datetime.date(1990, 1, 1), 123)
    wrong_check = number[:17] + ("0" if number[17] != "0" else "1")
    response = api_a.post("/api/people/", {"org": tree["branch"].pk, "name": "新员工", "id_number": number,
                                           "phone": "13700000000", "department": "质检部"}, format="json")
    assert response.status_code == 201, response.content
    person = Person.objects.get(name="新员工")
    assert person.org == tree["branch"] and person.birth_date == datetime.date(1990, 1, 1)
    assert response.json()["id_number"] == mask_id_number(number)
    # A bad ID number: the service's Chinese message.
    bad = api_a.post("/api/people/", {"org": tree["branch"].pk, "name": "甲", "id_number": wrong_check},
                     format="json")
    assert bad.status_code == 400 and "校验码" in bad.json()["detail"]
    # The same ID number again: refused without saying where it is registered.
    dup = api_a.post("/api/people/", {"org": tree["company"].pk, "name": "乙", "id_number": number},
                     format="json")
    assert dup.status_code == 400 and "已在系统中登记" in dup.json()["detail"]
    assert "质检部" not in dup.content.decode() and "新员工" not in dup.content.decode()
    # Another union's organisation is "not found", and nothing is created.
    out = api_a.post("/api/people/", {"org": tree["school"].pk, "name": "丙", "gender": "M"}, format="json")
    assert out.status_code == 400 and "乙学校" not in out.content.decode()
    assert not Person.objects.filter(name="丙").exists()


def test_update_with_optimistic_locking(api_a, make_person, tree):
    person = make_person(tree["company"], "张三", phone="13812345678")
    loaded = api_a.get(f"/api/people/{person.pk}/").json()
    first = api_a.patch(f"/api/people/{person.pk}/", {"version": loaded["version"], "post": "班组长"}, format="json")
    assert first.status_code == 200, first.content
    assert first.json()["post"] == "班组长" and first.json()["version"] == loaded["version"] + 1
    # A second editor who loaded the same version loses nothing silently: 409 with a Chinese message.
    stale = api_a.patch(f"/api/people/{person.pk}/", {"version": loaded["version"], "post": "操作工"}, format="json")
    assert stale.status_code == 409
    assert "已被他人修改" in stale.json()["detail"]
    assert Person.objects.get(pk=person.pk).post == "班组长"
    # Without a version the edit is refused.
    assert api_a.patch(f"/api/people/{person.pk}/", {"post": "x"}, format="json").status_code == 400
    # Sending back the masked values read before is not a change of the ID number or phone.
    current = api_a.get(f"/api/people/{person.pk}/").json()
    again = api_a.patch(f"/api/people/{person.pk}/", {"version": current["version"], "id_number": current["id_number"],
                                                     "phone": current["phone"], "note": "复核"}, format="json")
    assert again.status_code == 200, again.content
    person.refresh_from_db()
    assert person.phone == "13812345678" and person.note == "复核" and "*" not in person.id_number
    # Membership fields cannot be written here; PUT is not offered.
    assert api_a.put(f"/api/people/{person.pk}/", {"version": person.version, "name": "x"},
                     format="json").status_code == 405
    api_a.patch(f"/api/people/{person.pk}/", {"version": person.version, "member_status": "withdrawn"}, format="json")
    assert Person.objects.get(pk=person.pk).member_status == "active"


# --- membership actions --------------------------------------------------------------------------------------------

def test_apply_admit_retire_withdraw(api_a, make_person, tree):
    person = make_person(tree["company"], "张三", member=False)
    url = f"/api/people/{person.pk}/"
    r = api_a.post(url + "apply/", {"applied_on": "2024-03-01", "note": "本人申请"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["member_status"] == "pending"
    r = api_a.post(url + "admit/", {"joined_on": "2024-04-01"}, format="json")
    assert r.status_code == 201, r.content
    membership = r.json()
    assert membership["org"] == tree["company"].pk and membership["started_on"] == "2024-04-01"
    assert membership["applied_on"] == "2024-03-01" and membership["member_no"].startswith("A-")
    # Admitting twice: the service says why, in Chinese.
    again = api_a.post(url + "admit/", {"joined_on": "2024-04-02"}, format="json")
    assert again.status_code == 400 and again.json()["detail"] == "张三已是会员。"
    r = api_a.post(url + "retire/", {"on": "2024-06-30"}, format="json")
    assert r.status_code == 200 and r.json()["work_status"] == "retired" and r.json()["member_status"] == "active"
    assert api_a.post(url + "withdraw/", {"on": "2024-07-01"}, format="json").status_code == 400  # no reason
    r = api_a.post(url + "withdraw/", {"on": "2024-07-01", "note": "本人要求退会"}, format="json")
    assert r.status_code == 200 and r.json()["member_status"] == "withdrawn"
    assert kinds(person) == ["apply", "join", "retire", "withdraw"]
    assert Membership.objects.get(person=person).ended_on == datetime.date(2024, 7, 1)


def test_reject_application(api_a, make_person, tree):
    person = make_person(tree["company"], "张三", member=False)
    api_a.post(f"/api/people/{person.pk}/apply/", {"applied_on": "2024-03-01"}, format="json")
    r = api_a.post(f"/api/people/{person.pk}/reject-application/", {"on": "2024-03-05", "note": "不符合条件"},
                   format="json")
    assert r.status_code == 200, r.content
    assert r.json()["member_status"] == "none"
    assert kinds(person) == ["apply", "reject"]


def test_death(api_a, make_person, tree):
    person = make_person(tree["company"], "张三")
    r = api_a.post(f"/api/people/{person.pk}/death/", {"on": "2024-02-02"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["member_status"] == "deceased" and r.json()["work_status"] == "deceased"
    assert r.json()["died_on"] == "2024-02-02"
    assert api_a.post(f"/api/people/{person.pk}/death/", {"on": "2024-02-02"}, format="json").status_code == 400


def test_transfer_out_and_accept_by_the_receiving_union(api_a, api_b, make_person, tree):
    person = make_person(tree["company"], "张三", joined=datetime.date(2020, 1, 1))
    r = api_a.post(f"/api/people/{person.pk}/transfer-out/",
                   {"to_org": tree["school"].pk, "on": "2024-05-01", "reason": "调动"}, format="json")
    assert r.status_code == 201, r.content
    transfer = r.json()
    assert transfer["status"] == "pending" and transfer["to_org_display"] == "乙学校工会"
    tid = transfer["id"]
    # Both sides list it; only the receiving union may accept.
    assert [t["id"] for t in api_a.get("/api/transfers/").json()["results"]] == [tid]
    assert [t["id"] for t in api_b.get("/api/transfers/", {"status": "pending"}).json()["results"]] == [tid]
    refused = api_a.post(f"/api/transfers/{tid}/accept/", {"on": "2024-05-03"}, format="json")
    assert refused.status_code == 403 and "转入工会" in refused.json()["detail"]
    # The receiving union cannot read the person before accepting.
    assert api_b.get(f"/api/people/{person.pk}/").status_code == 404
    r = api_b.post(f"/api/transfers/{tid}/accept/", {"on": "2024-05-03"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "accepted" and r.json()["decided_by_name"] == "officer_b"
    person.refresh_from_db()
    assert person.org == tree["school"] and person.member_status == "active"
    assert api_b.get(f"/api/people/{person.pk}/").status_code == 200
    assert api_a.get(f"/api/people/{person.pk}/").status_code == 404
    history = api_b.get(f"/api/people/{person.pk}/memberships/").json()
    assert [(m["org"], m["ended_on"]) for m in history] == [(tree["company"].pk, "2024-05-03"),
                                                            (tree["school"].pk, None)]
    assert kinds(person) == ["join", "transfer_out", "transfer_in"]
    # Accepting twice is refused.
    assert api_b.post(f"/api/transfers/{tid}/accept/", {"on": "2024-05-04"}, format="json").status_code in (400, 404)


def test_transfer_reject_and_cancel(api_a, api_b, make_person, tree):
    person = make_person(tree["company"], "张三")
    tid = api_a.post(f"/api/people/{person.pk}/transfer-out/", {"to_org": tree["school"].pk, "on": "2024-05-01"},
                     format="json").json()["id"]
    assert api_b.post(f"/api/transfers/{tid}/reject/", {"on": "2024-05-02"}, format="json").status_code == 400
    r = api_b.post(f"/api/transfers/{tid}/reject/", {"on": "2024-05-02", "note": "查无此人"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert Person.objects.get(pk=person.pk).member_status == "active"

    tid = api_a.post(f"/api/people/{person.pk}/transfer-out/", {"to_org": tree["school"].pk, "on": "2024-06-01"},
                     format="json").json()["id"]
    assert api_b.post(f"/api/transfers/{tid}/cancel/", {"on": "2024-06-02"}, format="json").status_code == 403
    r = api_a.post(f"/api/transfers/{tid}/cancel/", {"on": "2024-06-02", "note": "对方未回复"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert Person.objects.get(pk=person.pk).member_status == "active"
    assert kinds(person) == ["join", "transfer_out", "transfer_rejected", "transfer_out", "transfer_cancelled"]
    assert [t["status"] for t in api_a.get(f"/api/people/{person.pk}/transfers/").json()] == ["cancelled", "rejected"]


def test_transfer_outside_the_system(api_a, make_person, tree):
    person = make_person(tree["company"], "张三")
    assert api_a.post(f"/api/people/{person.pk}/transfer-out/", {"on": "2024-05-01"},
                      format="json").status_code == 400
    assert api_a.post(f"/api/people/{person.pk}/transfer-out/", {"to_org": 999999, "on": "2024-05-01"},
                      format="json").status_code == 400
    r = api_a.post(f"/api/people/{person.pk}/transfer-out/", {"to_org_name": "外省某工会", "on": "2024-05-01"},
                   format="json")
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "outside"
    assert Person.objects.get(pk=person.pk).member_status == "transferred_out"


# --- who may do what -----------------------------------------------------------------------------------------------

def test_member_only_user_sees_only_self(make_person, make_user, tree):
    me = make_person(tree["company"], "张三", phone="13812345678")
    colleague = make_person(tree["company"], "李四")
    user = make_user("zhangsan", Role.MEMBER, tree["company"], person=me)
    api = APIClient()
    api.force_login(user)
    listed = api.get("/api/people/").json()
    assert [p["name"] for p in listed["results"]] == ["张三"]
    assert listed["results"][0]["phone"] == "138****5678"
    assert api.get("/api/people/", {"q": "李四"}).json()["count"] == 0
    assert api.get(f"/api/people/{me.pk}/").status_code == 200
    assert api.get(f"/api/people/{me.pk}/memberships/").status_code == 200
    assert api.get(f"/api/people/{colleague.pk}/").status_code == 404
    assert api.get(f"/api/people/{colleague.pk}/family/").status_code == 404
    assert api.post(f"/api/people/{colleague.pk}/withdraw/", {"note": "x"}, format="json").status_code == 404
    # Their own record: readable, not writable.
    assert api.post(f"/api/people/{me.pk}/withdraw/", {"note": "x"}, format="json").status_code == 403
    assert api.patch(f"/api/people/{me.pk}/", {"version": me.version, "note": "x"}, format="json").status_code == 403
    assert api.post("/api/people/", {"org": tree["company"].pk, "name": "x", "gender": "M"},
                    format="json").status_code == 403
    assert api.get("/api/orgs/").json()["count"] == 0
    assert api.get("/api/transfers/").json()["count"] == 0


def test_member_without_role_sees_only_self(make_person, make_user, tree):
    me = make_person(tree["company"], "张三")
    make_person(tree["company"], "李四")
    user = make_user("zhangsan", person=me)
    api = APIClient()
    api.force_login(user)
    assert [p["name"] for p in api.get("/api/people/").json()["results"]] == ["张三"]


def test_read_only_roles_cannot_act(make_person, make_user, tree):
    person = make_person(tree["company"], "张三")
    leader = make_user("leader", Role.GROUP_LEADER, tree["company"])
    api = APIClient()
    api.force_login(leader)
    assert api.get(f"/api/people/{person.pk}/").status_code == 200
    r = api.post(f"/api/people/{person.pk}/retire/", {"on": "2024-01-01"}, format="json")
    assert r.status_code == 403 and r.json()["detail"] == "您没有办理此项业务的权限。"
    assert Person.objects.get(pk=person.pk).work_status == "serving"


# --- organisations -------------------------------------------------------------------------------------------------

def test_org_create_update_move_close(api_a, tree):
    r = api_a.post("/api/orgs/", {"parent": tree["company"].pk, "code": "A2", "name": "甲公司二分会",
                                  "kind": "branch"}, format="json")
    assert r.status_code == 201, r.content
    org = Organization.objects.get(code="A2")
    assert org.parent == tree["company"] and org.path.startswith(tree["company"].path)
    # The code is the service's to check, with its message.
    dup = api_a.post("/api/orgs/", {"parent": tree["company"].pk, "code": "A2", "name": "重复", "kind": "branch"},
                     format="json")
    assert dup.status_code == 400 and "已被使用" in dup.json()["detail"]
    # Only under organisations the user manages; the top level is for administrators.
    assert api_a.post("/api/orgs/", {"parent": tree["school"].pk, "code": "X", "name": "x", "kind": "branch"},
                      format="json").status_code == 400
    assert api_a.post("/api/orgs/", {"code": "Y", "name": "y", "kind": "grassroots"}, format="json").status_code == 400

    version = r.json()["version"]
    ok = api_a.patch(f"/api/orgs/{org.pk}/", {"version": version, "short_name": "二分会"}, format="json")
    assert ok.status_code == 200 and ok.json()["short_name"] == "二分会"
    stale = api_a.patch(f"/api/orgs/{org.pk}/", {"version": version, "short_name": "另"}, format="json")
    assert stale.status_code == 409

    group = api_a.post("/api/orgs/", {"parent": org.pk, "code": "A2G1", "name": "二分会小组", "kind": "group"},
                       format="json").json()
    moved = api_a.post(f"/api/orgs/{group['id']}/move/", {"new_parent": tree["branch"].pk}, format="json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["parent"] == tree["branch"].pk
    assert api_a.post(f"/api/orgs/{group['id']}/move/", {"new_parent": tree["school"].pk},
                      format="json").status_code == 400
    closed = api_a.post(f"/api/orgs/{org.pk}/close/", {"closed_on": "2024-12-31", "reason": "机构调整"},
                        format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
