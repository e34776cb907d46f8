"""Pages of honours (评先评优): the list, one honour, recording an honour, the nomination flow."""
from __future__ import annotations

from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, xlsx_response
from gonghui.members.models import Person

from .. import forms as f
from ..filtersets import HonourFilterSet
from ..models import Honour
from ..selectors import honours as selectors
from ..services import honours as services
from ..services._common import union_of
from ..tables import HonourTable
from ._common import call
from .suggestions import _people_of

EXPORT_COLUMNS = [("荣誉称号", 30), ("获奖对象", 16), ("对象", 6), ("荣誉类别", 12), ("级别", 8), ("年度", 8, "number"),
                  ("授予单位", 20), ("授予日期", 12, "date"), ("状态", 10), ("所属组织", 16)]


class HonourListView(ObjectListView):
    perm = Perm.ACHIEVE_VIEW
    title = "评先评优"
    template_name = "achievements/honour_list.html"
    filterset_class = HonourFilterSet
    table_class = HonourTable
    export_formats = ("xlsx",)

    def selector(self, request):
        return selectors.honours(request.user, within=request.current_org).defer("deeds")

    def export(self, request, queryset, fmt):
        from gonghui.core.excel import Column

        rows = ((h.name, h.recipient, h.get_kind_display(), h.get_title_display(), h.get_level_display(), h.year,
                 h.awarded_by, h.awarded_on, h.get_state_display(), h.org.name)
                for h in queryset.order_by("year", "id").iterator(chunk_size=1000))
        return xlsx_response(request, model=Honour, title="荣誉", columns=[Column(*c) for c in EXPORT_COLUMNS],
                             rows=rows, filename="评先评优")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.request.current_org
        ctx["can_edit"] = org is not None and can_on_org(self.request.user, Perm.ACHIEVE_EDIT, org)
        return ctx


class HonourDetailView(ObjectDetailView):
    perm = Perm.ACHIEVE_VIEW
    template_name = "achievements/honour_detail.html"

    def selector(self, request, pk):
        return selectors.honour_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        h = self.object
        ctx.update(title=h.name, h=h, history=object_history(h),
                   can_edit=can_on_org(self.request.user, Perm.ACHIEVE_EDIT, h.org))
        return ctx


class _New(ActionFormView):
    perm = Perm.ACHIEVE_EDIT

    def _union(self):
        org = self.request.current_org
        return union_of(org) if org is not None else None

    def blocked_reason(self):
        org = self.request.current_org
        if org is None or not can_on_org(self.request.user, Perm.ACHIEVE_EDIT, org):
            return "请先在页面顶部切换到本工会。"
        return ""

    def get_form(self):
        union = self._union()
        form = self.form_class(**self.get_form_kwargs(),
                               people=_people_of(union) if union else Person.objects.none())
        if self.request.method == "GET":
            person = self.request.GET.get("person")
            if person and person.isdigit():
                form.initial.update(kind=Honour.Kind.PERSON, person=int(person))
            form.initial.setdefault("year", localdate().year)
            for name in ("awarded_on", "nominated_on"):
                if name in form.fields:
                    form.initial.setdefault(name, localdate())
        return form

    def back_url(self):
        return reverse("achievements:honour_list")

    def success_url(self, result):
        return result.get_absolute_url()


class HonourCreateView(_New):
    title = action_label = "登记荣誉"
    icon = "award"
    form_class = f.HonourForm
    intro = "登记上级或其他单位授予本单位职工（集体）的荣誉。本工会自己评选的先进，请用“推荐评选”。"

    def perform(self, form):
        d = form.cleaned_data
        return call(services.honour_record, actor=self.request.user, union=self._union(), kind=d["kind"],
                    person=d["person"] if d["kind"] == Honour.Kind.PERSON else None, unit_name=d["unit_name"],
                    title=d["title"], name=d["name"], level=d["level"], year=d["year"], awarded_by=d["awarded_by"],
                    awarded_on=d["awarded_on"], deeds=d["deeds"])


class NominateView(_New):
    title = action_label = "推荐评选（本单位表彰）"
    icon = "person-up"
    form_class = f.NominateForm
    intro = "本工会评先评优：推荐 → 公示（不少于5天）→ 公示期满批准。"

    def perform(self, form):
        d = form.cleaned_data
        return call(services.honour_nominate, actor=self.request.user, union=self._union(), kind=d["kind"],
                    person=d["person"] if d["kind"] == Honour.Kind.PERSON else None, unit_name=d["unit_name"],
                    title=d["title"], name=d["name"], year=d["year"], nominated_on=d["nominated_on"],
                    nominated_by=d["nominated_by"], deeds=d["deeds"])


class _HonourAction(ActionFormView):
    perm = Perm.ACHIEVE_EDIT

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.honour = selectors.honour_get(request.user, kwargs["pk"], Perm.ACHIEVE_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return self.honour.get_absolute_url()

    def summary(self):
        h = self.honour
        return [("荣誉", h.name), ("获奖对象", h.recipient), ("状态", h.get_state_display())]

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            for name in ("starts_on", "approved_on"):
                if name in form.fields:
                    form.initial.setdefault(name, localdate())
        return form


class PublicityView(_HonourAction):
    title = action_label = "公示"
    icon = "megaphone"
    form_class = f.PublicityForm

    def perform(self, form):
        d = form.cleaned_data
        return call(services.honour_publicise, actor=self.request.user, honour=self.honour,
                    starts_on=d["starts_on"], ends_on=d["ends_on"])


class ApproveView(_HonourAction):
    title = action_label = "批准"
    icon = "check2-circle"
    form_class = f.ApproveForm

    def perform(self, form):
        return call(services.honour_approve, actor=self.request.user, honour=self.honour,
                    approved_on=form.cleaned_data["approved_on"])


class WithdrawView(_HonourAction):
    title = action_label = "未通过/撤回"
    icon = "x-circle"
    danger = True
    form_class = f.WithdrawForm

    def perform(self, form):
        return call(services.honour_withdraw, actor=self.request.user, honour=self.honour,
                    reason=form.cleaned_data["reason"])
