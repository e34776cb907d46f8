"""User management pages and services: scoping (a chair manages their subtree only), grants, resets, lockouts."""
from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from conftest import PASSWORD
from gonghui.accounts import selectors, services
from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry

NEW_PASSWORD = "Chushimima2025x"


def create_data(org, role=Role.OFFICER, **extra):
    data = {"username": "li_si", "display_name": "李四", "person": "", "org": org.pk, "role": role,
            "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "must_change_password": "on"}
    data.update(extra)
    return data


# ------------------------------------------------------------------------------------------------ scope


def test_chair_sees_only_users_inside_their_subtree(tree, chair_a, officer_a, officer_b, make_user):
    in_branch = make_user("branch_leader", Role.GROUP_LEADER, tree["group"])
    straddling = make_user("two_unions", Role.OFFICER, tree["company"])
    RoleAssignment.objects.create(user=straddling, org=tree["school"], role=Role.OFFICER)
    admin_inside = make_user("admin_inside", Role.ADMIN, tree["company"])
    root = User.objects.create_superuser("root", password=PASSWORD)
    roleless = make_user("roleless")

    visible = set(selectors.user_list(chair_a).values_list("username", flat=True))
    assert visible == {"chair_a", "officer_a", "branch_leader"}
    for other in (officer_b, straddling, admin_inside, root, roleless):
        assert other.username not in visible
    assert in_branch.username in visible


def test_admin_manages_admins_below_and_superuser_manages_everyone(tree, admin_fed, chair_a, make_user, officer_b):
    admin_inside = make_user("admin_inside", Role.ADMIN, tree["company"])
    assert set(selectors.user_list(admin_fed).values_list("username", flat=True)) >= {
        "chair_a", "officer_b", "admin_inside", "admin_fed"}
    company_admin_view = set(selectors.user_list(admin_inside).values_list("username", flat=True))
    assert "admin_fed" not in company_admin_view and "chair_a" in company_admin_view
    root = User.objects.create_superuser("root", password=PASSWORD)
    assert selectors.user_list(root).count() == User.objects.count()


def test_roleless_user_is_managed_through_their_person(tree, chair_a, make_user, make_person):
    p = make_person(tree["branch"], "王五")
    u = make_user("wangwu", person=p)
    assert u in selectors.user_list(chair_a)
    q = make_person(tree["school"], "赵六")
    v = make_user("zhaoliu", person=q)
    assert v not in selectors.user_list(chair_a)


def test_users_outside_scope_answer_404_on_every_page(client, tree, chair_a, officer_b):
    client.force_login(chair_a)
    grant = officer_b.roles.get()
    for name in ("accounts:user_detail", "accounts:user_edit", "accounts:user_password_reset"):
        assert client.get(reverse(name, args=[officer_b.pk])).status_code == 404, name
    for name in ("accounts:user_deactivate", "accounts:user_reactivate", "accounts:user_unlock",
                 "accounts:role_grant", "accounts:user_password_reset", "accounts:user_edit"):
        assert client.post(reverse(name, args=[officer_b.pk]), {}).status_code == 404, name
    assert client.post(reverse("accounts:role_revoke", args=[grant.pk])).status_code == 404
    officer_b.refresh_from_db()
    assert officer_b.is_active and officer_b.roles.count() == 1


def test_users_without_user_manage_get_404(client, tree, officer_a, chair_a):
    client.force_login(officer_a)
    assert client.get(reverse("accounts:user_list")).status_code == 404
    assert client.get(reverse("accounts:user_add")).status_code == 404
    assert client.get(reverse("accounts:user_detail", args=[officer_a.pk])).status_code == 404
    assert client.post(reverse("accounts:user_deactivate", args=[chair_a.pk])).status_code == 404
    assert client.get(reverse("accounts:person_search") + "?person=张").status_code == 404


def test_nav_shows_user_management_only_with_the_permission(client, officer_a, chair_a):
    client.force_login(officer_a)
    assert reverse("accounts:user_list") not in client.get(reverse("members:person_list")).content.decode()
    client.force_login(chair_a)
    assert reverse("accounts:user_list") in client.get(reverse("members:person_list")).content.decode()


# ------------------------------------------------------------------------------------------------ list


def test_list_search_and_filters(client, tree, chair_a, officer_a, make_user):
    make_user("leader_g", Role.GROUP_LEADER, tree["group"], display_name="组长小王")
    stopped = make_user("stopped", Role.OFFICER, tree["branch"], is_active=False)
    client.force_login(chair_a)
    url = reverse("accounts:user_list")

    def names(query):
        body = client.get(url + query).content.decode()
        return {u for u in ("chair_a", "officer_a", "leader_g", "stopped") if f">{u}<" in body}

    assert names("") == {"chair_a", "officer_a", "leader_g", "stopped"}
    assert names("?q=小王") == {"leader_g"}
    assert names("?q=OFFICER") == {"officer_a"}
    assert names(f"?org={tree['branch'].pk}") == {"leader_g", "stopped"}
    assert names(f"?role={Role.GROUP_LEADER}") == {"leader_g"}
    assert names(f"?org={tree['branch'].pk}&role={Role.OFFICER}") == {"stopped"}
    assert names("?is_active=0") == {"stopped"}
    assert stopped.username in names("?is_active=0")
    assert "甲公司工会 · 工会主席/副主席" in client.get(url).content.decode()


def test_list_does_not_query_per_row(client, tree, chair_a, make_user, django_assert_max_num_queries):
    for i in range(15):
        make_user(f"user{i}", Role.OFFICER, tree["branch"] if i % 2 else tree["company"])
    client.force_login(chair_a)
    client.get(reverse("accounts:user_list"))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200


def test_list_shows_locked_accounts(client, tree, chair_a, officer_a, web_login):
    for _ in range(5):
        web_login("officer_a", "bad-password-1")
    client.force_login(chair_a)
    body = client.get(reverse("accounts:user_list")).content.decode()
    assert "已锁定" in body


# ------------------------------------------------------------------------------------------------ create


def test_chair_creates_a_user_with_a_role(client, tree, chair_a):
    client.force_login(chair_a)
    assert client.get(reverse("accounts:user_add")).status_code == 200
    response = client.post(reverse("accounts:user_add"), create_data(tree["branch"]), REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302
    user = User.objects.get(username="li_si")
    assert response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    assert user.display_name == "李四" and user.must_change_password and user.check_password(NEW_PASSWORD)
    assert list(user.roles.values_list("org", "role")) == [(tree["branch"].pk, Role.OFFICER)]

    created = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_id=str(user.pk),
                                     content_type__model="user")
    assert created.actor == chair_a and created.ip == "192.0.2.44"
    assert "password" not in created.changes and NEW_PASSWORD not in str(created.changes)
    assert created.changes["username"] == [None, "li_si"]
    grant = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, content_type__model="roleassignment", actor=chair_a)
    assert grant.org_path == tree["branch"].path and grant.changes["role"] == [None, Role.OFFICER]


def test_create_rejects_weak_password_in_chinese(client, tree, chair_a):
    client.force_login(chair_a)
    response = client.post(reverse("accounts:user_add"), create_data(
        tree["branch"], username="zhangwei2025", password1="Zhangwei2025", password2="Zhangwei2025"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "太相似" in body
    assert not User.objects.filter(username="zhangwei2025").exists()
    response = client.post(reverse("accounts:user_add"), create_data(tree["branch"], password2="Different2025x"))
    assert "两次输入的密码不一致" in response.content.decode()


def test_create_refuses_org_outside_scope_and_admin_role(client, tree, chair_a):
    client.force_login(chair_a)
    response = client.post(reverse("accounts:user_add"), create_data(tree["school"]))
    assert response.status_code == 200 and not User.objects.filter(username="li_si").exists()
    page = client.get(reverse("accounts:user_add")).content.decode()
    assert "乙学校工会" not in page and f'value="{Role.ADMIN}"' not in page
    response = client.post(reverse("accounts:user_add"), create_data(tree["branch"], role=Role.ADMIN))
    assert response.status_code == 200 and not User.objects.filter(username="li_si").exists()
    with pytest.raises(ServiceError):
        services.user_create(actor=chair_a, username="x1", password=NEW_PASSWORD, org=tree["company"], role=Role.ADMIN)
    with pytest.raises(ServiceError):
        services.user_create(actor=chair_a, username="x2", password=NEW_PASSWORD, org=tree["fed"], role=Role.OFFICER)


def test_admin_may_grant_admin(tree, admin_fed):
    user = services.user_create(actor=admin_fed, username="new_admin", password=NEW_PASSWORD,
                                org=tree["company"], role=Role.ADMIN)
    assert user.roles.get().role == Role.ADMIN


def test_duplicate_username_is_refused(client, tree, chair_a, officer_a):
    client.force_login(chair_a)
    response = client.post(reverse("accounts:user_add"), create_data(tree["branch"], username="Officer_A"))
    assert "已被使用" in response.content.decode()


def test_create_links_a_person_found_in_scope(client, tree, chair_a, make_person):
    inside = make_person(tree["branch"], "钱七")
    outside = make_person(tree["school"], "孙八")
    client.force_login(chair_a)
    search = client.get(reverse("accounts:person_search") + "?person=钱七").content.decode()
    assert "钱七" in search and f'data-person="#{inside.pk}"' in search
    assert "孙八" not in client.get(reverse("accounts:person_search") + "?person=孙八").content.decode()

    response = client.post(reverse("accounts:user_add"), create_data(tree["branch"], person="钱七", display_name=""))
    assert response.status_code == 302
    user = User.objects.get(username="li_si")
    assert user.person == inside and user.display_name == "钱七"

    response = client.post(reverse("accounts:user_add"), create_data(
        tree["branch"], username="sunba", person=f"#{outside.pk}"))
    assert response.status_code == 200 and "没有找到该人员" in response.content.decode()
    response = client.post(reverse("accounts:user_add"), create_data(
        tree["branch"], username="again", person=f"#{inside.pk}"))
    assert response.status_code == 200 and not User.objects.filter(username="again").exists()


def test_same_name_needs_a_member_number(client, tree, chair_a, make_person):
    a = make_person(tree["branch"], "周九")
    make_person(tree["company"], "周九")
    client.force_login(chair_a)
    response = client.post(reverse("accounts:user_add"), create_data(tree["branch"], person="周九"))
    assert "找到多名符合条件的人员" in response.content.decode()
    response = client.post(reverse("accounts:user_add"), create_data(tree["branch"], person=a.member_no))
    assert response.status_code == 302
    assert User.objects.get(username="li_si").person == a


# ------------------------------------------------------------------------------------------------ edit, roles


def test_edit_user_name_and_person(client, tree, chair_a, officer_a, make_person):
    p = make_person(tree["company"], "吴十")
    client.force_login(chair_a)
    url = reverse("accounts:user_edit", args=[officer_a.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"display_name": "干部甲", "person": f"#{p.pk}"}).status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.display_name == "干部甲" and officer_a.person == p
    # Saving again with the same person keeps it.
    assert client.post(url, {"display_name": "干部甲", "person": f"#{p.pk}"}).status_code == 302
    assert client.post(url, {"display_name": "干部甲", "person": ""}).status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.person is None


def test_grant_and_revoke_roles(client, tree, chair_a, officer_a):
    client.force_login(chair_a)
    url = reverse("accounts:role_grant", args=[officer_a.pk])
    response = client.post(url, {"grant-org": tree["branch"].pk, "grant-role": Role.WOMEN}, REMOTE_ADDR="192.0.2.8")
    assert response.status_code == 302
    grant = officer_a.roles.get(role=Role.WOMEN)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, content_type__model="roleassignment",
                                   object_id=str(grant.pk))
    assert entry.actor == chair_a and entry.ip == "192.0.2.8" and entry.org_path == tree["branch"].path

    # Outside the scope, 系统管理员, and duplicates are refused.
    client.post(url, {"grant-org": tree["school"].pk, "grant-role": Role.OFFICER})
    client.post(url, {"grant-org": tree["company"].pk, "grant-role": Role.ADMIN})
    client.post(url, {"grant-org": tree["branch"].pk, "grant-role": Role.WOMEN})
    assert officer_a.roles.count() == 2

    response = client.post(reverse("accounts:role_revoke", args=[grant.pk]))
    assert response.status_code == 302 and not officer_a.roles.filter(role=Role.WOMEN).exists()
    deleted = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, content_type__model="roleassignment")
    assert deleted.changes["role"] == [Role.WOMEN, None] and deleted.actor == chair_a


def test_service_refusals(tree, chair_a, officer_a, officer_b):
    with pytest.raises(ServiceError):
        services.role_grant(actor=chair_a, user=officer_a, org=tree["school"], role=Role.OFFICER)
    with pytest.raises(ServiceError):
        services.role_grant(actor=chair_a, user=officer_a, org=tree["company"], role=Role.ADMIN)
    with pytest.raises(ServiceError):
        services.role_grant(actor=chair_a, user=officer_b, org=tree["company"], role=Role.OFFICER)
    with pytest.raises(ServiceError):
        services.password_reset(actor=chair_a, user=officer_b, password=NEW_PASSWORD)
    with pytest.raises(ServiceError):
        services.user_deactivate(actor=chair_a, user=officer_b)
    with pytest.raises(ServiceError):
        services.user_unlock(actor=chair_a, user=officer_b)
    with pytest.raises(ServiceError):
        services.role_revoke(actor=chair_a, assignment=officer_b.roles.get())


def test_last_role_cannot_be_revoked(client, tree, chair_a, officer_a):
    client.force_login(chair_a)
    client.post(reverse("accounts:role_revoke", args=[officer_a.roles.get().pk]))
    assert officer_a.roles.count() == 1


def test_chair_cannot_grant_roles_on_closed_org(tree, chair_a, officer_a):
    from gonghui.orgs.models import Organization

    Organization.objects.filter(pk=tree["group"].pk).update(status=Organization.Status.CLOSED)
    tree["group"].refresh_from_db()
    with pytest.raises(ServiceError):
        services.role_grant(actor=chair_a, user=officer_a, org=tree["group"], role=Role.GROUP_LEADER)


# ------------------------------------------------------------------------------------------------ passwords, status


def test_reset_password_forces_a_change_at_next_login(client, tree, chair_a, officer_a, web_login):
    client.force_login(chair_a)
    url = reverse("accounts:user_password_reset", args=[officer_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"password1": "12345678901", "password2": "12345678901"})
    assert response.status_code == 200 and "密码只包含数字" in response.content.decode()
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.must_change_password and officer_a.check_password(NEW_PASSWORD)
    note = AuditEntry.objects.get(note__startswith="管理员重置密码")
    assert note.actor == chair_a and note.object_id == str(officer_a.pk)
    assert all("password" not in e.changes for e in AuditEntry.objects.filter(object_id=str(officer_a.pk)))

    client.post(reverse("accounts:logout"))
    assert web_login("officer_a", NEW_PASSWORD).status_code == 302
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:password_change")


def test_deactivate_and_reactivate(client, tree, chair_a, officer_a):
    client.force_login(chair_a)
    assert client.post(reverse("accounts:user_deactivate", args=[officer_a.pk])).status_code == 302
    officer_a.refresh_from_db()
    assert not officer_a.is_active
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_id=str(officer_a.pk),
                                   content_type__model="user")
    assert entry.changes == {"is_active": [True, False]}
    assert client.post(reverse("accounts:user_reactivate", args=[officer_a.pk])).status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.is_active


def test_deactivated_user_is_logged_out_of_running_sessions(client, tree, chair_a, officer_a):
    client.force_login(officer_a)
    services.user_deactivate(actor=chair_a, user=officer_a)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_cannot_deactivate_oneself(client, chair_a):
    client.force_login(chair_a)
    client.post(reverse("accounts:user_deactivate", args=[chair_a.pk]))
    chair_a.refresh_from_db()
    assert chair_a.is_active


def test_unlock_a_locked_out_account(client, tree, chair_a, officer_a, web_login):
    for _ in range(5):
        web_login("officer_a", "bad-password-1")
    assert web_login("officer_a").status_code == 403
    assert selectors.is_locked(officer_a)

    client.force_login(chair_a)
    detail = client.get(reverse("accounts:user_detail", args=[officer_a.pk])).content.decode()
    assert "登录已锁定" in detail and reverse("accounts:user_unlock", args=[officer_a.pk]) in detail
    assert client.post(reverse("accounts:user_unlock", args=[officer_a.pk])).status_code == 302
    assert not AccessAttempt.objects.filter(username="officer_a").exists()
    entry = AuditEntry.objects.get(note="解除登录锁定")
    assert entry.actor == chair_a and entry.org_path == tree["company"].path

    client.post(reverse("accounts:logout"))
    assert web_login("officer_a").status_code == 302


def test_detail_page_tabs(client, tree, chair_a, officer_a):
    client.force_login(chair_a)
    services.role_grant(actor=chair_a, user=officer_a, org=tree["branch"], role=Role.WOMEN)
    body = client.get(reverse("accounts:user_detail", args=[officer_a.pk])).content.decode()
    assert "甲公司一分会" in body and "女职工委员会" in body
    history = client.get(reverse("accounts:user_detail", args=[officer_a.pk]) + "?tab=history").content.decode()
    assert "用户名" in history and "下次登录须修改密码" in history


def test_drafting_stops_at_the_unions_below(tree, make_user):
    """REPORT_DRAFT covers the granted union and its branches and groups, not a child union's own affairs."""
    from gonghui.accounts.roles import Perm, Role
    from gonghui.accounts.scope import can_on_org, orgs_in_scope

    fed_staff = make_user("fed_staff_scope", Role.UPPER, tree["fed"])
    chair = make_user("company_chair_scope", Role.CHAIR, tree["company"])
    assert can_on_org(fed_staff, Perm.REPORT_DRAFT, tree["fed"])
    assert not can_on_org(fed_staff, Perm.REPORT_DRAFT, tree["company"])
    assert not can_on_org(fed_staff, Perm.REPORT_DRAFT, tree["group"])  # inside the company union
    assert can_on_org(fed_staff, Perm.REPORT_RECEIVE, tree["company"])  # other permissions keep the subtree
    assert can_on_org(chair, Perm.REPORT_DRAFT, tree["group"])
    assert not can_on_org(chair, Perm.REPORT_DRAFT, tree["school"])
    assert set(orgs_in_scope(fed_staff, Perm.REPORT_DRAFT)) == {tree["fed"]}
    assert set(orgs_in_scope(chair, Perm.REPORT_DRAFT)) == {tree["company"], tree["branch"], tree["group"]}
    assert orgs_in_scope(fed_staff, Perm.ORG_VIEW).count() == 5
