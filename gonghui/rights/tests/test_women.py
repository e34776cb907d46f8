"""The 三期 register: the 女职工委员会 and the chair only, women only, no overlap, reading audited, the figure."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.reports import registry
from gonghui.rights.models import MaternityRecord
from gonghui.rights.services import women as services

D = datetime.date


def test_register_rules_and_who_sees_it(client, tree, make_person, make_user, officer_a, officer_b):
    women = make_user("women_a", Role.WOMEN, tree["company"])
    her = make_person(tree["branch"], "孙女工", female=True)
    him = make_person(tree["branch"], "周男工")
    with pytest.raises(ServiceError, match="只适用于女职工"):
        services.maternity_record(actor=women, person=him, phase="pregnancy", starts_on=D(2025, 1, 1),
                                  ends_on=D(2025, 9, 1))
    with pytest.raises(ServiceError) as err:  # an officer is not a handling role here
        services.maternity_record(actor=officer_a, person=her, phase="pregnancy", starts_on=D(2025, 1, 1),
                                  ends_on=D(2025, 9, 1))
    assert err.value.code == "out_of_scope"
    services.maternity_record(actor=women, person=her, phase="pregnancy", starts_on=D(2025, 1, 1),
                              ends_on=D(2025, 9, 1))
    with pytest.raises(ServiceError, match="已有同一阶段"):
        services.maternity_record(actor=women, person=her, phase="pregnancy", starts_on=D(2025, 8, 1),
                                  ends_on=D(2025, 10, 1))
    with pytest.raises(ServiceError, match="不能早于"):
        services.maternity_record(actor=women, person=her, phase="nursing", starts_on=D(2025, 8, 1),
                                  ends_on=D(2025, 7, 1))
    services.maternity_record(actor=women, person=her, phase="nursing", starts_on=D(2025, 9, 2),
                              ends_on=D(2026, 9, 1))
    r = MaternityRecord.objects.get(phase="nursing")
    assert "哺乳时间1小时" in r.protections
    client.force_login(officer_a)
    assert client.get(reverse("rights:maternity_list")).status_code == 404
    client.force_login(women)
    page = client.get(reverse("rights:maternity_list")).content.decode()
    assert "孙女工" in page
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, note="查看三期女职工登记").exists()
    value = registry.get("rights.women.register").compute(tree["company"], D(2025, 1, 1), D(2025, 12, 31))
    assert value == 1
    # the page form finds her by ID number (or member number)
    r = client.post(reverse("rights:maternity_add"), {"who": her.id_number, "phase": "maternity",
                                                      "starts_on": "2025-09-01", "ends_on": "2025-09-01"})
    assert r.status_code == 302 and MaternityRecord.objects.filter(phase="maternity").count() == 1
    other = make_user("women_b", Role.WOMEN, tree["school"])
    client.force_login(other)
    assert "孙女工" not in client.get(reverse("rights:maternity_list")).content.decode()
