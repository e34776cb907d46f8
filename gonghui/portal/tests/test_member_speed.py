"""Member pages at speed (issue 9): the hand-written queries every member page runs (core/rawsql.py) give what their
ORM forms give, the remembered addresses are the addresses, and production keeps its database connections."""
from __future__ import annotations

import datetime

from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts import scope
from gonghui.accounts.roles import Role
from gonghui.care import portal as care_portal
from gonghui.care import selectors as care_selectors
from gonghui.care import services as care
from gonghui.care.models import Assistance
from gonghui.members import portal as members_portal
from gonghui.members import services as members
from gonghui.members.models import Membership, Transfer
from gonghui.orgs import services as org_services
from gonghui.portal import member, member_areas, messaging, notices
from gonghui.portal import services_join as join
from gonghui.portal.models_join import JoinApplication
from gonghui.portal.models_messages import Message

TODAY = datetime.date.today()


def test_grants_agree_with_the_orm(tree, make_user, make_person):
    closed = org_services.org_create(code="OLD", name="已撤销工会", kind="grassroots", parent=tree["fed"])
    user = make_user("many", Role.CHAIR, tree["company"], person=make_person(tree["company"], "多角色"))
    for org, role in ((tree["school"], Role.MEMBER), (tree["branch"], Role.OFFICER), (closed, Role.CHAIR)):
        user.roles.create(org=org, role=role)
    from gonghui.orgs.models import Organization

    Organization.objects.filter(pk=closed.pk).update(status=Organization.Status.CLOSED)
    orm = sorted(user.roles.filter(org__status=Organization.Status.ACTIVE).values_list("org__path", "role"))
    assert sorted(scope._load_grants(user.pk)) == orm and len(orm) == 3
    assert scope._load_grants(make_user("none").pk) == []


def test_unread_count_and_membership_paths_agree_with_the_orm(tree, make_user, make_person):
    person = make_person(tree["branch"], "消息会员")
    user = make_user("m1", Role.MEMBER, tree["branch"], person=person)
    for i in range(3):
        messaging.send(user, "care.assistance", f"消息{i}", "正文", dedupe_key=f"t:{i}")
    messaging.send(make_user("other"), "care.assistance", "别人的", "正文", dedupe_key="t:x")
    Message.objects.filter(recipient=user, title="消息0").update(read_at=timezone.now())
    assert messaging.unread_count(user) == Message.objects.filter(recipient=user, read_at__isnull=True).count() == 2
    members.member_transfer_out(person=person, to_org=tree["school"], on=TODAY)  # still a member until accepted
    expected = set(Membership.objects.filter(person=person, ended_on__isnull=True).values_list("org__path", flat=True))
    assert set(notices.audience_paths(user)) == expected and expected


def test_help_applications_waiting_agree_with_the_orm(tree, make_user, make_person):
    chair = make_user("chair", Role.CHAIR, tree["company"])
    person = make_person(tree["company"], "困难会员")
    user = make_user("m1", Role.MEMBER, tree["company"], person=person)
    for kind, submit in ((Assistance.Kind.DAILY, True), (Assistance.Kind.SERIOUS_ILLNESS, True), (Assistance.Kind.DAILY, False)):
        care.assistance_create(actor=chair, person=person, kind=kind, amount="200", reason="家中受灾", submit=submit,
                               applied_on=TODAY)
    someone = make_person(tree["company"], "别人")
    care.assistance_create(actor=chair, person=someone, kind=Assistance.Kind.DAILY, amount="100", reason="x",
                           submit=True, applied_on=TODAY)
    waiting = (Assistance.Status.SUBMITTED, Assistance.Status.IN_REVIEW)
    for u in (user, chair, make_user("nobody")):
        orm = care_selectors.my_assistance_list(u).filter(status__in=waiting).count()
        assert care_portal.waiting_count(u) == orm
    assert care_portal.waiting_count(user) == 2
    assert [t.count for t in care_portal._member_todos(user)] == [2]


def test_transfer_and_join_to_dos_agree_with_the_orm(tree, make_user, make_person):
    person = make_person(tree["company"], "转会会员")
    user = make_user("m1", Role.MEMBER, tree["company"], person=person)
    assert members_portal.pending_transfer(user) is None
    members.member_transfer_out(person=person, to_org=tree["school"], on=TODAY - datetime.timedelta(days=2))
    orm = members_portal.my_transfers(user).filter(status=Transfer.Status.PENDING).first()
    assert members_portal.pending_transfer(user) == (orm.pk, orm.to_org.name, orm.requested_on, orm.from_org.name)
    assert members_portal._member_todos(user)[0].label == "转会待乙学校工会接收"

    wang = make_user("wang", Role.MEMBER, tree["company"], person=make_person(tree["company"], "王职工", member=False))
    assert member_areas.join_sent_back(wang) is None
    first = join.join_apply(org=tree["company"], name="王职工", id_number=wang.person.id_number, phone="13812345678",
                            employer="甲公司", consent=True)
    join.join_ask_more(actor=None, application=first, note="请补充在职证明")
    orm = member_areas._my_join_applications(wang).filter(status=JoinApplication.Status.MORE_INFO).first()
    assert member_areas.join_sent_back(wang) == (orm.number, orm.reason) and orm.pk == first.pk
    assert member_areas.join_sent_back(make_user("nobody")) is None


def test_the_href_tag_and_member_entries_give_the_addresses_reverse_gives():
    html = Template("{% load gonghui_urls %}{% href 'portal:member_home' %}|{% href 'accounts:logout' %}").render(
        Context())
    assert html == f"{reverse('portal:member_home')}|{reverse('accounts:logout')}"
    for entry in member.entries(member.SERVICES) + member.entries(member.MINE):
        assert entry.url == reverse(entry.url_name)


def test_a_session_is_read_and_renewed_by_the_hand_written_query(client, tree, make_user, settings):
    from django.contrib.sessions.models import Session

    user = make_user("m1", Role.MEMBER, tree["company"])
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/portal/services/").status_code == 200  # the session read: signed in
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=30))
    client.get("/portal/services/")
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/portal/services/").status_code == 302  # expired: signed out


def test_production_keeps_database_connections(monkeypatch):
    """Persistent connections with a health check (a new PostgreSQL connection costs more CPU than a member page)."""
    import importlib

    import gonghui.settings as live

    monkeypatch.setenv("GONGHUI_ENV", "production")
    monkeypatch.setenv("GONGHUI_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:5432/gh")
    monkeypatch.delenv("GONGHUI_DB_CONN_MAX_AGE", raising=False)
    try:
        fresh = importlib.reload(live)
        db = fresh.DATABASES["default"]
        assert fresh.PRODUCTION and db["CONN_MAX_AGE"] >= 60 and db["CONN_HEALTH_CHECKS"] is True
        assert not any("loaders" in t.get("OPTIONS", {}) for t in fresh.TEMPLATES)  # Django's cached loader
    finally:
        monkeypatch.undo()
        importlib.reload(live)


def test_static_addresses_are_remembered_and_a_missing_one_still_fails(tmp_path, settings):
    import json

    from gonghui.core.staticstorage import ManifestStaticStorage

    settings.DEBUG = False
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": {"portal/member.css": "portal/member.abc123.css"},
                                                           "version": "1.1", "hash": "x"}))
    storage = ManifestStaticStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("portal/member.css") == "/static/portal/member.abc123.css"
    assert storage.url("portal/member.css") == "/static/portal/member.abc123.css"  # the kept answer
    assert storage._addresses == {"portal/member.css": "/static/portal/member.abc123.css"}
    try:
        storage.url("portal/missing.css")
    except ValueError:
        pass
    else:
        raise AssertionError("a name missing from the manifest must fail")
    assert "portal/missing.css" not in storage._addresses


def test_a_notice_opened_again_records_nothing_and_asks_nothing_about_its_receipt(client, tree, make_user,
                                                                                  make_person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.portal.models_notices import NoticeRead

    chair = make_user("chair", Role.CHAIR, tree["company"])
    user = make_user("m1", Role.MEMBER, tree["company"], person=make_person(tree["company"], "读通知的会员"))
    notice = notices.notice_publish(actor=chair, notice=notices.notice_save(actor=chair, org=tree["company"],
                                                                              title="通知", body="正文"))
    client.force_login(user)
    url = reverse("portal:notice_detail", args=[notice.pk])
    assert client.get(url).status_code == 200
    assert NoticeRead.objects.filter(notice=notice, user=user).count() == 1
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).status_code == 200
    assert NoticeRead.objects.filter(notice=notice, user=user).count() == 1
    sql = [q["sql"] for q in again.captured_queries]
    assert not [s for s in sql if '"portal_noticeread"."notice_id"' in s or s.lstrip().startswith("INSERT")]


def test_the_hand_written_queries_are_prepared_once_per_postgresql_connection(db, settings, django_assert_num_queries):
    import pytest
    from django.db import connection

    from gonghui.core import rawsql

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements: PostgreSQL only (SQLite runs them through Django's cursor)")
    sql = "SELECT COUNT(*) FROM portal_message m WHERE m.recipient_id = %s AND m.read_at IS NULL"

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                           ["%FROM portal_message m WHERE m.recipient_id = $1%"])
            return cursor.fetchone()[0]

    with django_assert_num_queries(2) as logged:  # still logged and counted as Django's own queries
        assert rawsql.one(sql, [0]) == (0,) and rawsql.one(sql, [1]) == (0,)
    assert [q["sql"] for q in logged.captured_queries] == [sql.replace("%s", "$1")] * 2
    assert prepared() == 1  # one statement, planned once, run twice
    settings.GONGHUI_DB_PREPARED = False
    other = sql.replace("COUNT(*)", "COUNT(m.id)")
    assert rawsql.one(other, [0]) == (0,)
    assert prepared() == 1  # turned off: bound on the client, nothing prepared
