"""Password reset through the union. Public: the member asks (/portal/password/forgot/) and later sets a new
password with the union's reset code (/portal/password/reset/). Officers: the open requests of their members
(/portal/password-resets/) and issuing a code for one person (also from the person's page, without a request).
The rules are in services_reset; another union's person or request answers 404."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.accounts.scope import Perm
from gonghui.core.errors import ServiceError
from gonghui.members import selectors as member_selectors

from . import services_reset as services
from .forms_join import ForgotForm, ResetForm
from .views_join import TOO_MANY, _form_error, _officer, _public, _throttled

#: Requests for one phone number per hour, whoever asks (counted whether or not the number is registered, so the
#: limit tells nothing either).
PHONE_LIMIT = 3


def _phone_throttled(phone: str) -> bool:
    key = f"portal:rate:forgot-phone:{phone}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > PHONE_LIMIT


def forgot(request):
    form = ForgotForm(request.POST or None)
    asked = False
    if request.method == "POST":
        if _throttled(request, "forgot"):
            form.add_error(None, TOO_MANY)
        elif request.POST.get("website"):
            form.add_error(None, "提交失败，请刷新页面后重试。")
        elif form.is_valid():
            if _phone_throttled(form.cleaned_data["phone"]):
                form.add_error(None, TOO_MANY)
            else:
                services.reset_request(phone=form.cleaned_data["phone"], id_last6=form.cleaned_data["id_last6"])
                asked = True
    return _public(request, "portal/reset/forgot.html", {
        "title": "忘记密码", "form": form, "asked": asked, "asked_text": services.ASKED})


def reset(request):
    form = ResetForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request, "activate"):
            form.add_error(None, TOO_MANY)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.reset_with_code(phone=data["phone"], code=data["code"], password=data["password"])
            except ServiceError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "密码已重置，请用手机号和新密码登录。")
                return redirect(reverse("accounts:login"))
    return _public(request, "portal/reset/reset.html", {"title": "重置密码", "form": form})


# ---- officers -----------------------------------------------------------------------------------------------

@login_required
def requests(request):
    _officer(request)
    return render(request, "portal/reset/requests.html", {
        "title": "会员密码重置申请", "requests": services.open_requests(request.user)[:300]})


@login_required
def issue(request, person_pk: int):
    """Confirm (GET) and issue (POST) a reset code for one person in the officer's scope; the code is shown once."""
    _officer(request)
    person = member_selectors.person_list(request.user, perm=Perm.MEMBERSHIP_MANAGE).filter(pk=person_pk).first()
    if person is None:
        raise Http404("未找到该人员，或不在您的管辖范围内。")
    account = User.objects.filter(person=person, is_active=True).first()
    if request.method == "POST":
        try:
            code = services.reset_issue(actor=request.user, person=person)
        except ServiceError as exc:
            if exc.code == "out_of_scope":
                raise Http404 from None
            messages.error(request, " ".join(exc.messages))
        else:
            return render(request, "portal/reset/issued.html", {
                "title": "已发放重置码", "person": person, "code": code, "days": services.RESET_DAYS})
    return render(request, "portal/reset/issue.html", {
        "title": "重置会员密码", "person": person, "account": account,
        "asked": services.open_requests(request.user).filter(person=person).first()})
