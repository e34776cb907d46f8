"""The employer register and the founding work (用人单位台账、建会工作)."""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from gonghui.accounts.roles import Perm
from gonghui.core import creditcode
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

from ..models import Employer, EmployerKind, FoundingThreshold, FoundingVisit
from ._common import past_date, require, text

__all__ = ["employer_create", "employer_update", "employer_close", "employer_found", "visit_record",
           "threshold_set", "clean_credit_code", "FOUNDING_KINDS"]

#: What may be linked as the union founded in an employer.
FOUNDING_KINDS = (Organization.Kind.GRASSROOTS, Organization.Kind.JOINT)
EDITABLE = ("name", "credit_code", "kind", "employees", "employees_on", "address", "district", "registered_on",
            "contact_name", "contact_phone", "note")


def clean_credit_code(raw) -> str:
    """'' when not given; else the normalised code, or ServiceError with the reason (GB 32100-2015)."""
    code = creditcode.normalize(raw)
    if not code:
        return ""
    reason = creditcode.problem(code)
    if reason:
        raise ServiceError(reason + "。")
    return code


def _check(org: Organization, values: dict, *, exclude: int | None = None) -> dict:
    name = text(values.get("name"), 100)
    if not name:
        raise ServiceError("请填写单位名称。")
    values["name"] = name
    if values.get("kind") not in EmployerKind.values:
        raise ServiceError("请选择单位类型（企业、机关、事业单位、社会组织等）。")
    values["credit_code"] = code = clean_credit_code(values.get("credit_code"))
    others = Employer.objects.exclude(pk=exclude)
    if code:
        clash = others.filter(credit_code=code).select_related("org").first()
        if clash is not None:
            raise ServiceError(f"统一社会信用代码{code}已登记（“{clash.name}”，{clash.org.name}台账）。")
    if others.filter(org=org, name=name).exists():
        raise ServiceError(f"本台账已有“{name}”。")
    employees = values.get("employees")
    if employees is not None and (not isinstance(employees, int) or employees < 0 or employees > 2_000_000):
        raise ServiceError("职工人数应为0至200万之间的整数。")
    values["employees_on"] = past_date(values.get("employees_on"), "人数统计日期", required=False)
    values["registered_on"] = past_date(values.get("registered_on"), "列入台账日期")
    for key, limit in (("address", 200), ("district", 50), ("contact_name", 50), ("contact_phone", 30),
                       ("note", 200)):
        values[key] = text(values.get(key), limit)
    return values


@transaction.atomic
def employer_create(*, actor, org: Organization, name: str, kind: str, registered_on: datetime.date,
                    credit_code: str = "", employees: int | None = None, employees_on: datetime.date | None = None,
                    address: str = "", district: str = "", contact_name: str = "", contact_phone: str = "",
                    note: str = "") -> Employer:
    """An employer entered in the register kept by `org` (a union, normally a 区/县总工会 or 街道工会联合会)."""
    require(actor, Perm.FUNDS_EDIT, org)
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("用人单位台账由上级工会（总工会、产业/集团工会、联合工会等）登记，不能建在分会或小组上。")
    values = _check(org, dict(name=name, kind=kind, registered_on=registered_on, credit_code=credit_code,
                              employees=employees, employees_on=employees_on, address=address, district=district,
                              contact_name=contact_name, contact_phone=contact_phone, note=note))
    try:
        with transaction.atomic():
            return Employer.objects.create(org=org, **values)
    except IntegrityError:  # two officers at once: the constraints hold
        raise ServiceError(f"“{values['name']}”或其统一社会信用代码已登记。") from None


@transaction.atomic
def employer_update(*, actor, employer: Employer, **changes) -> Employer:
    require(actor, Perm.FUNDS_EDIT, employer.org)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ServiceError("不能修改：" + "、".join(sorted(unknown)))
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    values = {key: changes.get(key, getattr(employer, key)) for key in EDITABLE}
    values = _check(employer.org, values, exclude=employer.pk)
    changed = [key for key in EDITABLE if getattr(employer, key) != values[key]]
    for key in changed:
        setattr(employer, key, values[key])
    if changed:
        try:
            with transaction.atomic():
                employer.save(update_fields=changed)
        except IntegrityError:
            raise ServiceError("单位名称或统一社会信用代码与已登记的单位重复。") from None
    return employer


@transaction.atomic
def employer_close(*, actor, employer: Employer, closed_on: datetime.date, reason: str) -> Employer:
    """The employer leaves the register (注销、迁出、合并): kept, and counted in the periods before."""
    require(actor, Perm.FUNDS_EDIT, employer.org)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    past_date(closed_on, "注销（迁出）日期")
    if closed_on < employer.registered_on:
        raise ServiceError("注销（迁出）日期不能早于列入台账日期。")
    reason = text(reason, 200)
    if not reason:
        raise ServiceError("请填写注销（迁出）原因。")
    if employer.closed_on == closed_on and employer.closed_reason == reason:
        return employer  # the same act twice
    employer.closed_on, employer.closed_reason = closed_on, reason
    employer.save(update_fields=["closed_on", "closed_reason"])
    return employer


@transaction.atomic
def employer_found(*, actor, employer: Employer, founded_on: datetime.date, members_on_founding: int | None = None,
                   union: Organization | None = None) -> Employer:
    """The union founded in the employer (建会): its date, members on founding, and the union on the platform (a
    grassroots or joint union inside the keeping union's subtree; a joint union may cover several employers)."""
    require(actor, Perm.FUNDS_EDIT, employer.org)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    past_date(founded_on, "建会日期")
    if employer.closed_on and founded_on > employer.closed_on:
        raise ServiceError("建会日期不能晚于单位注销（迁出）日期。")
    if members_on_founding is not None:
        if members_on_founding < 1:
            raise ServiceError("建会时会员人数应为正整数。")
        if employer.employees is not None and members_on_founding > employer.employees:
            raise ServiceError(f"建会时会员人数（{members_on_founding}人）超过单位职工人数（{employer.employees}人）。")
    if union is not None:
        if union.kind not in FOUNDING_KINDS:
            raise ServiceError("所建工会应为基层工会或联合工会。")
        if not union.path.startswith(employer.org.path):
            raise ServiceError(f"{union.name}不在{employer.org.name}的下级组织中。")
        require(actor, Perm.FUNDS_EDIT, union)
        if union.kind != Organization.Kind.JOINT:
            other = Employer.objects.filter(union=union).exclude(pk=employer.pk).first()
            if other is not None:
                raise ServiceError(f"{union.name}已关联用人单位“{other.name}”（只有联合工会可覆盖多家单位）。")
    employer.founded_on, employer.members_on_founding, employer.union = founded_on, members_on_founding, union
    employer.save(update_fields=["founded_on", "members_on_founding", "union"])
    return employer


@transaction.atomic
def visit_record(*, actor, employer: Employer, visited_on: datetime.date, visitor: str, outcome: str,
                 note: str = "") -> FoundingVisit:
    """A visit to an employer for the founding work. The same visit entered twice (same day, visitor, outcome and
    note) is recorded once."""
    require(actor, Perm.FUNDS_EDIT, employer.org)
    past_date(visited_on, "走访日期")
    if visited_on < employer.registered_on - datetime.timedelta(days=366):
        raise ServiceError("走访日期早于该单位列入台账一年以上，请核对。")
    visitor, note = text(visitor, 50), text(note, 300)
    if not visitor:
        raise ServiceError("请填写走访人。")
    if outcome not in FoundingVisit.Outcome.values:
        raise ServiceError("请选择走访结果。")
    Employer.objects.select_for_update().filter(pk=employer.pk).first()  # one visit at a time per employer
    same = FoundingVisit.objects.filter(employer=employer, visited_on=visited_on, visitor=visitor, outcome=outcome,
                                        note=note).first()
    if same is not None:
        return same
    return FoundingVisit.objects.create(employer=employer, org=employer.org, visited_on=visited_on, visitor=visitor,
                                        outcome=outcome, note=note)


@transaction.atomic
def threshold_set(*, actor, org: Organization, effective_from: datetime.date, min_employees: int,
                  note: str = "") -> FoundingThreshold:
    """From `effective_from`, employers of `org`'s register with fewer employees are not counted in 建会率."""
    require(actor, Perm.FUNDS_EDIT, org)
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("建会率统计口径由工会设置。")
    if effective_from is None:
        raise ServiceError("请填写生效日期。")
    if min_employees is None or min_employees < 0 or min_employees > 100000:
        raise ServiceError("最少职工人数应为0至100000之间的整数。")
    row, created = FoundingThreshold.objects.select_for_update().get_or_create(
        org=org, effective_from=effective_from, defaults={"min_employees": min_employees, "note": text(note, 200)})
    if not created and (row.min_employees, row.note) != (min_employees, text(note, 200)):
        row.min_employees, row.note = min_employees, text(note, 200)
        row.save(update_fields=["min_employees", "note"])
    return row
