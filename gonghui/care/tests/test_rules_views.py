"""Fund-rule pages (经费标准, 五必访, 审批流程): CARE_VIEW reads, CARE_APPROVE edits; overlaps refused."""
from __future__ import annotations

import datetime

from django.urls import reverse

from gonghui.care import services
from gonghui.care.models import AidRule, AidRuleSet, ApprovalFlow, MustVisitRule

D = datetime.date


def test_list_and_detail_render_for_readers(client, auditor_a, rule_set):
    client.force_login(auditor_a)
    page = client.get(reverse("care:ruleset_list")).content.decode()
    assert "区总工会2024年慰问标准" in page  # the federation's set, which the company follows
    detail = client.get(reverse("care:ruleset_detail", kwargs={"pk": rule_set.pk})).content.decode()
    assert "生病住院" in detail and "800.00" in detail
    assert "保存条目" not in detail  # a reader cannot edit
    assert client.get(reverse("care:ruleset_add")).status_code == 404
    assert client.get(reverse("care:ruleset_list"), {"tab": "visits"}).status_code == 200
    assert client.get(reverse("care:ruleset_list"), {"tab": "flows"}).status_code == 200


def test_create_rule_set_copying_lines_and_overlap_refused(client, make_user, tree, rule_set):
    from gonghui.accounts.roles import Role

    chair = make_user("fed_chair", Role.CHAIR, tree["fed"])
    client.force_login(chair)
    # Overlapping the open-ended 2024 set: refused with the service's message, nothing saved.
    response = client.post(reverse("care:ruleset_add"), {
        "org": tree["fed"].pk, "name": "2025年标准", "effective_from": "2025-01-01"})
    assert response.status_code == 200
    assert "重叠" in response.content.decode()
    assert AidRuleSet.objects.count() == 1
    # Close the old one, then the new one (copying its lines) goes in.
    response = client.post(reverse("care:ruleset_edit", kwargs={"pk": rule_set.pk}), {
        "name": rule_set.name, "effective_from": "2024-01-01", "effective_to": "2024-12-31"})
    assert response.status_code == 302
    response = client.post(reverse("care:ruleset_add"), {
        "org": tree["fed"].pk, "name": "2025年标准", "effective_from": "2025-01-01", "copy_from": rule_set.pk})
    new = AidRuleSet.objects.get(name="2025年标准")
    assert response.status_code == 302
    assert new.rules.count() == rule_set.rules.count()
    # A line changed, one added, one deleted.
    client.post(reverse("care:ruleset_rule_save", kwargs={"pk": new.pk}), {
        "occasion": "hospital", "recipient_kind": "serving", "standard": "900", "cap": "1200"})
    assert new.rules.get(occasion="hospital", recipient_kind="serving").standard_amount == 900
    response = client.post(reverse("care:ruleset_rule_save", kwargs={"pk": new.pk}), {
        "occasion": "hospital", "recipient_kind": "family", "standard": "1500", "cap": "1000"}, follow=True)
    assert "不能高于单次上限" in response.content.decode()
    line = new.rules.get(occasion="birthday")
    client.post(reverse("care:ruleset_rule_delete", kwargs={"pk": new.pk, "rule_pk": line.pk}))
    assert not AidRule.objects.filter(pk=line.pk).exists()
    # Editing the period into overlap is refused too.
    response = client.post(reverse("care:ruleset_edit", kwargs={"pk": new.pk}), {
        "name": new.name, "effective_from": "2024-06-01"})
    assert "重叠" in response.content.decode()


def test_company_officer_cannot_edit_federation_rules(client, officer_a, rule_set):
    client.force_login(officer_a)
    assert client.get(reverse("care:ruleset_edit", kwargs={"pk": rule_set.pk})).status_code == 404
    response = client.post(reverse("care:ruleset_rule_save", kwargs={"pk": rule_set.pk}), {
        "occasion": "hospital", "recipient_kind": "serving", "standard": "5"})
    assert response.status_code == 404
    assert rule_set.rules.get(occasion="hospital", recipient_kind="serving").standard_amount == 800


def test_other_federations_rule_set_is_404(client, officer_b, make_user, tree):
    from gonghui.orgs import services as org_services

    other = org_services.org_create(code="OTHER", name="他区总工会", kind="federation")
    rs = services.rule_set_create(actor=None, org=other, name="他区标准", effective_from=D(2024, 1, 1))
    client.force_login(officer_b)
    assert client.get(reverse("care:ruleset_detail", kwargs={"pk": rs.pk})).status_code == 404
    assert "他区标准" not in client.get(reverse("care:ruleset_list")).content.decode()


def test_must_visit_and_approval_flow(client, officer_a, tree):
    client.force_login(officer_a)
    response = client.post(reverse("care:mustvisit_edit"), {
        "org": tree["company"].pk, "event_kind": "hospitalised", "window_days": "7", "note": "住院必访"})
    assert response.status_code == 302
    rule = MustVisitRule.objects.get()
    page = client.get(reverse("care:ruleset_list"), {"tab": "visits"}).content.decode()
    assert "生病住院" in page and "7天" in page
    client.post(reverse("care:mustvisit_delete", kwargs={"pk": rule.pk}))
    assert not MustVisitRule.objects.exists()

    assert client.get(reverse("care:approvalflow_edit")).status_code == 200
    response = client.post(reverse("care:approvalflow_edit"), {
        "org": tree["company"].pk, "kind": "", "step1_role": "group_leader", "step1_label": "小组长审核",
        "step2_role": "chair", "step2_label": "工会主席审批"})
    assert response.status_code == 302
    flow = ApprovalFlow.objects.get()
    assert [s.label for s in flow.steps.order_by("order")] == ["小组长审核", "工会主席审批"]
    page = client.get(reverse("care:ruleset_list"), {"tab": "flows"}).content.decode()
    assert "小组长审核" in page
    # Another union's organisation cannot be chosen.
    response = client.post(reverse("care:approvalflow_edit"), {
        "org": tree["school"].pk, "step1_label": "审批"})
    assert response.status_code == 200 and ApprovalFlow.objects.count() == 1
