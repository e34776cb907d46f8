"""女职工工作 on the officer's desk: the to-do 专项合同检查问题待整改 (WOMEN_WORK: checks of the 女职工权益保护专项集体合同
whose findings are not yet put right; one COUNT)."""
from __future__ import annotations

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.portal import desk

from ..models import ContractCheck
from ..selectors import women as selectors

desk.register(desk.TodoSource(
    key="rights.women_checks_open", label="专项合同检查问题待整改", area="维权服务", perm=Perm.WOMEN_WORK, urgency=55,
    count=lambda user, org: selectors.contract_checks(user, within=org).filter(state=ContractCheck.State.ISSUES),
    url=lambda org: reverse("rights:women_check_list") + "?state=issues"))
