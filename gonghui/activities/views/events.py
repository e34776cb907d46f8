"""The officer's pages of events: list, plan form, detail (sign-ups, check-in, results, photos), printable sign-in
sheet, QR check-in."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, orgs_in_scope
from gonghui.core.errors import ServiceError
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, PermRequiredMixin
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from ..filtersets import EventFilterSet
from ..forms import AwardForm, CancelForm, CopyForm, CostForm, EventForm, HoldForm, TeamForm
from ..models import Event, Signup
from ..selectors import events as selectors
from ..services import events as services
from ..tables import EventTable
from ._common import ExportMixin, call, d, dt, post_action


class EventListView(ExportMixin, ObjectListView):
    perm = Perm.ACTIVITIES_VIEW
    export_fields = [("活动名称", 28, lambda e: e.title), ("类型", 10, lambda e: e.get_kind_display()),
                     ("组织方式", 14, lambda e: e.get_host_display()), ("主办单位", 16, lambda e: e.host_name),
                     ("活动时间", 16, lambda e: dt(e.starts_at)), ("地点", 16, lambda e: e.place),
                     ("状态", 8, lambda e: e.get_status_display()), ("名额", 6, lambda e: e.capacity or ""),
                     ("报名", 6, lambda e: e.confirmed), ("候补", 6, lambda e: e.waiting),
                     ("签到", 6, lambda e: e.checked_in), ("参加人数", 8, lambda e: e.participants or ""),
                     ("预算(元)", 10, lambda e: e.budget), ("实际支出(元)", 10, lambda e: e.cost or ""),
                     ("举办日期", 12, lambda e: d(e.held_on)), ("组织工会", 20, lambda e: e.org.name)]
    title = "文体活动"
    template_name = "activities/event_list.html"
    filterset_class = EventFilterSet
    table_class = EventTable

    def selector(self, request):
        return selectors.with_counts(selectors.events(request.user, within=request.current_org))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.request.current_org
        ctx["can_edit"] = org is not None and org.kind in Organization.UNION_KINDS and can_on_org(
            self.request.user, Perm.ACTIVITIES_EDIT, org)
        return ctx


class EventDetailView(ObjectDetailView):
    perm = Perm.ACTIVITIES_VIEW
    template_name = "activities/event_detail.html"

    def selector(self, request, pk):
        return selectors.event_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        e, user = self.object, self.request.user
        tab = self.request.GET.get("tab", "info")
        ctx.update(title=e.title, tab=tab, summary=selectors.signup_summary(e),
                   can_edit=can_on_org(user, Perm.ACTIVITIES_EDIT, e.org),
                   can_approve=can_on_org(user, Perm.ACTIVITIES_APPROVE, e.org),
                   awards=list(e.awards.select_related("person", "team")), teams=list(selectors.teams(e)),
                   photos=list(e.photos.all()), S=Event.Status)
        if tab == "signups":
            ctx["signups"] = list(selectors.signup_list(e))
        if tab == "history":
            ctx["history"] = object_history(e)
        return ctx


def _scopes(user, org):
    return (orgs_in_scope(user, Perm.ACTIVITIES_EDIT).filter(path__startswith=org.path)
            .exclude(kind=Organization.Kind.GROUP).order_by("path"))


class _EventAction(ActionFormView):
    perm = Perm.ACTIVITIES_EDIT
    event: Event | None = None
    event_perm = Perm.ACTIVITIES_EDIT

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" in kwargs:
            self.event = selectors.event_get(request.user, kwargs["pk"], self.event_perm)
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return self.event.get_absolute_url() if self.event else reverse("activities:event_list")

    def summary(self):
        if self.event is None:
            return []
        e = self.event
        return [("活动", e.title), ("时间", f"{timezone.localtime(e.starts_at):%Y-%m-%d %H:%M}"),
                ("状态", e.get_status_display()), ("预算", f"{e.budget}元")]

    def perform(self, form):
        return call(self.service, actor=self.request.user, **self.arguments(form.cleaned_data))

    def arguments(self, data) -> dict:  # pragma: no cover
        raise NotImplementedError


class EventCreateView(_EventAction):
    title = action_label = "新建文体活动"
    icon = "flag"
    service = staticmethod(services.event_create)

    def get_form(self):
        org = self.request.current_org
        form = EventForm(**self.get_form_kwargs(), scopes=_scopes(self.request.user, org) if org else
                         Organization.objects.none())
        if self.request.method == "GET" and org is not None:
            form.initial.setdefault("scope", org.pk)
            form.initial.setdefault("budget", 0)
        return form

    def blocked_reason(self):
        org = self.request.current_org
        if org is None or org.kind not in Organization.UNION_KINDS or not can_on_org(
                self.request.user, Perm.ACTIVITIES_EDIT, org):
            return "请先在页面顶部切换到组织活动的工会。"
        return ""

    def arguments(self, data):
        return {"org": self.request.current_org, **data}

    def success_url(self, result):
        return result.get_absolute_url()

    def success_message(self, result):
        return f"已新建：{result.title}。" + ("预算须经工会主席审批后发布报名。" if result.budget > 0 else "")


class EventEditView(_EventAction):
    title = action_label = "修改活动方案"
    service = staticmethod(services.event_update)

    def get_form(self):
        form = EventForm(**self.get_form_kwargs(), scopes=_scopes(self.request.user, self.event.org))
        if self.request.method == "GET":
            e = self.event
            form.initial = {f: getattr(e, f) for f in services.EDITABLE}
            form.initial.update(scope=e.scope_id, starts_at=timezone.localtime(e.starts_at),
                                ends_at=e.ends_at and timezone.localtime(e.ends_at),
                                deadline=e.deadline and timezone.localtime(e.deadline))
        return form

    def arguments(self, data):
        return {"event": self.event, **data}


class EventCopyView(_EventAction):
    title = action_label = "沿用方案新建"
    icon = "copy"
    form_class = CopyForm
    service = staticmethod(services.event_copy)
    intro = "每年举办的活动（如春游）沿用上次的方案、预算、规则和名额，新活动需重新审批。"

    def arguments(self, data):
        return {"event": self.event, **data}

    def success_url(self, result):
        return result.get_absolute_url()


class EventCancelView(_EventAction):
    title = action_label = "取消活动"
    icon = "x-circle"
    danger = True
    form_class = CancelForm
    service = staticmethod(services.event_cancel)
    intro = "已报名和候补的会员会收到取消通知。"

    def arguments(self, data):
        return {"event": self.event, **data}


class EventHoldView(_EventAction):
    title = action_label = "登记举办情况"
    icon = "check2-circle"
    form_class = HoldForm
    service = staticmethod(services.event_hold)

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            e = self.event
            form.initial = {"held_on": e.held_on or timezone.localtime(e.starts_at).date(),
                            "participants": e.participants, "report": e.report}
        return form

    def arguments(self, data):
        return {"event": self.event, **data}


class EventCostView(_EventAction):
    title = action_label = "登记实际支出"
    icon = "cash-coin"
    form_class = CostForm
    service = staticmethod(services.event_cost)
    intro = "超出预算的支出须由工会主席登记（视为审批）。"

    def arguments(self, data):
        return {"event": self.event, **data}


class TeamCreateView(_EventAction):
    title = action_label = "添加队伍 / 小组"
    icon = "people"
    service = staticmethod(services.team_save)

    def get_form(self):
        return TeamForm(**self.get_form_kwargs(), people=_people(self.event))

    def arguments(self, data):
        return {"event": self.event, **data}

    def success_url(self, result):
        return self.event.get_absolute_url() + "?tab=results"


def _people(event):
    return Person.objects.filter(pk__in=event.signups.exclude(status=Signup.Status.CANCELLED)
                                 .values("person_id")).order_by("name_pinyin")


class AwardCreateView(_EventAction):
    title = action_label = "登记获奖"
    icon = "trophy"
    service = staticmethod(services.award_record)

    def get_form(self):
        return AwardForm(**self.get_form_kwargs(), teams=self.event.teams.all(), people=_people(self.event))

    def arguments(self, data):
        return {"event": self.event, **data}

    def success_url(self, result):
        return self.event.get_absolute_url() + "?tab=results"


class EventStateView(PermRequiredMixin, View):
    """One-button acts on an event: approve, open, close the sign-up (POST)."""

    perm = Perm.ACTIVITIES_EDIT
    ACTS = {
        "approve": (services.event_approve, "已批准活动方案和预算。", Perm.ACTIVITIES_APPROVE),
        "open": (services.event_open, "已发布报名。会员可在手机上报名。", Perm.ACTIVITIES_EDIT),
        "close": (services.event_close_signup, "已截止报名。", Perm.ACTIVITIES_EDIT),
    }

    def post(self, request, pk, act):
        if act not in self.ACTS:
            return HttpResponseNotAllowed(["POST"])
        service, ok, perm = self.ACTS[act]
        event = selectors.event_get(request.user, pk, perm)
        response, _ = post_action(request, service, event.get_absolute_url(), ok, actor=request.user, event=event)
        return response


class SignupAdminView(PermRequiredMixin, View):
    """The sign-up list's acts: tick names (check in), untick, cancel a sign-up, sign a member up."""

    perm = Perm.ACTIVITIES_EDIT

    def post(self, request, pk):
        event = selectors.event_get(request.user, pk, Perm.ACTIVITIES_EDIT)
        url = event.get_absolute_url() + "?tab=signups"
        act = request.POST.get("act")
        ids = [int(i) for i in request.POST.getlist("signup") if i.isdigit()]
        try:
            if act in ("tick", "untick"):
                n = call(services.checkin_tick, actor=request.user, event=event, signup_ids=ids, checked=act == "tick")
                messages.success(request, f"已{'签到' if act == 'tick' else '撤销签到'}{n}人。")
            elif act == "cancel":
                for s in event.signups.filter(pk__in=ids):
                    call(services.signup_cancel, actor=request.user, signup=s)
                messages.success(request, f"已取消{len(ids)}人的报名；空出的名额已依次递补。")
            elif act == "add":
                person = get_object_or_404(Person.objects.filter(org__path__startswith=event.org.path),
                                           member_no=request.POST.get("member_no", "").strip())
                s, created = call(services.signup, actor=request.user, event=event, person=person)
                messages.success(request, f"{person.name}：{s.get_status_display()}" if created else
                                 f"{person.name}已报名（{s.get_status_display()}）。")
        except ServiceError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(url)


class SignInSheetView(PermRequiredMixin, TemplateView):
    """The printable sign-in sheet (签到表): confirmed names in order with a blank column to sign."""

    perm = Perm.ACTIVITIES_VIEW
    template_name = "activities/signin_sheet.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        e = selectors.event_get(self.request.user, kwargs["pk"])
        rows = list(selectors.signup_list(e).filter(status=Signup.Status.CONFIRMED))
        ctx.update(event=e, rows=rows, title=f"{e.title}签到表", family=sum(r.family for r in rows))
        return ctx


class CheckinView(PermRequiredMixin, View):
    """QR check-in: the member's code is a URL to this page; the officer's phone camera opens it, the officer
    confirms (POST) and the code is spent. Also takes a pasted code (a scanner gun) at /checkin/ with ?token=."""

    perm = Perm.ACTIVITIES_EDIT
    template_name = "activities/checkin.html"

    def _event(self, request, token):
        from django.core import signing

        try:
            _, event_id, _ = signing.loads(token, salt=services.CHECKIN_SALT)
        except (signing.BadSignature, ValueError, TypeError):
            return None
        return selectors.event_get(request.user, event_id, Perm.ACTIVITIES_EDIT)

    def get(self, request, token):
        event = self._event(request, token)
        ctx = {"title": "扫码签到", "token": token, "event": event, "signup": None,
               "error": "" if event else "签到码无效：不是本系统生成的签到码，或已被改动。"}
        if event is not None:
            from django.core import signing

            signup_id = signing.loads(token, salt=services.CHECKIN_SALT)[0]
            ctx["signup"] = Signup.objects.select_related("person", "person__org").filter(
                pk=signup_id, event=event).first()
        return render(request, self.template_name, ctx)

    def post(self, request, token):
        event = self._event(request, token)
        if event is None:
            return render(request, self.template_name, {"title": "扫码签到", "error": "签到码无效：不是本系统生成的签到码，或已被改动。"})
        ctx = {"title": "扫码签到", "event": event}
        try:
            s = call(services.checkin_scan, actor=request.user, event=event, token=token)
            ctx.update(done=s, summary=selectors.signup_summary(event))
        except ServiceError as exc:
            ctx["error"] = "；".join(exc.messages)
        return render(request, self.template_name, ctx, status=200 if "done" in ctx else 409)


class CheckinDeskView(PermRequiredMixin, TemplateView):
    """The event's check-in desk: how to scan, a box for a code from a scanner gun, the count so far."""

    perm = Perm.ACTIVITIES_EDIT
    template_name = "activities/checkin_desk.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        e = selectors.event_get(self.request.user, kwargs["pk"], Perm.ACTIVITIES_EDIT)
        ctx.update(event=e, title=f"签到：{e.title}", summary=selectors.signup_summary(e))
        return ctx

    def post(self, request, pk):
        e = selectors.event_get(request.user, pk, Perm.ACTIVITIES_EDIT)
        token = request.POST.get("token", "").strip()
        if "/checkin/" in token:  # a scanned URL: keep the token part
            token = token.rstrip("/").rsplit("/", 1)[-1]
        try:
            s = call(services.checkin_scan, actor=request.user, event=e, token=token)
            messages.success(request, f"{s.person.name} 签到成功。")
        except ServiceError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("activities:checkin_desk", pk=e.pk)


class PhotoUploadView(_EventAction):
    title = action_label = "上传活动照片"
    icon = "image"
    service = staticmethod(None)

    def get_form(self):
        from ..forms import PhotoForm

        return PhotoForm(**self.get_form_kwargs())

    def perform(self, form):
        from ..services import photos

        return call(photos.photo_add, actor=self.request.user, event=self.event, **form.cleaned_data)

    def success_url(self, result):
        return self.event.get_absolute_url() + "?tab=photos"


class PhotoView(PermRequiredMixin, View):
    """A photo (or its thumbnail with ?thumb=1), only to those who may see the event."""

    perm = Perm.ACTIVITIES_VIEW

    def get(self, request, pk):
        from django.http import FileResponse

        photo = get_object_or_404(selectors.photos(request.user), pk=pk)
        f = photo.thumb if request.GET.get("thumb") and photo.thumb else photo.file
        return FileResponse(f.open("rb"), content_type="image/jpeg" if f.name.endswith(".jpg") else None)
