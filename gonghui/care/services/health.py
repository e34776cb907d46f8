"""Health-check batches (体检: 在职, 退休, 女职工专项, 劳模) with participants and cost."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q

from gonghui.accounts.roles import Perm
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.members.models import Person
from gonghui.members.validators import check_date
from gonghui.orgs.models import Organization

from ..models import FundingSource, HealthCheck, HealthCheckParticipant
from ._common import not_future, optional_money, require

__all__ = ["health_check_create", "health_check_update", "health_check_add_participants",
           "health_check_remove_participants"]


def _check_lifespans(batch: HealthCheck, person_ids, day: datetime.date) -> None:
    """Nobody is checked before their birth or after their death (members.validators, one query)."""
    ids = list(person_ids)
    for start in range(0, len(ids), 2000):
        for person in (Person.objects.filter(pk__in=ids[start:start + 2000])
                       .filter(Q(birth_date__gt=day) | Q(died_on__lt=day)).only("name", "birth_date", "died_on")[:1]):
            check_date(day, "体检日期", person=person)


@transaction.atomic
def health_check_create(*, actor, org: Organization, kind: str, checked_on: datetime.date, provider: str = "",
                        cost=None, funding_source: str = FundingSource.OWN, title: str = "",
                        note: str = "") -> HealthCheck:
    require(actor, Perm.CARE_EDIT, org)
    if kind not in HealthCheck.Kind.values:
        raise ServiceError("请选择体检类型。")
    not_future(checked_on, "体检日期")  # a check held; a planned one is recorded when it has taken place
    if funding_source not in FundingSource.values:
        raise ServiceError("请选择经费来源。")
    batch = HealthCheck(org=org, kind=kind, checked_on=checked_on, provider=provider.strip(),
                        cost=optional_money(cost, label="体检费用", allow_zero=False), funding_source=funding_source,
                        title=title.strip(), note=note.strip())
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def health_check_update(*, actor, check: HealthCheck, **fields) -> HealthCheck:
    if set(fields) - {"checked_on", "provider", "cost", "funding_source", "title", "note"}:
        raise ServiceError("体检类型不能修改。")
    batch = HealthCheck.objects.select_for_update().select_related("org").get(pk=check.pk)
    require(actor, Perm.CARE_EDIT, batch.org)
    if "cost" in fields:
        fields["cost"] = optional_money(fields["cost"], label="体检费用", allow_zero=False)
    if "checked_on" in fields:
        not_future(fields["checked_on"], "体检日期")
        _check_lifespans(batch, batch.participant_rows.values_list("person_id", flat=True), fields["checked_on"])
    for name, value in fields.items():
        setattr(batch, name, value.strip() if isinstance(value, str) else value)
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def health_check_add_participants(*, actor, check: HealthCheck, people, cost_each=None) -> int:
    """Add people (a queryset or a list) to a batch; those already in it are skipped. Returns how many were added.
    People outside the batch's union (and the actor's scope) are refused."""
    batch = HealthCheck.objects.select_for_update().select_related("org").get(pk=check.pk)
    require(actor, Perm.CARE_EDIT, batch.org)
    cost = optional_money(cost_each, label="个人费用", allow_zero=True)
    ids = list(people.values_list("pk", flat=True)) if hasattr(people, "values_list") else [p.pk for p in people]
    inside = dict(Person.objects.filter(pk__in=ids, org__path__startswith=batch.org.path).values_list("pk", "name"))
    if len(inside) != len(set(ids)):
        raise ServiceError("有人员不在该体检批次的工会（含下级）中。")
    listed = set(batch.participant_rows.values_list("person_id", flat=True))
    _check_lifespans(batch, [pid for pid in ids if pid not in listed], batch.checked_on)
    rows = [HealthCheckParticipant(check_batch=batch, person_id=pid, cost=cost) for pid in dict.fromkeys(ids)
            if pid not in listed]
    HealthCheckParticipant.objects.bulk_create(rows, batch_size=2000)
    for row in rows:
        row.person = Person(pk=row.person_id, name=inside[row.person_id])
    audit.record_bulk(AuditEntry.Action.CREATE, rows, note=f"体检：{batch}")
    return len(rows)


@transaction.atomic
def health_check_remove_participants(*, actor, check: HealthCheck, person_ids) -> int:
    batch = HealthCheck.objects.select_for_update().select_related("org").get(pk=check.pk)
    require(actor, Perm.CARE_EDIT, batch.org)
    # QuerySet.delete() sends post_delete for each row, which the audit trail records.
    deleted, _ = batch.participant_rows.filter(person_id__in=list(person_ids)).delete()
    return deleted
