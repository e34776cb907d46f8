"""网上入会 pages. Public (no login): apply, the confirmation, the state of an application, account activation.
Officers: the applications to their unions, and a review (approve, ask for more, refuse); bulk invitation codes.
Views are thin: forms check the shape, services the rules, selectors the scope (another union's id: 404)."""
from __future__ import annotations

import datetime
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.scope import Perm, has_perm, orgs_in_scope
from gonghui.core.errors import ServiceError
from gonghui.core.excel import Column, StreamingXlsx
from gonghui.core.middleware import client_ip

from . import selectors_join as selectors
from . import services_join as services
from .forms_join import STATUS_FILTER, ActivateForm, JoinForm, ReviewForm, StatusForm, SupplementForm
from .models_join import JoinApplication

#: Attempts per client address per hour on the public pages (the cache is per process with the default
#: LocMemCache; a shared cache makes it exact across workers).
RATE_LIMITS = {"apply": 10, "status": 30, "activate": 20, "forgot": 10}
TOO_MANY = "操作过于频繁，请一小时后再试。"


def _throttled(request, kind: str) -> bool:
    """Count one attempt; True when the address has used up its hour."""
    key = f"portal:rate:{kind}:{client_ip(request) or '-'}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > RATE_LIMITS[kind]


def _public(request, body: str, context: dict):
    """A public page: the same narrow, large-type column whether or not someone is logged in."""
    return render(request, "portal/join/public.html", {**context, "body": body})


def _form_error(form, exc: ServiceError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def join_apply(request):
    query = request.GET.get("q", "").strip()
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        query = request.POST.get("q", "").strip()
        if _throttled(request, "apply"):
            form.add_error(None, TOO_MANY)
        elif request.POST.get("website"):
            form.add_error(None, "提交失败，请刷新页面后重试。")
        elif form.is_valid():
            data = form.cleaned_data
            try:
                application = services.join_apply(
                    org=data["org"], name=data["name"], id_number=data["id_number"], phone=data["phone"],
                    employer=data["employer"], consent=data["consent"], unaffiliated=data["unaffiliated"])
            except ServiceError as exc:
                _form_error(form, exc)
            else:
                request.session["join_number"] = application.number
                return redirect("portal:join_done")
    unions = list(services.search_unions(query)) if query else []
    chosen = form["org"].value()
    if chosen and str(chosen).isdigit() and not any(str(u.pk) == str(chosen) for u in unions):
        unions += list(services.joinable_unions().filter(pk=chosen))
    fallback = list(services.unaffiliated_unions()) if query and not unions else []
    if fallback and not form.is_bound:
        form.initial["unaffiliated"] = True
    return _public(request, "portal/join/apply.html", {
        "title": "网上入会", "form": form, "query": query, "unions": unions, "fallback": fallback,
        "searched": bool(query), "chosen": str(chosen or "")})


def join_done(request):
    number = request.session.get("join_number")
    if not number:
        return redirect("portal:join_apply")
    return _public(request, "portal/join/done.html", {"title": "申请已提交", "number": number})


def join_status(request):
    form = StatusForm(request.POST or None)
    application = None
    supplement = None
    if request.method == "POST":
        if _throttled(request, "status"):
            form.add_error(None, TOO_MANY)
        elif form.is_valid():
            application = services.join_lookup(**form.cleaned_data)
            if application is None:
                form.add_error(None, "未找到该申请，请核对申请号和身份证号后6位。")
            elif application.status == JoinApplication.Status.MORE_INFO:
                supplement = SupplementForm(request.POST if "text" in request.POST else None)
                if supplement.is_bound and supplement.is_valid():
                    try:
                        application = services.join_supplement(application=application,
                                                               text=supplement.cleaned_data["text"])
                        messages.success(request, "补充说明已提交，工会将重新审核。")
                        supplement = None
                    except ServiceError as exc:
                        _form_error(supplement, exc)
    return _public(request, "portal/join/status.html", {
        "title": "入会申请进度查询", "form": form, "application": application, "supplement": supplement})


def activate(request):
    form = ActivateForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request, "activate"):
            form.add_error(None, TOO_MANY)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.account_activate(phone=data["phone"], code=data["code"], password=data["password"])
            except ServiceError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "账号已开通，请用手机号和刚设置的密码登录。")
                return redirect(reverse("accounts:login"))
    return _public(request, "portal/join/activate.html", {"title": "开通会员账号", "form": form})


# ---- officers -----------------------------------------------------------------------------------------------

def _officer(request):
    if not has_perm(request.user, Perm.MEMBERSHIP_MANAGE):
        raise Http404("未找到该页面")


@login_required
def review_list(request):
    _officer(request)
    status = request.GET.get("status", JoinApplication.Status.PENDING)
    if status not in dict(STATUS_FILTER):
        status = JoinApplication.Status.PENDING
    applications = selectors.applications_for(request.user)
    if status:
        applications = applications.filter(status=status)
    return render(request, "portal/join/review_list.html", {
        "title": "入会申请审核", "applications": applications[:500], "status": status, "statuses": STATUS_FILTER})


@login_required
def review_detail(request, pk: int):
    _officer(request)
    application = selectors.application_get(request.user, pk)
    return render(request, "portal/join/review_detail.html", {
        "title": f"入会申请 {application.number}", "application": application, "form": ReviewForm(),
        "open": application.status in JoinApplication.OPEN})


@login_required
@require_POST
def review_action(request, pk: int, action: str):
    _officer(request)
    application = selectors.application_get(request.user, pk)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "approve":
            application, code = services.join_approve(actor=request.user, application=application)
            return render(request, "portal/join/approved.html", {
                "title": "已批准入会", "application": application, "person": application.person, "code": code,
                "expires_days": services.INVITATION_DAYS})
        if action == "more":
            services.join_ask_more(actor=request.user, application=application, note=note)
            messages.success(request, "已退回申请人补充材料。")
        elif action == "refuse":
            services.join_refuse(actor=request.user, application=application, reason=note)
            messages.success(request, "已作出不予通过的决定。")
        else:
            raise Http404
    except ServiceError as exc:
        if exc.code == "out_of_scope":
            raise Http404 from None
        messages.error(request, " ".join(exc.messages))
    return redirect("portal:join_review_detail", pk=application.pk)


@login_required
def invitations(request):
    """Bulk invitation codes for members of a union without an account: generated and exported as one .xlsx
    (the codes exist only in that file; each replaces the person's earlier unused code)."""
    _officer(request)
    unions = orgs_in_scope(request.user, Perm.MEMBERSHIP_MANAGE).filter(status="active").order_by("path")[:300]
    if request.method == "POST":
        org = orgs_in_scope(request.user, Perm.MEMBERSHIP_MANAGE).filter(pk=request.POST.get("org") or 0).first()
        if org is None:
            raise Http404
        people = list(selectors.members_without_account(request.user, org)[:5000])
        if not people:
            messages.warning(request, "该组织没有待开通账号且登记了手机号的会员。")
            return redirect("portal:invitations")
        issued = services.invitations_issue(actor=request.user, people=people)
        columns = [Column("所在组织", width=24), Column("姓名", width=10), Column("会员编号", width=18),
                   Column("手机号（登录账号）", width=16), Column("邀请码", width=18), Column("有效期至", width=12, kind="date")]
        until = timezone.localdate() + datetime.timedelta(days=services.INVITATION_DAYS)
        handle = tempfile.TemporaryFile()
        with StreamingXlsx(handle, columns, sheet_name="开通邀请码",
                           title=f"{org.name} 会员账号开通邀请码（开通网址 /portal/activate/）") as book:
            for person, code in issued:
                book.append([person.org.name, person.name, person.member_no, person.phone, code, until])
        handle.seek(0)
        return FileResponse(handle, as_attachment=True, filename=f"{org.name}-开通邀请码.xlsx")
    return render(request, "portal/join/invitations.html", {"title": "会员账号开通邀请码", "unions": unions})
