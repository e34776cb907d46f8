"""Condolence visits (慰问), life events (what calls for a visit) and birthday gifts.

The fund rules propose the standard amount; an amount above the cap needs a written reason and is flagged for
经审 (`over_cap`); a member's total for the occasion in the calendar year above the yearly cap is flagged too
(`yearly_over_cap`, no reason required).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from gonghui.accounts.roles import Perm
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.members.models import FamilyMember, Person
from gonghui.orgs.models import Organization

from .. import rules
from ..models import (
    EVENT_OCCASION,
    Condolence,
    FundingSource,
    LifeEvent,
    LifeEventKind,
    Occasion,
    RecipientKind,
)
from ._common import acting_user, files_open_on, money, not_future, record_date, require
from .assistance import recipient_kind_of

__all__ = ["condolence_record", "condolence_update", "life_event_report", "birthday_people", "birthday_gifts_record",
           "BirthdayResult", "propose_amount"]

propose_amount = rules.propose_amount
UPDATABLE = {"visited_on", "visitors", "form", "gift", "amount", "funding_source", "over_cap_reason", "note"}


@dataclass
class CapCheck:
    rule_set: object
    standard: Decimal | None
    cap: Decimal | None
    over_cap: bool
    yearly_over_cap: bool


def _check_caps(org, person_id: int, occasion: str, recipient_kind: str, day: datetime.date, amount: Decimal,
                reason: str, *, exclude_pk: int | None = None) -> CapCheck:
    applied = rules.rule_for(org, occasion, recipient_kind, day)
    over = applied.cap is not None and amount > applied.cap
    if over and not reason:
        raise ServiceError(f"金额{amount}元超过“{applied.rule_set.name}”规定的上限{applied.cap}元，"
                           "请填写超标准的原因（将提交经审委员会审查）。")
    yearly_over = False
    if applied.yearly_cap is not None:
        total = rules.yearly_total(person_id, occasion, day.year, exclude_condolence=exclude_pk)
        yearly_over = total + amount > applied.yearly_cap
    return CapCheck(applied.rule_set, applied.standard, applied.cap, over, yearly_over)


def _amount(form: str, amount, standard: Decimal | None) -> Decimal:
    if form == Condolence.Form.VISIT_ONLY:
        if amount not in (None, "") and money(amount, allow_zero=True) != 0:
            raise ServiceError("“仅看望”不发放慰问金或慰问品，金额应为0；如有慰问金请选择相应形式。")
        return Decimal("0.00")
    if amount is None or amount == "":
        if standard is None:
            raise ServiceError("请填写金额（适用的经费标准未规定该事由的标准金额）。")
        amount = standard
    return money(amount, label="慰问金额")


def _recipient(person: Person, recipient_kind: str | None, family_member: FamilyMember | None) -> str:
    if family_member is not None and family_member.person_id != person.pk:
        raise ServiceError("所选家属不是该职工登记的家属。")
    kind = recipient_kind or (RecipientKind.FAMILY if family_member is not None else recipient_kind_of(person))
    if kind not in RecipientKind.values:
        raise ServiceError("请选择慰问对象（在职会员、退休职工或家属）。")
    if kind == RecipientKind.FAMILY and family_member is None:
        raise ServiceError("慰问家属请选择是哪一位家属。")
    return kind


def _link_event(person: Person, occasion: str, visited_on: datetime.date) -> LifeEvent | None:
    """The most recent unanswered event of this person that this visit answers (for 五必访)."""
    kinds = [k for k, o in EVENT_OCCASION.items() if o == occasion]
    if not kinds:
        return None
    return (LifeEvent.objects.filter(person=person, kind__in=kinds, occurred_on__lte=visited_on,
                                     occurred_on__gte=visited_on - datetime.timedelta(days=366),
                                     condolences__isnull=True)
            .order_by("-occurred_on", "-id").first())


@transaction.atomic
def condolence_record(*, actor, person: Person, occasion: str, visited_on: datetime.date, amount=None,
                      recipient_kind: str | None = None, family_member: FamilyMember | None = None,
                      form: str = Condolence.Form.CASH, gift: str = "", visitors: str = "",
                      funding_source: str = FundingSource.OWN, over_cap_reason: str = "",
                      life_event: LifeEvent | None = None, note: str = "",
                      org: Organization | None = None) -> Condolence:
    """Record a visit. `amount=None` takes the standard amount of the applicable rule set (`propose_amount`).
    `org` is the union that visited (the person's own by default, or one above it)."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    org = org or person.org
    if not person.org.path.startswith(org.path):
        raise ServiceError("慰问对象不在该工会（含下级）中。")
    require(actor, Perm.CARE_EDIT, org)
    require(actor, Perm.CARE_EDIT, person.org)
    if occasion not in Occasion.values:
        raise ServiceError("请选择慰问事由。")
    if form not in Condolence.Form.values:
        raise ServiceError("请选择慰问形式。")
    if funding_source not in FundingSource.values:
        raise ServiceError("请选择经费来源。")
    kind = _recipient(person, recipient_kind, family_member)
    record_date(visited_on, "慰问日期", person=person, family_member=family_member,
                about_death=occasion == Occasion.DEATH)
    if form == Condolence.Form.GOODS and not gift.strip():
        raise ServiceError("请填写慰问品（如：水果、牛奶）。")
    standard = rules.rule_for(org, occasion, kind, visited_on).standard
    value = _amount(form, amount, standard)
    reason = (over_cap_reason or "").strip()
    caps = _check_caps(org, person.pk, occasion, kind, visited_on, value, reason)
    dedupe = f"birthday:{visited_on.year}" if occasion == Occasion.BIRTHDAY else ""
    if dedupe and Condolence.objects.filter(person=person, dedupe_key=dedupe).exists():
        raise ServiceError(f"{visited_on.year}年已登记过{person.name}的生日慰问。")
    if life_event is not None and life_event.person_id != person.pk:
        raise ServiceError("所选事项不是该职工的。")
    life_event = life_event or _link_event(person, occasion, visited_on)
    hardship_file_id = files_open_on([person.pk], visited_on).get(person.pk)
    c = Condolence(org=org, person=person, family_member=family_member, recipient_kind=kind, occasion=occasion,
                   visited_on=visited_on, visitors=visitors.strip(), form=form, gift=gift.strip(), amount=value,
                   funding_source=funding_source, rule_set=caps.rule_set, standard_amount=caps.standard,
                   cap_amount=caps.cap, over_cap=caps.over_cap, yearly_over_cap=caps.yearly_over_cap,
                   over_cap_reason=reason, life_event=life_event, hardship_file_id=hardship_file_id, dedupe_key=dedupe,
                   note=note.strip(), recorded_by=acting_user(actor))
    c.full_clean()
    try:
        with transaction.atomic():
            c.save()
    except IntegrityError:
        raise ServiceError(f"{visited_on.year}年已登记过{person.name}的生日慰问。") from None
    return c


@transaction.atomic
def condolence_update(*, actor, condolence: Condolence, **fields) -> Condolence:
    """Correct a recorded visit (audited); caps are checked again."""
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ServiceError("慰问对象和事由不能修改；如登记错误请联系管理员。")
    c = (Condolence.objects.select_for_update(of=("self",)).select_related("org", "person", "family_member")
         .get(pk=condolence.pk))
    require(actor, Perm.CARE_EDIT, c.org)
    for name, value in fields.items():
        setattr(c, name, value.strip() if isinstance(value, str) and name != "amount" else value)
    record_date(c.visited_on, "慰问日期", person=c.person, family_member=c.family_member,
                about_death=c.occasion == Occasion.DEATH)
    if c.form not in Condolence.Form.values or c.funding_source not in FundingSource.values:
        raise ServiceError("请选择慰问形式和经费来源。")
    if c.dedupe_key.startswith("birthday:") and "visited_on" in fields:
        c.dedupe_key = f"birthday:{c.visited_on.year}"
    c.amount = _amount(c.form, c.amount, c.standard_amount)
    caps = _check_caps(c.org, c.person_id, c.occasion, c.recipient_kind, c.visited_on, c.amount,
                       c.over_cap_reason, exclude_pk=c.pk)
    c.over_cap, c.yearly_over_cap = caps.over_cap, caps.yearly_over_cap
    c.full_clean()
    try:
        with transaction.atomic():
            c.save()
    except IntegrityError:
        raise ServiceError("该年度已登记过该职工的生日慰问。") from None
    return c


@transaction.atomic
def life_event_report(*, actor, person: Person, kind: str, occurred_on: datetime.date, note: str = "",
                      family_member: FamilyMember | None = None) -> LifeEvent:
    """Record an event (住院, 结婚, 生育, 去世 …): by an officer, or by the member about themself."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    own = actor is not None and getattr(actor, "person_id", None) == person.pk
    if not own:
        require(actor, Perm.CARE_EDIT, person.org)
    if kind not in LifeEventKind.values:
        raise ServiceError("请选择事项。")
    if family_member is not None and family_member.person_id != person.pk:
        raise ServiceError("所选家属不是该职工登记的家属。")
    record_date(occurred_on, "发生日期", person=person, family_member=family_member,
                about_death=kind == LifeEventKind.DEATH)
    event = LifeEvent(org=person.org, person=person, family_member=family_member, kind=kind, occurred_on=occurred_on,
                      note=note.strip()[:300], source=LifeEvent.Source.MEMBER if own else LifeEvent.Source.OFFICER,
                      reported_by=acting_user(actor))
    event.full_clean()
    event.save()
    return event


def birthday_people(org: Organization, month: int):
    """Members in the subtree (serving or retired, alive) born in `month`."""
    return (Person.objects.filter(org__path__startswith=org.path, birth_date__month=month,
                                  member_status__in=(Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING))
            .exclude(work_status=Person.WorkStatus.DECEASED).filter(died_on__isnull=True))


@dataclass
class BirthdayResult:
    created: int
    skipped: int
    total_amount: Decimal


@transaction.atomic
def birthday_gifts_record(*, actor, org: Organization, month: int, visited_on: datetime.date, amount=None,
                          form: str = Condolence.Form.GOODS, gift: str = "生日蛋糕券", visitors: str = "",
                          funding_source: str = FundingSource.OWN, over_cap_reason: str = "") -> BirthdayResult:
    """The month's birthday gift for every member of the subtree born in `month`, in one action: one condolence
    (事由 生日) per person. Idempotent per person and year: those already given one this year are skipped."""
    require(actor, Perm.CARE_EDIT, org)
    if not 1 <= int(month) <= 12:
        raise ServiceError("月份应在1至12之间。")
    not_future(visited_on, "慰问日期")
    if form not in (Condolence.Form.CASH, Condolence.Form.GOODS, Condolence.Form.TRANSFER):
        raise ServiceError("生日慰问请选择慰问金或慰问品。")
    if funding_source not in FundingSource.values:
        raise ServiceError("请选择经费来源。")
    Organization.objects.select_for_update().filter(pk=org.pk).first()  # one birthday action per union at a time
    key = f"birthday:{visited_on.year}"
    people = list(birthday_people(org, int(month)).select_related("org").only("id", "name", "org", "work_status"))
    done = set(Condolence.objects.filter(person__in=[p.pk for p in people], dedupe_key=key)
               .values_list("person_id", flat=True))
    todo = [p for p in people if p.pk not in done]
    reason = (over_cap_reason or "").strip()
    user = acting_user(actor)
    prepared: dict[str, tuple] = {}
    for kind in {recipient_kind_of(p) for p in todo}:
        applied = rules.rule_for(org, Occasion.BIRTHDAY, kind, visited_on)
        value = _amount(form, amount, applied.standard)
        if applied.cap is not None and value > applied.cap and not reason:
            raise ServiceError(f"金额{value}元超过“{applied.rule_set.name}”规定的生日慰问上限{applied.cap}元，"
                               "请填写超标准的原因。")
        prepared[kind] = (applied, value)
    totals = rules.yearly_totals([p.pk for p in todo], Occasion.BIRTHDAY, visited_on.year) if todo else {}
    files = files_open_on([p.pk for p in todo], visited_on)
    rows = []
    for p in todo:
        kind = recipient_kind_of(p)
        applied, value = prepared[kind]
        yearly_over = applied.yearly_cap is not None and totals.get(p.pk, 0) + value > applied.yearly_cap
        rows.append(Condolence(org=org, person=p, recipient_kind=kind, occasion=Occasion.BIRTHDAY,
                               visited_on=visited_on, visitors=visitors.strip(), form=form, gift=gift.strip(),
                               amount=value, funding_source=funding_source, rule_set=applied.rule_set,
                               standard_amount=applied.standard, cap_amount=applied.cap,
                               over_cap=applied.cap is not None and value > applied.cap, yearly_over_cap=yearly_over,
                               over_cap_reason=reason, hardship_file_id=files.get(p.pk), dedupe_key=key,
                               recorded_by=user))
    try:
        with transaction.atomic():
            Condolence.objects.bulk_create(rows, batch_size=1000)
    except IntegrityError:
        raise ServiceError("有人正在同时登记生日慰问，请刷新后重试。") from None
    audit.record_bulk(AuditEntry.Action.CREATE, rows, note=f"{visited_on.year}年{month}月生日慰问")
    return BirthdayResult(created=len(rows), skipped=len(done),
                          total_amount=sum((r.amount for r in rows), Decimal("0.00")))
