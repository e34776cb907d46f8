"""Pages of the asset register (资产台账, export, labels) and the yearly stock-take (盘点: open, record, submit,
approve)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError
from gonghui.core.excel import Column
from gonghui.core.views import ActionFormView, ObjectListView, PermRequiredMixin, xlsx_response

from ..filtersets import AssetFilterSet
from ..forms import AssetForm
from ..models import Asset
from ..selectors import assets as selectors
from ..services import assets as services
from ..tables import AssetTable
from ._common import BLOCKED, call, home_org


class AssetListView(ObjectListView):
    perm = Perm.HOME_VIEW
    title = "资产台账"
    template_name = "workershome/asset_list.html"
    filterset_class = AssetFilterSet
    table_class = AssetTable
    export_formats = ("xlsx",)

    def selector(self, request):
        return selectors.assets(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ((a.code, a.name, a.get_kind_display(), a.quantity, a.unit, a.unit_value, a.value,
                 a.get_source_display(), a.donor, a.acquired_on, a.place, a.get_state_display())
                for a in queryset.order_by("code").iterator(chunk_size=500))
        return xlsx_response(request, model=Asset, title="资产台账", filename="资产台账", rows=rows, columns=[
            Column("资产编号", 10), Column("名称", 20), Column("类别", 10), Column("数量", 8, "number"),
            Column("单位", 6), Column("单价（元）", 12, "money"), Column("金额（元）", 12, "money"), Column("来源", 10),
            Column("捐赠人", 14), Column("取得日期", 12, "date"), Column("存放地点", 14), Column("状态", 8)])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(can_edit=home_org(self.request) is not None, year=localdate().year)
        return ctx


class AssetCreateView(ActionFormView):
    perm = Perm.HOME_EDIT
    title = action_label = "登记资产"
    icon = "box-seam"
    form_class = AssetForm

    def get_form(self):
        form = super().get_form()
        form.initial.setdefault("acquired_on", localdate())
        return form

    def blocked_reason(self):
        return "" if home_org(self.request) else BLOCKED

    def back_url(self):
        return reverse("workershome:asset_list")

    def perform(self, form):
        org = home_org(self.request)
        if org is None:
            raise ServiceError(BLOCKED)
        return call(services.asset_create, actor=self.request.user, org=org, **form.cleaned_data)

    def success_url(self, result):
        return self.back_url()


class AssetLabelsView(PermRequiredMixin, TemplateView):
    perm = Perm.HOME_VIEW
    template_name = "workershome/labels.html"

    def get_context_data(self, **kwargs):
        from ..labels import qr_svg

        ctx = super().get_context_data(**kwargs)
        qs = selectors.assets(self.request.user, within=self.request.current_org).exclude(
            state=Asset.State.WRITTEN_OFF).order_by("code")
        ctx.update(title="资产标签", labels=[{"code": a.code, "title": a.name, "sub": a.place, "org": a.org.name,
                                              "svg": qr_svg(a.code)} for a in qs[:400]])
        return ctx


class StockTakeView(PermRequiredMixin, TemplateView):
    """A year's stock-take of the current union: open it, record found/damaged per asset, submit, approve."""

    perm = Perm.HOME_VIEW
    template_name = "workershome/stocktake.html"

    def dispatch(self, request, *args, **kwargs):
        if not 2000 <= kwargs["year"] <= localdate().year:
            raise Http404("未找到该页面")
        return super().dispatch(request, *args, **kwargs)

    def _take(self):
        org = getattr(self.request, "current_org", None)
        if org is None:
            return None
        return selectors.stocktakes(self.request.user).filter(org=org, year=self.kwargs["year"]).first()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        take = self._take()
        ctx.update(title=f"{self.kwargs['year']}年度资产盘点", take=take, year=self.kwargs["year"],
                   lines=list(take.lines.select_related("asset")) if take else [],
                   can_edit=home_org(self.request) is not None)
        return ctx

    def post(self, request, year):
        org = home_org(request)
        if org is None:
            messages.error(request, BLOCKED)
            return redirect("workershome:stocktake", year=year)
        action, take = request.POST.get("action"), self._take()
        try:
            if action == "open":
                call(services.stocktake_open, actor=request.user, org=org, year=year)
                messages.success(request, f"已建立{year}年度盘点，请逐项填写实有数量。")
            elif take is None:
                raise Http404("未找到该记录")
            elif action == "save":
                for line in take.lines.select_related("asset"):
                    found = request.POST.get(f"found_{line.pk}", "").strip()
                    damaged = request.POST.get(f"damaged_{line.pk}", "0").strip() or "0"
                    if not found:
                        continue
                    if not (found.isdigit() and damaged.isdigit()):
                        raise ServiceError(f"{line.asset.name}：数量应为整数。")
                    call(services.line_record, actor=request.user, line=line, found=int(found),
                         damaged=int(damaged), note=request.POST.get(f"note_{line.pk}", ""))
                messages.success(request, "已保存盘点结果。")
            elif action == "submit":
                call(services.stocktake_submit, actor=request.user, stocktake=take)
                messages.success(request, "已提交，请由另一位负责人审批核销。")
            elif action == "approve":
                call(services.stocktake_approve, actor=request.user, stocktake=take)
                messages.success(request, "已审批，盘亏和损坏的资产已核销。")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("workershome:stocktake", year=year)
