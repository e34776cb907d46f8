"""`gonghui check_approvals [--reroute]`: the approval-flow settings check.

Lists the assistance approval steps nobody holds, for which units, and where applications go instead
(care.rules.unheld_steps — the same list as the flows tab of 经费标准与必访规则), and the applications waiting now at
a step nobody can act on. `--reroute` passes those applications on (services.assistance_reroute, recorded in their
approval history). Exit status 0 when every step is held and nothing is stuck, 1 otherwise.
"""
from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from gonghui.care import rules, services
from gonghui.care.models import Assistance
from gonghui.core.context import acting_as


class Command(BaseCommand):
    help = "检查救助审批流程中无人担任的环节；--reroute 将卡在这些环节的申请转至下一个有人担任的环节"

    def add_arguments(self, parser):
        parser.add_argument("--reroute", action="store_true", help="将等待中、无人可审批的申请转至下一个有人担任的环节")

    def handle(self, *args, reroute=False, **options):
        problems = 0
        for found in rules.unheld_steps():
            problems += 1
            kind = found.flow.get_kind_display() if found.flow.kind else "所有类别"
            names = "、".join(u.name for u in found.units[:20]) + (f" 等{len(found.units)}个单位"
                                                                  if len(found.units) > 20 else "")
            self.stdout.write(f"{found.flow.org.name} · {kind} · 第{found.step.order}步“{found.step.label}”"
                              f"无人担任：{names}；申请将转至“{found.target}”")
        waiting = Assistance.objects.filter(status__in=(Assistance.Status.SUBMITTED, Assistance.Status.IN_REVIEW))
        with acting_as(None, source="command"):
            for a in waiting.select_related("org", "person").order_by("pk").iterator():
                step = a.current_step_info
                if step is None:
                    continue
                holders = rules.holders_for(a.org, exclude_users=(a.applicant_user_id,), exclude_person=a.person_id)
                r = rules.route(a.approval_steps, a.current_step, a.org, holders)
                if r.target == a.current_step:
                    continue
                label = f"申请{a.pk}（{a.org.name} {a.person.name}）在“{step['label']}”无人可审批"
                if reroute and r.moves and services.assistance_reroute(actor=None, assistance=a):
                    a.refresh_from_db()
                    self.stdout.write(f"{label}，已转至“{a.current_step_info['label']}”")
                else:
                    problems += 1
                    self.stdout.write(f"{label}" + ("" if r.moves else "，也没有可以转交的人"))
        if problems:
            sys.exit(1)
        self.stdout.write("审批流程的每个环节都有人担任。")
