"""Fund-rule pages (经费标准): rule sets with effective dates and their lines (occasion × kind of person →
standard, cap, yearly cap), the 必访 rules (五必访) and the approval flows of assistance.

CARE_VIEW reads (the user's subtree and the unions above it, whose rules it follows); CARE_APPROVE on the owning
union edits. Overlapping periods and the like come back with the service's Chinese message.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.decorators.http import require_POST

from gonghui.accounts.scope import Perm, can_on_org, has_perm, org_q, orgs_in_scope
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

from . import rules, selectors, services
from .forms_campaigns import MAX_STEPS, AidRuleForm, ApprovalFlowForm, MustVisitRuleForm, RuleSetEditForm, RuleSetForm
from .models import MustVisitRule, Occasion, RecipientKind


def _need(request, perm):
    if not has_perm(request.user, perm):
        raise Http404("未找到该页面")


def _approvable_orgs(user):
    return orgs_in_scope(user, Perm.CARE_APPROVE).filter(status=Organization.Status.ACTIVE).order_by("path")


def _initial_org(request):
    org = getattr(request, "current_org", None)
    return org if org is not None and can_on_org(request.user, Perm.CARE_APPROVE, org) else None


def _service_errors(form, exc: ServiceError) -> None:
    if getattr(exc, "code", None) == "out_of_scope":
        raise Http404
    for message in exc.messages:
        form.add_error(None, message)


def _must_visit_rules(user, within):
    """必访 rules the user may read: of their subtree and of the unions above it."""
    qs = MustVisitRule.objects.filter(selectors._scope_and_ancestors_q(user, Perm.CARE_VIEW)).select_related("org")
    if within is not None:
        qs = qs.filter(Q(org__path__startswith=within.path) | Q(org__path__in=rules.ancestor_paths(within)))
    return qs.order_by("org__path", "event_kind")


@login_required
def ruleset_list(request):
    _need(request, Perm.CARE_VIEW)
    user, org = request.user, getattr(request, "current_org", None)
    today = localdate()
    current = rules.applicable_rule_set(org, today) if org is not None else None
    rule_sets = list(selectors.rule_set_list(user, within=org).order_by("org__path", "-effective_from"))
    for rs in rule_sets:
        rs.is_current = current is not None and rs.pk == current.pk
        rs.is_future = rs.effective_from > today
        rs.is_expired = rs.effective_to is not None and rs.effective_to < today
        rs.can_edit = can_on_org(user, Perm.CARE_APPROVE, rs.org)
    must_visit = list(_must_visit_rules(user, org))
    for rule in must_visit:
        rule.can_edit = can_on_org(user, Perm.CARE_APPROVE, rule.org)
    flows = list(selectors.approval_flow_list(user, within=org).order_by("org__path", "kind"))
    for flow in flows:
        flow.can_edit = can_on_org(user, Perm.CARE_APPROVE, flow.org)
    tab = request.GET.get("tab", "sets")
    # The settings check: steps nobody holds, for the units of the reader's scope (only on the flows tab).
    unheld = (rules.unheld_steps(selectors.approval_flow_list(user, within=org),
                                 units_q=org_q(user, Perm.CARE_VIEW, field="")) if tab == "flows" else [])
    return render(request, "care/ruleset_list.html", {
        "title": "经费标准与必访规则", "rule_sets": rule_sets, "current": current, "org": org,
        "must_visit": must_visit, "applied_must_visit": rules.must_visit_rules_for(org) if org else [],
        "flows": flows, "can_approve": has_perm(user, Perm.CARE_APPROVE), "tab": tab, "unheld": unheld,
    })


@login_required
def ruleset_add(request):
    _need(request, Perm.CARE_APPROVE)
    user = request.user
    visible = selectors.rule_set_list(user).order_by("org__path", "-effective_from")
    kwargs = {"orgs": _approvable_orgs(user), "rule_sets": visible}
    if request.method == "POST":
        form = RuleSetForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            source = data.get("copy_from")
            lines = [{"occasion": r.occasion, "recipient_kind": r.recipient_kind, "standard": r.standard_amount,
                      "cap": r.cap_amount, "yearly_cap": r.yearly_cap} for r in source.rules.all()] if source else []
            try:
                rule_set = services.rule_set_create(
                    actor=user, org=data["org"], name=data["name"], effective_from=data["effective_from"],
                    effective_to=data["effective_to"], note=data["note"] or "", rules=lines)
            except ServiceError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, f"已新建经费标准：{rule_set.name}" + (f"（复制{len(lines)}条）" if lines else ""))
                return redirect("care:ruleset_detail", pk=rule_set.pk)
    else:
        form = RuleSetForm(initial={"org": _initial_org(request), "effective_from": localdate()}, **kwargs)
    return render(request, "care/ruleset_form.html", {"title": "新增经费标准", "form": form})


def _rule_set(request, pk):
    _need(request, Perm.CARE_VIEW)
    return selectors.rule_set_get(request.user, pk)


@login_required
def ruleset_detail(request, pk):
    rule_set = _rule_set(request, pk)
    can_edit = can_on_org(request.user, Perm.CARE_APPROVE, rule_set.org)
    occasions, kinds = list(Occasion.values), ["", *RecipientKind.values]
    lines = sorted(rule_set.rules.all(), key=lambda r: (occasions.index(r.occasion), kinds.index(r.recipient_kind)))
    return render(request, "care/ruleset_detail.html", {
        "title": rule_set.name, "rule_set": rule_set, "lines": lines, "can_edit": can_edit,
        "rule_form": AidRuleForm(auto_id="rule_%s"),
    })


@login_required
def ruleset_edit(request, pk):
    rule_set = _rule_set(request, pk)
    if not can_on_org(request.user, Perm.CARE_APPROVE, rule_set.org):
        raise Http404
    if request.method == "POST":
        form = RuleSetEditForm(request.POST)
        if form.is_valid():
            try:
                services.rule_set_update(actor=request.user, rule_set=rule_set, **{
                    **form.cleaned_data, "note": form.cleaned_data["note"] or ""})
            except ServiceError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect("care:ruleset_detail", pk=rule_set.pk)
    else:
        form = RuleSetEditForm(initial={"name": rule_set.name, "effective_from": rule_set.effective_from,
                                        "effective_to": rule_set.effective_to, "note": rule_set.note})
    return render(request, "care/ruleset_form.html", {"title": f"修改经费标准：{rule_set.name}", "form": form,
                                                      "rule_set": rule_set})


@login_required
@require_POST
def ruleset_rule_save(request, pk):
    rule_set = _rule_set(request, pk)
    form = AidRuleForm(request.POST, auto_id="rule_%s")
    if not form.is_valid():
        messages.error(request, "条目填写有误：" + "；".join(e[0] for e in form.errors.values()))
    else:
        data = form.cleaned_data
        try:
            rule = services.aid_rule_save(actor=request.user, rule_set=rule_set, occasion=data["occasion"],
                                          recipient_kind=data["recipient_kind"] or "", standard=data["standard"],
                                          cap=data["cap"], yearly_cap=data["yearly_cap"])
        except ServiceError as exc:
            if getattr(exc, "code", None) == "out_of_scope":
                raise Http404 from None
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已保存条目：{rule}")
    return redirect("care:ruleset_detail", pk=rule_set.pk)


@login_required
@require_POST
def ruleset_rule_delete(request, pk, rule_pk):
    rule_set = _rule_set(request, pk)
    rule = get_object_or_404(rule_set.rules.all(), pk=rule_pk)
    try:
        services.aid_rule_delete(actor=request.user, rule=rule)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404 from None
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已删除条目：{rule}")
    return redirect("care:ruleset_detail", pk=rule_set.pk)


@login_required
def mustvisit_edit(request):
    _need(request, Perm.CARE_APPROVE)
    kwargs = {"orgs": _approvable_orgs(request.user)}
    if request.method == "POST":
        form = MustVisitRuleForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                rule = services.must_visit_rule_save(actor=request.user, org=data["org"], event_kind=data["event_kind"],
                                                     window_days=data["window_days"], note=data["note"] or "")
            except ServiceError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, f"已保存必访规则：{rule.org.name} · {rule}")
                return redirect(_list_url("visits"))
    else:
        form = MustVisitRuleForm(initial={"org": _initial_org(request), "window_days": 7,
                                          "event_kind": request.GET.get("event_kind", "")}, **kwargs)
    return render(request, "care/ruleset_form.html", {"title": "设置必访规则（五必访）", "form": form,
                                                      "back_tab": "visits"})


def _list_url(tab: str) -> str:
    return reverse("care:ruleset_list") + f"?tab={tab}"


@login_required
@require_POST
def mustvisit_delete(request, pk):
    _need(request, Perm.CARE_VIEW)
    rule = get_object_or_404(_must_visit_rules(request.user, None), pk=pk)
    try:
        services.must_visit_rule_delete(actor=request.user, rule=rule)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404 from None
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已删除必访规则：{rule}")
    return redirect(_list_url("visits"))


@login_required
def approvalflow_edit(request):
    """Set a union's review steps for a kind of assistance (replaces that union's flow for the kind)."""
    _need(request, Perm.CARE_APPROVE)
    kwargs = {"orgs": _approvable_orgs(request.user)}
    if request.method == "POST":
        form = ApprovalFlowForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                flow = services.approval_flow_save(actor=request.user, org=data["org"], kind=data["kind"] or "",
                                                   steps=form.steps(), name=data["name"] or "")
            except ServiceError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, f"已保存审批流程：{flow.org.name} · {flow.name}")
                return redirect(_list_url("flows"))
    else:
        initial = {"org": _initial_org(request), "kind": request.GET.get("kind", "")}
        flow = None
        if initial["org"] is not None:
            flow = (selectors.approval_flow_list(request.user)
                    .filter(org=initial["org"], kind=initial["kind"]).first())
        if flow is not None:
            initial["name"] = flow.name
            for step in flow.steps.all()[:MAX_STEPS]:
                initial[f"step{step.order}_role"] = step.role
                initial[f"step{step.order}_label"] = step.label
        else:
            initial.update(step1_role="group_leader", step1_label="小组长审核", step2_role="chair",
                           step2_label="工会主席审批")
        form = ApprovalFlowForm(initial=initial, **kwargs)
    return render(request, "care/ruleset_form.html", {"title": "设置救助审批流程", "form": form, "back_tab": "flows"})
