"""The member's event pages on the phone (the 活动 tab): open events, one event with sign-up / cancel and the QR
code for check-in, my events with results."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from gonghui.core.errors import ServiceError
from gonghui.core.views import PermRequiredMixin

from ..models import Award, Signup
from ..selectors import events as selectors
from ..services import events as services
from ._common import call, qr_svg


class _MemberPage(PermRequiredMixin, TemplateView):
    def get_context_data(self, **kwargs):
        if not getattr(self.request.user, "person_id", None):
            raise Http404("未找到该页面")
        ctx = super().get_context_data(**kwargs)
        from gonghui.portal import member

        ctx.update(tab="activities", unread=member.unread_messages(self.request.user))
        return ctx


class OpenEventsView(_MemberPage):
    template_name = "activities/member/open_events.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        events = list(selectors.open_for(self.request.user))
        mine = dict(Signup.objects.filter(person_id=self.request.user.person_id, event__in=[e.pk for e in events])
                    .exclude(status=Signup.Status.CANCELLED).values_list("event_id", "status"))
        for e in events:
            e.my_status = mine.get(e.pk)
        ctx.update(title="活动报名", events=events, now=timezone.now())
        return ctx


class MemberEventView(_MemberPage):
    template_name = "activities/member/event.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        e = selectors.visible_to_member(user, kwargs["pk"])
        s = selectors.my_signup(user, e)
        ctx.update(title=e.title, event=e, signup=s, now=timezone.now(),
                   position=selectors.waiting_position(s) if s else None,
                   past_deadline=bool(e.deadline and timezone.now() > e.deadline),
                   family_range=range(0, e.family_max + 1),
                   awards=list(e.awards.filter(person_id=user.person_id)) if s else [])
        if s and s.status == Signup.Status.CONFIRMED and not s.checked_in_at and e.status not in (
                e.Status.HELD, e.Status.CANCELLED):
            url = self.request.build_absolute_uri(reverse("activities:checkin", args=[services.checkin_token(s)]))
            ctx["qr"] = qr_svg(url)
        return ctx


class MemberSignupView(PermRequiredMixin, View):
    def post(self, request, pk):
        e = selectors.visible_to_member(request.user, pk)
        url = reverse("activities:my_event", args=[e.pk])
        try:
            family = int(request.POST.get("family") or 0)
        except ValueError:
            family = -1
        try:
            s, created = call(services.signup, actor=request.user, event=e, family=family)
        except ServiceError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect(url)
        if not created:
            messages.info(request, f"您已报名（{s.get_status_display()}），无需重复报名。")
        elif s.status == Signup.Status.CONFIRMED:
            messages.success(request, "报名成功。活动当天请出示签到码。")
        else:
            messages.warning(request, f"名额已满，您已进入候补名单（第{selectors.waiting_position(s)}位）。"
                             "有人取消时按顺序递补，并会通知您。")
        return redirect(url)


class MemberCancelView(PermRequiredMixin, View):
    def post(self, request, pk):
        e = selectors.visible_to_member(request.user, pk)
        s = selectors.my_signup(request.user, e)
        url = reverse("activities:my_event", args=[e.pk])
        if s is None:
            raise Http404("未找到报名记录")
        try:
            s = call(services.signup_cancel, actor=request.user, signup=s)
        except ServiceError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect(url)
        messages.success(request, "已取消报名。" + ("报名截止后取消，已记录。" if s.late else ""))
        return redirect(url)


class MyEventsView(_MemberPage):
    template_name = "activities/member/my_events.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = list(selectors.my_signups(self.request.user)[:50])
        awards = {}
        for a in Award.objects.filter(person_id=self.request.user.person_id, event__in=[r.event_id for r in rows]):
            awards.setdefault(a.event_id, []).append(a)
        for r in rows:
            r.my_awards = awards.get(r.event_id, [])
        ctx.update(title="我的活动", rows=rows)
        return ctx
