"""站内消息: the user's inbox (their own messages only; another's answers 404)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import messaging


@login_required
def inbox(request):
    page = Paginator(messaging.inbox(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "portal/messages.html", {"title": "消息", "page": page})


@login_required
def open_message(request, pk):
    """Mark the message read and go to what it is about (or back to the inbox)."""
    message = get_object_or_404(messaging.inbox(request.user), pk=pk)
    messaging.mark_read(request.user, pk=message.pk)
    if message.url and url_has_allowed_host_and_scheme(message.url, allowed_hosts={request.get_host()}):
        return redirect(message.url)
    return redirect("portal:messages")


@login_required
@require_POST
def read_all(request):
    messaging.mark_read(request.user)
    return redirect("portal:messages")
