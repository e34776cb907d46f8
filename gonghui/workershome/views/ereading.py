"""Pages of 电子书屋: the officer's list of e-reading links (export), add, change, remove; the member's list on the
phone (my/ereading/)."""
from __future__ import annotations

from django.urls import reverse
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import is_member_only
from gonghui.core.errors import ServiceError
from gonghui.core.excel import Column
from gonghui.core.views import ActionFormView, PermRequiredMixin, xlsx_response

from ..forms import ConfirmForm, EReadingLinkForm
from ..models import EReadingLink
from ..selectors import ereading as selectors
from ..services import ereading as services
from ._common import BLOCKED, call, home_org
from .member import _Mine


class EReadingListView(PermRequiredMixin, TemplateView):
    perm = Perm.HOME_VIEW
    template_name = "workershome/ereading_list.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            qs = selectors.links(request.user, within=request.current_org).order_by("org__path", "title", "id")
            rows = ((l.org.name, l.title, l.url, l.description, l.created_on) for l in qs.iterator(chunk_size=500))
            return xlsx_response(request, model=EReadingLink, title="电子书屋", rows=rows, filename="电子书屋",
                                 columns=[Column("工会", 20), Column("名称", 24), Column("网址", 40),
                                          Column("简介", 40), Column("登记日期", 12, "date")])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title="电子书屋", links=list(selectors.links(self.request.user, within=self.request.current_org)),
                   can_edit=home_org(self.request) is not None)
        return ctx


class EReadingCreateView(ActionFormView):
    perm = Perm.HOME_EDIT
    title = action_label = "添加电子书屋链接"
    icon = "link-45deg"
    form_class = EReadingLinkForm

    def blocked_reason(self):
        return "" if home_org(self.request) else BLOCKED

    def back_url(self):
        return reverse("workershome:ereading_list")

    def perform(self, form):
        org = home_org(self.request)
        if org is None:
            raise ServiceError(BLOCKED)
        return call(services.link_create, actor=self.request.user, org=org, **form.cleaned_data)

    def success_message(self, result):
        return f"已添加：{result.title}。"


class _OneLink(ActionFormView):
    perm = Perm.HOME_EDIT

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.link = selectors.link_get(request.user, kwargs["pk"], Perm.HOME_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return reverse("workershome:ereading_list")


class EReadingEditView(_OneLink):
    title = action_label = "修改电子书屋链接"
    icon = "pencil-square"
    form_class = EReadingLinkForm

    def get_form(self):
        if self.request.method == "POST":
            return super().get_form()
        return self.form_class(initial={"title": self.link.title, "url": self.link.url,
                                        "description": self.link.description})

    def perform(self, form):
        return call(services.link_update, actor=self.request.user, link=self.link, **form.cleaned_data)

    def success_message(self, result):
        return f"已修改：{result.title}。"


class EReadingDeleteView(_OneLink):
    title = action_label = "删除电子书屋链接"
    icon = "trash"
    danger = True
    form_class = ConfirmForm

    def summary(self):
        return [("名称", self.link.title), ("网址", self.link.url)]

    def perform(self, form):
        call(services.link_delete, actor=self.request.user, link=self.link)
        return self.link

    def success_message(self, result):
        return f"已删除：{result.title}。"


class MyEReadingView(_Mine, TemplateView):
    template_name = "workershome/my_ereading.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title="电子书屋", links=list(selectors.member_links(self.request.user)),
                   member_only=is_member_only(self.request.user))
        return ctx
