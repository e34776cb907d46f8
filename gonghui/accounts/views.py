from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .forms import LoginForm
from .middleware import SESSION_KEY
from .roles import Perm
from .scope import orgs_in_scope


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def lockout_response(request, credentials, *args, **kwargs):
    """What django-axes shows once an account name is locked."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = LoginForm(request)
    form.errors_override = f"连续登录失败次数过多，该账号已被锁定{minutes}分钟。如需立即解锁，请联系系统管理员。"
    return render(request, "accounts/login.html", {"form": form, "locked_message": form.errors_override}, status=403)


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
