from __future__ import annotations

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gonghui.core.filters import FilterSet
from gonghui.core.selectors import object_history
from gonghui.core.views import ObjectDetailView, ObjectListView, ServiceFormView

from . import lockout, selectors, services
from .forms import (
    LoginForm, OwnPasswordChangeForm, PasswordResetForm, RoleGrantForm, UserCreateForm, UserEditForm,
)
from .middleware import PASSWORD_CHANGE_MESSAGE, SESSION_KEY
from .models import RoleAssignment, User
from .roles import Perm, Role
from .scope import has_perm, orgs_in_scope


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """A member goes straight to their phone site's 首页 (not through the desk's home and a second redirect)."""
        from .scope import is_member_only

        if self.request.user.is_authenticated and is_member_only(self.request.user):
            return resolve_url("portal:member_home")
        return super().get_default_redirect_url()


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    """What django-axes shows once an account name is locked: the login page with the reason, status 403.

    django-axes calls this with (request, original_response, credentials); older versions with
    (request, credentials), which lands in `original_response` as a dict.
    """
    if isinstance(original_response, dict) and credentials is None:
        credentials = original_response
    username = str((credentials or {}).get("username") or request.POST.get("username") or "")[:150]
    form = LoginForm(request, initial={"username": username})
    return render(request, "accounts/login.html", {"form": form, "locked_message": lockout.message_for(request),
                                                   "next": request.POST.get("next", "")}, status=403)


@login_required
@require_POST
def switch_org(request):
    org = orgs_in_scope(request.user, Perm.ORG_VIEW).filter(pk=request.POST.get("org") or 0).first()
    if org is None:
        raise Http404("未找到该组织")
    request.session[SESSION_KEY] = org.pk
    messages.info(request, f"当前组织已切换为：{org.name}")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


# ---------------------------------------------------------------------------------------------- own password


@login_required
def password_change(request):
    """The logged-in user changes their own password (also where must_change_password sends them)."""
    user = User.objects.get(pk=request.user.pk)  # the model instance, not the lazy request.user
    form = OwnPasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(user=user, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("new_password1", message)
        else:
            update_session_auth_hash(request, user)  # stay logged in on this browser, log out everywhere else
            messages.success(request, "密码已修改。")
            return redirect("core:home")
    return render(request, "accounts/password_change.html", {
        "title": "修改密码", "form": form, "forced": user.must_change_password, "forced_message": PASSWORD_CHANGE_MESSAGE,
    })


# ---------------------------------------------------------------------------------------------- user management


def _style(form):
    for field in form.fields.values():
        field.widget.attrs.setdefault(
            "class", "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")


class UserFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "用户名/姓名"}))
    org = django_filters.ModelChoiceFilter(label="授权组织（含下级）", queryset=None, method="keep")
    role = django_filters.ChoiceFilter(label="角色", choices=Role.choices, method="keep")
    is_active = django_filters.ChoiceFilter(label="账号状态", choices=[("1", "启用"), ("0", "停用")], method="filter_active")

    class Meta:
        model = User
        fields = ["q", "org", "role", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["org"].queryset = selectors.grantable_orgs(user) if user is not None else User.objects.none()
        _style(self.form)

    def keep(self, queryset, name, value):
        return queryset  # org and role are applied together in filter_queryset (one grant must match both)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(username__icontains=value) | Q(display_name__contains=value)
                               | Q(person__name__contains=value))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1") if value in ("0", "1") else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        org, role = self.form.cleaned_data.get("org"), self.form.cleaned_data.get("role")
        if org or role:
            grants = RoleAssignment.objects.filter(user=OuterRef("pk"))
            if org:
                grants = grants.filter(org__path__startswith=org.path)
            if role:
                grants = grants.filter(role=role)
            queryset = queryset.filter(Exists(grants))
        return queryset


class UserTable(tables.Table):
    username = tables.Column(verbose_name="用户名", linkify=("accounts:user_detail", {"pk": tables.A("pk")}))
    display_name = tables.Column(verbose_name="姓名")
    person = tables.Column(verbose_name="关联人员", accessor="person__name", order_by=("person__name_pinyin",))
    roles = tables.Column(verbose_name="角色", accessor="pk", orderable=False)
    is_active = tables.Column(verbose_name="状态")
    last_login = tables.DateTimeColumn(verbose_name="最近登录", format="Y-m-d H:i")

    class Meta:
        model = User
        fields = ("username", "display_name", "person", "roles", "is_active", "last_login")
        attrs = {"class": "table table-hover table-sm align-middle bg-white", "id": "user-table"}
        order_by = ("username",)

    def render_roles(self, record):
        return format_html_join(mark_safe("<br>"), "<span class=\"text-nowrap\">{} · {}</span>",
                                ((g.org.name, g.get_role_display()) for g in record.roles.all())) or "—"

    def _locked(self):
        if not hasattr(self, "_locked_names"):
            rows = self.page.object_list if getattr(self, "page", None) else []
            records = [getattr(row, "record", row) for row in rows]
            self._locked_names = selectors.locked_usernames([r.username for r in records])
        return self._locked_names

    def render_is_active(self, record):
        badges = [format_html('<span class="badge text-bg-{}">{}</span>', "success" if record.is_active else "secondary",
                              "启用" if record.is_active else "停用")]
        if record.username in self._locked():
            badges.append(mark_safe('<span class="badge text-bg-danger">已锁定</span>'))
        if record.must_change_password:
            badges.append(mark_safe('<span class="badge text-bg-warning">待改密码</span>'))
        return format_html_join(" ", "{}", ((b,) for b in badges))


class UserListView(ObjectListView):
    perm = Perm.USER_MANAGE
    title = "用户与角色"
    table_class = UserTable
    filterset_class = UserFilterSet
    add_url_name = "accounts:user_add"
    add_perm = Perm.USER_MANAGE

    def selector(self, request):
        return selectors.user_list(request.user, within=request.current_org).order_by("username").prefetch_related(
            Prefetch("roles", queryset=RoleAssignment.objects.select_related("org").order_by("org__path", "role")))

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs


class UserDetailView(ObjectDetailView):
    perm = Perm.USER_MANAGE
    template_name = "accounts/user_detail.html"

    def selector(self, request, pk):
        return selectors.user_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        target = self.object
        ctx.update(
            title=f"用户：{target.username}",
            tab=self.request.GET.get("tab", "info"),
            roles=selectors.user_roles(target),
            grant_form=RoleGrantForm(actor=self.request.user, prefix="grant"),
            locked=selectors.is_locked(target),
            history=object_history(target),
            is_self=target.pk == self.request.user.pk,
        )
        return ctx


class UserCreateView(ServiceFormView):
    perm = Perm.USER_MANAGE
    title = "新增用户"
    template_name = "accounts/user_form.html"

    def get_form(self):
        return UserCreateForm(**self.get_form_kwargs(), actor=self.request.user)

    def perform(self, form):
        data = form.cleaned_data
        person = data.get("person")
        return services.user_create(
            actor=self.request.user, username=data["username"], password=data["password1"], org=data["org"],
            role=data["role"], display_name=data.get("display_name") or (person.name if person else ""),
            person=person, must_change_password=data.get("must_change_password", False),
        )

    def success(self, user):
        messages.success(self.request, f"已创建用户：{user.username}")
        return redirect("accounts:user_detail", pk=user.pk)


class _UserActionMixin:
    """Resolves the target user through the scoped selector before anything else (404 outside scope)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_perm(request.user, Perm.USER_MANAGE):
            self.target = selectors.user_get(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def success(self, result):
        messages.success(self.request, "已保存。")
        return redirect("accounts:user_detail", pk=self.target.pk)


class UserEditView(_UserActionMixin, ServiceFormView):
    perm = Perm.USER_MANAGE
    template_name = "accounts/user_form.html"

    def get_form(self):
        self.title = f"修改用户：{self.target.username}"
        return UserEditForm(**self.get_form_kwargs(), actor=self.request.user, user=self.target)

    def perform(self, form):
        return services.user_update(actor=self.request.user, user=self.target,
                                    display_name=form.cleaned_data["display_name"], person=form.cleaned_data["person"])


class PasswordResetView(_UserActionMixin, ServiceFormView):
    perm = Perm.USER_MANAGE
    template_name = "accounts/user_form.html"

    def get_form(self):
        self.title = f"重置密码：{self.target.username}"
        return PasswordResetForm(**self.get_form_kwargs(), user=self.target)

    def perform(self, form):
        return services.password_reset(actor=self.request.user, user=self.target, password=form.cleaned_data["password1"])

    def success(self, result):
        messages.success(self.request, f"已重置{self.target.username}的密码，该用户下次登录时须修改密码。")
        return redirect("accounts:user_detail", pk=self.target.pk)


def _user_action(request, pk, action, done: str):
    if not has_perm(request.user, Perm.USER_MANAGE):
        raise Http404("未找到该页面")
    target = selectors.user_get(request.user, pk)
    try:
        action(actor=request.user, user=target)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done.format(user=target.username))
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_POST
def user_deactivate(request, pk):
    return _user_action(request, pk, services.user_deactivate, "已停用账号：{user}")


@login_required
@require_POST
def user_reactivate(request, pk):
    return _user_action(request, pk, services.user_reactivate, "已启用账号：{user}")


@login_required
@require_POST
def user_unlock(request, pk):
    return _user_action(request, pk, services.user_unlock, "已解除{user}的登录锁定。")


@login_required
@require_POST
def role_grant(request, pk):
    if not has_perm(request.user, Perm.USER_MANAGE):
        raise Http404("未找到该页面")
    target = selectors.user_get(request.user, pk)
    form = RoleGrantForm(request.POST, actor=request.user, prefix="grant")
    if form.is_valid():
        try:
            grant = services.role_grant(actor=request.user, user=target, org=form.cleaned_data["org"],
                                        role=form.cleaned_data["role"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已授予：{grant.org.name} · {grant.get_role_display()}")
    else:
        messages.error(request, "请选择组织和角色。" if not form.errors.get("__all__") else "；".join(form.errors["__all__"]))
    return redirect(reverse("accounts:user_detail", kwargs={"pk": target.pk}))


@login_required
@require_POST
def role_revoke(request, pk):
    if not has_perm(request.user, Perm.USER_MANAGE):
        raise Http404("未找到该页面")
    grant = selectors.role_assignment_get(request.user, pk)
    label = f"{grant.org.name} · {grant.get_role_display()}"
    try:
        services.role_revoke(actor=request.user, assignment=grant)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已撤销：{label}")
    return redirect("accounts:user_detail", pk=grant.user_id)


@login_required
def person_search(request):
    """htmx: people in the actor's scope who could be linked to a login, for the 关联人员 box."""
    if not has_perm(request.user, Perm.USER_MANAGE):
        raise Http404("未找到该页面")
    people = selectors.person_candidates(request.user, request.GET.get("person", ""), limit=10)
    return render(request, "accounts/_person_candidates.html", {"people": people})
