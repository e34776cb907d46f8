from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from gonghui.accounts.scope import Perm, can_on_org, orgs_in_scope
from gonghui.core.selectors import object_history
from gonghui.core.views import ObjectDetailView, ObjectListView, ServiceFormView
from gonghui.members.metrics import overview

from . import selectors, services
from .filtersets import OrganizationFilterSet
from .forms import OrganizationForm, OrgCloseForm, OrgMoveForm
from .models import Organization
from .tables import OrganizationTable


class OrganizationListView(ObjectListView):
    perm = Perm.ORG_VIEW
    title = "工会组织"
    table_class = OrganizationTable
    filterset_class = OrganizationFilterSet
    add_url_name = "orgs:add"
    add_perm = Perm.ORG_MANAGE

    def selector(self, request):
        return selectors.org_list(request.user, within=request.current_org)


class OrganizationDetailView(ObjectDetailView):
    perm = Perm.ORG_VIEW
    template_name = "orgs/organization_detail.html"

    def selector(self, request, pk):
        return selectors.org_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.object
        ctx.update(
            tab=self.request.GET.get("tab", "info"),
            ancestors=org.ancestors(),
            children=org.children.order_by("name"),
            positions=selectors.current_positions(org),
            past_positions=org.positions.filter(ends_on__isnull=False).select_related("person", "term").order_by("-ends_on"),
            terms=org.terms.all(),
            elections=org.elections.select_related("term"),
            figures=overview(org),
            history=object_history(org),
            can_manage=can_on_org(self.request.user, Perm.ORG_MANAGE, org),
        )
        return ctx


class OrganizationCreateView(ServiceFormView):
    perm = Perm.ORG_MANAGE
    title = "新建工会组织"

    def get_form(self):
        parents = orgs_in_scope(self.request.user, Perm.ORG_MANAGE).filter(status=Organization.Status.ACTIVE)
        initial = {"parent": self.request.GET.get("parent")}
        return OrganizationForm(**self.get_form_kwargs(), parent_choices=parents, initial=initial)

    def perform(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        parent = data.pop("parent")
        if parent is None and not self.request.user.is_superuser:
            from gonghui.core.errors import ServiceError

            raise ServiceError("请选择上级组织。")
        return services.org_create(parent=parent, **data)


class OrganizationEditView(ServiceFormView):
    perm = Perm.ORG_MANAGE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.org = selectors.org_get(request.user, kwargs["pk"], perm=Perm.ORG_MANAGE)
            self.title = f"修改：{self.org.name}"
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        return OrganizationForm(**self.get_form_kwargs(), instance=Organization.objects.get(pk=self.org.pk),
                                initial={"version": self.org.version})

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        return services.org_update(org=self.org, version=form.cleaned_data.get("version") or self.org.version, **data)


class OrganizationMoveView(ServiceFormView):
    perm = Perm.ORG_MANAGE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.org = selectors.org_get(request.user, kwargs["pk"], perm=Perm.ORG_MANAGE)
            self.title = f"迁移组织：{self.org.name}"
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        parents = (orgs_in_scope(self.request.user, Perm.ORG_MANAGE).filter(status=Organization.Status.ACTIVE)
                   .exclude(path__startswith=self.org.path))
        return OrgMoveForm(**self.get_form_kwargs(), parent_choices=parents)

    def perform(self, form):
        return services.org_move(org=self.org, new_parent=form.cleaned_data["new_parent"])

    def success(self, org):
        messages.success(self.request, f"已将“{org.name}”及其下级组织迁移到“{org.parent.name}”之下。")
        return redirect(org.get_absolute_url())


class OrganizationCloseView(ServiceFormView):
    perm = Perm.ORG_MANAGE
    form_class = OrgCloseForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.org = selectors.org_get(request.user, kwargs["pk"], perm=Perm.ORG_MANAGE)
            self.title = f"撤销组织：{self.org.name}"
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.org_close(org=self.org, **form.cleaned_data)

    def success(self, org):
        messages.success(self.request, f"已撤销：{org.name}")
        return redirect(org.get_absolute_url())
