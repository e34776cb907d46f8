"""Union-B care objects for tests/test_scope_leaks.py: one of every care record reachable by id."""
from __future__ import annotations

import datetime

from gonghui.care import services
from gonghui.care.models import (
    Assistance,
    AssistanceAttachment,
    HardshipCauseKind,
    HardshipLevel,
    HealthCheck,
    LifeEventKind,
    Occasion,
)


def create(b: dict) -> None:
    day = datetime.date(2024, 3, 1)
    chair, teacher = b["people"][0], b["people"][1]
    file = services.hardship_file_open(actor=None, person=teacher, level=HardshipLevel.DEEP,
                                       causes=[HardshipCauseKind.ILLNESS], opened_on=day, household_size=3,
                                       situation="乙校困难情况")
    a = services.assistance_create(actor=None, person=teacher, kind=Assistance.Kind.SERIOUS_ILLNESS, amount="2000",
                                   reason="乙校大病", applied_on=day, hardship_file=file, submit=True)
    # A stored row without a file on disk: enough to check the download view's scoping.
    AssistanceAttachment.objects.create(assistance=a, file=f"care/assistance/{a.pk}/leak.pdf", name="乙校证明.pdf")
    services.assistance_decide(actor=b["officer"], assistance=a, approve=True, comment="同意")
    services.assistance_disburse(actor=b["officer"], assistance=a, disbursed_on=day)
    own = services.assistance_apply(actor=b["member_user"], kind=Assistance.Kind.DAILY, amount="500",
                                    reason="乙校会员申请")
    AssistanceAttachment.objects.create(assistance=own, file=f"care/assistance/{own.pk}/leak2.pdf", name="乙校申请.pdf")
    event = services.life_event_report(actor=None, person=chair, kind=LifeEventKind.HOSPITALISED, occurred_on=day)
    services.condolence_record(actor=None, person=chair, occasion=Occasion.HOSPITAL, visited_on=day, amount="800",
                               life_event=event, visitors="乙校工会")
    batch = services.health_check_create(actor=None, org=b["union"], kind=HealthCheck.Kind.SERVING, checked_on=day,
                                         title="乙校体检")
    services.health_check_add_participants(actor=None, check=batch, people=[chair, teacher])
