from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.decorators.http import require_POST

from gonghui.accounts.scope import Perm, can_on_org, has_perm, org_q, orgs_in_scope
from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.core.errors import ServiceError
from gonghui.core.selectors import object_history
from gonghui.core.views import ObjectDetailView, ObjectListView, ServiceFormView

from . import selectors, services
from .filtersets import PersonFilterSet
from .forms import FamilyMemberForm, PersonForm
from .models import Person
from .tables import PersonTable


class PersonListView(ObjectListView):
    perm = Perm.PERSON_VIEW
    title = "人员与会员"
    table_class = PersonTable
    filterset_class = PersonFilterSet
    add_url_name = "members:person_add"
    add_perm = Perm.PERSON_EDIT
    export_formats = ("xlsx", "print")
    bulk_actions = (("export_selected", "导出所选"), ("admit_selected", "批准所选入会申请"))
    template_name = "members/person_list.html"

    def selector(self, request):
        return selectors.person_list(request.user, within=request.current_org)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs

    def export(self, request, queryset, fmt):
        from .exporting import export_people

        if not has_perm(request.user, Perm.PERSON_EXPORT):
            raise Http404
        return export_people(request, queryset, fmt)

    def bulk_action(self, request, action, queryset):
        if action == "export_selected":
            return self.export(request, queryset, "xlsx")
        # admit_selected: each pending application in the user's management scope, today; others are skipped.
        admitted, skipped = [], []
        for person in queryset.filter(org_q(request.user, Perm.MEMBERSHIP_MANAGE),
                                      member_status=Person.MemberStatus.PENDING):
            try:
                services.member_admit(person=person, joined_on=localdate())
            except ServiceError as exc:
                skipped.append(f"{person.name}：{exc.messages[0]}")
            else:
                admitted.append(person.name)
        others = queryset.count() - len(admitted) - len(skipped)
        if admitted:
            messages.success(request, f"已批准入会{len(admitted)}人：{'、'.join(admitted[:20])}{'等' if len(admitted) > 20 else ''}")
        if skipped:
            messages.error(request, "未能批准：" + "；".join(skipped[:10]))
        if others:
            messages.warning(request, f"{others}人不是待审批的入会申请或不在您的办理范围内，已跳过。")
        return redirect(request.get_full_path())


class PersonDetailView(ObjectDetailView):
    perm = Perm.PERSON_VIEW
    template_name = "members/person_detail.html"

    def selector(self, request, pk):
        return selectors.person_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person = self.object
        user = self.request.user
        ctx.update(
            memberships=selectors.membership_history(person),
            events=selectors.membership_events(person),
            family=person.family.all(),
            positions=person.positions.select_related("org", "term").order_by("-starts_on"),
            transfers=person.transfers.select_related("from_org", "to_org"),
            history=object_history(person),
            can_edit=can_on_org(user, Perm.PERSON_EDIT, person.org),
            can_manage=can_on_org(user, Perm.MEMBERSHIP_MANAGE, person.org),
            can_reveal=can_on_org(user, Perm.PERSON_REVEAL, person.org),
            can_care=can_on_org(user, Perm.CARE_EDIT, person.org),
            tab=self.request.GET.get("tab", "info"),
        )
        from . import panels  # tabs of other areas (achievements: 荣誉)

        ctx["panels"], ctx["panel_context"], ctx["panel"] = panels.for_person(self.request, person, ctx["tab"])
        return ctx


class PersonCreateView(ServiceFormView):
    perm = Perm.PERSON_EDIT
    title = "新增人员"

    def get_form(self):
        return PersonForm(**self.get_form_kwargs(), org_choices=orgs_in_scope(self.request.user, Perm.PERSON_EDIT))

    def perform(self, form):
        data = dict(form.cleaned_data)
        data.pop("version", None)
        org = data.pop("org")
        return services.person_create(org=org, **data)

    def success(self, person):
        messages.success(self.request, f"已登记：{person.name}")
        return redirect("members:person_detail", pk=person.pk)


class PersonEditView(ServiceFormView):
    perm = Perm.PERSON_EDIT

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = selectors.person_get(request.user, kwargs["pk"], perm=Perm.PERSON_EDIT)
            self.title = f"修改人员信息：{self.person.name}"
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        initial = {"version": self.person.version}
        return PersonForm(**self.get_form_kwargs(), instance=Person.objects.get(pk=self.person.pk), initial=initial)

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        version = form.cleaned_data.get("version") or self.person.version
        return services.person_update(person=self.person, version=version, **data)

    def success(self, person):
        messages.success(self.request, "已保存。")
        return redirect("members:person_detail", pk=person.pk)


class FamilyMemberAddView(ServiceFormView):
    perm = Perm.PERSON_EDIT
    form_class = FamilyMemberForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = selectors.person_get(request.user, kwargs["pk"], perm=Perm.PERSON_EDIT)
            self.title = f"登记家属：{self.person.name}"
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.family_member_add(person=self.person, **form.cleaned_data)

    def success(self, member):
        messages.success(self.request, f"已登记家属：{member.name}")
        return redirect(reverse("members:person_detail", kwargs={"pk": self.person.pk}) + "?tab=family")


@login_required
@require_POST
def person_reveal(request, pk):
    """Show one person's ID number and phone unmasked; the viewing is written to the audit trail."""
    person = selectors.person_get(request.user, pk, perm=Perm.PERSON_REVEAL)
    audit.record(AuditEntry.Action.REVEAL, obj=person, note="查看完整身份证号和手机号")
    return render(request, "members/_revealed.html", {"person": person})


@login_required
def me(request):
    """A member's own page: their details and membership history, nothing of anyone else."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("您的账号未关联人员信息，请联系工会干部。")
    return render(request, "members/me.html", {
        "person": person,
        "memberships": selectors.membership_history(person),
        "events": selectors.membership_events(person),
        "family": person.family.all(),
    })
