"""Pages of 建家: the applications in scope (and a new one), an application's self-assessment (score and evidence per
standard item, with evidence photos and documents), apply, and 验收 by the upper union; an evidence file (or its
thumbnail) only to those who may see the application."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.timezone import localdate
from django.views import View
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, org_q
from gonghui.core.errors import ServiceError
from gonghui.core.views import PermRequiredMixin

from ..models import Accreditation, AccreditationEvidence
from ..services import accreditation as services
from ._common import BLOCKED, call, home_org


class AccreditationListView(PermRequiredMixin, TemplateView):
    perm = Perm.HOME_VIEW
    template_name = "workershome/accreditation_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.request.current_org
        qs = Accreditation.objects.filter(org_q(self.request.user, Perm.HOME_VIEW)).select_related("org")
        if org is not None:
            qs = qs.filter(org__path__startswith=org.path)
        ctx.update(title="建家（职工之家创建）", applications=list(qs.order_by("-year", "org__path")),
                   levels=Accreditation.Level.choices, year=localdate().year,
                   can_edit=home_org(self.request) is not None)
        return ctx

    def post(self, request):
        org = home_org(request)
        try:
            if org is None:
                raise ServiceError(BLOCKED)
            acc = call(services.accreditation_create, actor=request.user, org=org, level=request.POST.get("level"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("workershome:accreditation_list")
        messages.success(request, f"已建立{acc}，请逐项自评并说明佐证材料。")
        return redirect("workershome:accreditation_detail", pk=acc.pk)


class AccreditationDetailView(PermRequiredMixin, TemplateView):
    perm = Perm.HOME_VIEW
    template_name = "workershome/accreditation_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.acc = get_object_or_404(Accreditation.objects.filter(org_q(request.user, Perm.HOME_VIEW))
                                         .select_related("org", "org__parent"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        acc, user = self.acc, self.request.user
        parent = acc.org.parent
        ctx.update(title=str(acc), acc=acc, items=list(acc.items.prefetch_related("files")),
                   total=services.self_total(acc),
                   can_edit=can_on_org(user, Perm.HOME_EDIT, acc.org) and acc.status == Accreditation.Status.DRAFT,
                   can_inspect=parent is not None and can_on_org(user, Perm.HOME_EDIT, parent)
                   and acc.status == Accreditation.Status.APPLIED)
        return ctx

    def post(self, request, pk):
        action = "delete_file" if request.POST.get("delete_file") else request.POST.get("action")
        try:
            if action == "save":
                if getattr(request, "upload_too_large", False):
                    raise ServiceError("上传的文件太大，未能保存，每个佐证材料不超过10MB。")
                items = list(self.acc.items.all())
                added = 0
                for item in items:
                    for upload in request.FILES.getlist(f"files_{item.pk}"):
                        call(services.evidence_add, actor=request.user, item=item, file=upload)
                        added += 1
                for item in items:
                    raw = request.POST.get(f"score_{item.pk}", "").strip()
                    if not raw:
                        continue
                    if not raw.isdigit():
                        raise ServiceError("自评得分应为整数。")
                    call(services.item_score, actor=request.user, item=item, score=int(raw),
                         evidence=request.POST.get(f"evidence_{item.pk}", ""))
                messages.success(request, f"已保存自评{f'，上传佐证材料{added}个' if added else ''}。")
            elif action == "delete_file":
                evidence = get_object_or_404(AccreditationEvidence, pk=int(request.POST["delete_file"])
                                             if request.POST["delete_file"].isdigit() else 0,
                                             item__accreditation=self.acc)
                call(services.evidence_delete, actor=request.user, evidence=evidence)
                messages.success(request, f"已删除佐证材料：{evidence.name}。")
            elif action == "apply":
                call(services.accreditation_apply, actor=request.user, accreditation=self.acc)
                messages.success(request, "已申报，等待上级工会验收。")
            elif action in ("pass", "fail"):
                raw = request.POST.get("inspection_score", "").strip()
                if not raw.isdigit():
                    raise ServiceError("请填写验收得分（整数）。")
                acc = call(services.accreditation_inspect, actor=request.user, accreditation=self.acc,
                           score=int(raw), passed=action == "pass", note=request.POST.get("inspection_note", ""))
                messages.success(request, f"已验收：{acc.title or acc.get_status_display()}。")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("workershome:accreditation_detail", pk=pk)


class EvidenceFileView(PermRequiredMixin, View):
    """An evidence file (or its thumbnail with ?thumb=1), only to those who may see the application: the union's
    HOME_VIEW and the upper union's officers who inspect it."""

    perm = Perm.HOME_VIEW

    def get(self, request, pk):
        evidence = get_object_or_404(AccreditationEvidence.objects.filter(
            org_q(request.user, Perm.HOME_VIEW, field="item__accreditation__org")), pk=pk)
        if request.GET.get("thumb") and evidence.thumb:
            return FileResponse(evidence.thumb.open("rb"), content_type="image/jpeg")
        return FileResponse(evidence.file.open("rb"), as_attachment=not evidence.is_image, filename=evidence.name)
