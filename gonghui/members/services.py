"""Every change to people, families and membership. Each service validates, runs in a transaction, and is
audited (through AuditedModel's signal handlers)."""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.timezone import localdate

from gonghui.core import idcard
from gonghui.core.context import acting_as, current_actor
from gonghui.core.errors import ServiceError
from gonghui.core.models import Sequence
from gonghui.core.services import update_fields
from gonghui.orgs.models import Organization

from .models import FamilyMember, Membership, MembershipEvent, Person, Transfer
from .validators import ABOUT_DEATH, check_date, date_problem

ACTIVE_STATES = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)


def _actor_user():
    user = current_actor().user
    return user if user is not None and getattr(user, "pk", None) else None


def check_identity(fields: dict, *, person: Person | None = None) -> dict:
    """Validate the ID number and cross-check it with the birth date and sex; fill them when missing."""
    raw = fields.get("id_number")
    if not raw:
        fields["id_number"] = None
        return fields
    try:
        parsed = idcard.parse(raw)
    except idcard.IDNumberError as exc:
        raise ServiceError(str(exc)) from None
    fields["id_number"] = parsed.number
    if fields.get("birth_date") and fields["birth_date"] != parsed.birth_date:
        raise ServiceError(f"出生日期与身份证号不一致（身份证号中为{parsed.birth_date:%Y-%m-%d}）。")
    if fields.get("gender") and fields["gender"] != parsed.gender:
        raise ServiceError("性别与身份证号不一致（身份证号第17位单数为男、双数为女）。")
    fields["birth_date"] = parsed.birth_date
    fields["gender"] = parsed.gender
    clash = Person.objects.filter(id_number=parsed.number)
    if person is not None:
        clash = clash.exclude(pk=person.pk)
    if clash.exists():
        # Say no more than that: who holds it, and where, is not this officer's to know.
        raise ServiceError("该身份证号已在系统中登记。如是本单位人员请直接查找；如在其他工会，请办理转会。")
    return fields


#: A person's own dates that come after their birth and before their death, and are never in the future.
LIFE_DATES = (("work_started_on", "参加工作时间"), ("hired_on", "入职日期"), ("joined_on", "入会日期"),
              ("retired_on", "退休日期"), ("left_on", "离职日期"))


def _check_dates(fields: dict) -> None:
    """A person's own dates (members.validators): birth not in the future; work, hiring, joining, retiring and
    leaving after the birth, on or before the death, not in the future (retiring: within the coming year)."""
    birth, died = fields.get("birth_date"), fields.get("died_on")
    problem = date_problem(birth, "出生日期") if birth else None
    if not problem and died:
        problem = date_problem(died, "去世日期", birth=birth)
    for name, label in LIFE_DATES:
        if problem:
            break
        if fields.get(name):
            problem = date_problem(fields[name], label, birth=birth, died=died,
                                   future_days=366 if name == "retired_on" else 0)
    if problem:
        raise ServiceError(problem + "。")


@transaction.atomic
def person_create(*, org: Organization, name: str, **fields) -> Person:
    if not org.is_active:
        raise ServiceError("该组织已撤销，不能登记人员。")
    fields = check_identity(dict(fields))
    _check_dates(fields)
    if not fields.get("gender"):
        raise ServiceError("请填写性别，或填写身份证号由系统识别。")
    person = Person(org=org, name=name.strip(), **fields)
    person.full_clean(exclude=["name_pinyin", "name_initials"])
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, version: int, **fields) -> Person:
    """Edit a person's details. `version` is the one the editor loaded: a concurrent edit is refused, not lost."""
    for protected in ("member_status", "member_no", "joined_on", "org"):
        if protected in fields:
            raise ServiceError("会籍与所在组织请通过入会、转会等办理。")
    if "id_number" in fields:
        merged = {"birth_date": fields.get("birth_date", person.birth_date), "gender": fields.get("gender", person.gender),
                  "id_number": fields["id_number"]}
        if fields.get("id_number") and "birth_date" not in fields and "gender" not in fields:
            merged.pop("birth_date"), merged.pop("gender")
        fields.update(check_identity(merged, person=person))
    _check_dates({**{k: getattr(person, k) for k in ("birth_date", "died_on", *dict(LIFE_DATES))}, **fields})
    return update_fields(person, version=version, **fields)


@transaction.atomic
def family_member_add(*, person: Person, relation: str, name: str, **fields) -> FamilyMember:
    if fields.get("id_number"):
        try:
            parsed = idcard.parse(fields["id_number"])
        except idcard.IDNumberError as exc:
            raise ServiceError(str(exc)) from None
        fields["id_number"] = parsed.number
        fields.setdefault("birth_date", parsed.birth_date)
        fields.setdefault("gender", parsed.gender)
    if relation == FamilyMember.Relation.SPOUSE and person.family.filter(relation=relation, is_deceased=False).exists():
        raise ServiceError("已登记配偶。")
    member = FamilyMember(person=person, relation=relation, name=name.strip(), **fields)
    member.full_clean()
    member.save()
    return member


def next_member_numbers(org: Organization, count: int = 1) -> list[str]:
    first = Sequence.next(f"member_no:{org.pk}", count)
    return [f"{org.code}-{n:06d}" for n in range(first, first + count)]


def _free_member_number(org: Organization) -> str:
    """The next automatic number that nobody holds yet (numbers typed by hand may have taken some)."""
    while True:
        number = next_member_numbers(org)[0]
        if not Membership.objects.filter(org=org, member_no=number).exists():
            return number


def _event(person, org, kind, on, **extra) -> MembershipEvent:
    event = MembershipEvent(person=person, org=org, kind=kind, occurred_on=on, recorded_by=_actor_user(), **extra)
    event.save()
    return event


def _lock(person: Person) -> Person:
    """Re-read the person under a row lock so two officers cannot act on one membership at once."""
    return Person.objects.select_for_update().select_related("org").get(pk=person.pk)


def _set_status(person: Person, status: str, **fields) -> None:
    person.member_status = status
    for name, value in fields.items():
        setattr(person, name, value)
    person.version += 1
    person.save()


@transaction.atomic
def member_apply(*, person: Person, applied_on: datetime.date, note: str = "") -> Person:
    person = _lock(person)
    if person.member_status in (*ACTIVE_STATES, Person.MemberStatus.PENDING):
        raise ServiceError(f"{person.name}已是会员或已提交入会申请。")
    if person.member_status == Person.MemberStatus.DECEASED or person.work_status == Person.WorkStatus.DECEASED:
        raise ServiceError("该人员已故。")
    if person.work_status == Person.WorkStatus.LEFT:
        raise ServiceError("该人员已离职，不能在本单位申请入会。")
    check_date(applied_on, "申请日期", person=person)
    _event(person, person.org, MembershipEvent.Kind.APPLY, applied_on, note=note)
    _set_status(person, Person.MemberStatus.PENDING)
    return person


@transaction.atomic
def member_admit(*, person: Person, joined_on: datetime.date, applied_on: datetime.date | None = None,
                 member_no: str = "", note: str = "") -> Membership:
    """Approve admission (入会): opens a membership period and gives a member number."""
    person = _lock(person)
    if person.member_status in ACTIVE_STATES:
        raise ServiceError(f"{person.name}已是会员。")
    if person.member_status == Person.MemberStatus.DECEASED:
        raise ServiceError("该人员已故，不能入会。")
    if person.work_status == Person.WorkStatus.LEFT:
        raise ServiceError("该人员已离职，不能在本单位入会。")
    check_date(joined_on, "入会日期", person=person)
    last = person.memberships.order_by("-started_on").first()
    if last and last.ended_on and joined_on < last.ended_on:
        raise ServiceError("入会日期不能早于上次会籍的结束日期。")
    if applied_on and applied_on > joined_on:
        raise ServiceError("申请日期不能晚于批准日期。")
    if person.member_status == Person.MemberStatus.PENDING and applied_on is None:
        applied = person.membership_events.filter(kind=MembershipEvent.Kind.APPLY).order_by("-occurred_on").first()
        applied_on = applied.occurred_on if applied else None
    member_no = member_no.strip() or _free_member_number(person.org)
    if Membership.objects.filter(org=person.org, member_no=member_no).exists():
        raise ServiceError(f"会员编号“{member_no}”在本工会已被使用。")
    membership = Membership(person=person, org=person.org, member_no=member_no, applied_on=applied_on,
                            started_on=joined_on)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise ServiceError(f"{person.name}已有未结束的会籍。") from None
    kind = MembershipEvent.Kind.REJOIN if last else MembershipEvent.Kind.JOIN
    _event(person, person.org, kind, joined_on, member_no=member_no, note=note)
    _set_status(person, Person.MemberStatus.ACTIVE, member_no=member_no, joined_on=joined_on)
    return membership


@transaction.atomic
def member_reject(*, person: Person, on: datetime.date, note: str) -> Person:
    person = _lock(person)
    if person.member_status != Person.MemberStatus.PENDING:
        raise ServiceError("该人员没有待审批的入会申请。")
    if not note.strip():
        raise ServiceError("请填写不予批准的原因。")
    check_date(on, "日期", person=person)
    _event(person, person.org, MembershipEvent.Kind.REJECT, on, note=note)
    _set_status(person, Person.MemberStatus.NONE)
    return person


def _open_membership(person: Person) -> Membership:
    membership = person.memberships.filter(ended_on__isnull=True).first()
    if membership is None:
        raise ServiceError(f"{person.name}目前不是会员。")
    return membership


def _end_membership(person: Person, on: datetime.date, reason: str) -> Membership:
    membership = _open_membership(person)
    if on < membership.started_on:
        raise ServiceError("日期不能早于本次会籍的开始日期。")
    if on > localdate():
        raise ServiceError("日期不能晚于今天。")
    membership.ended_on = on
    membership.end_reason = reason
    membership.save()
    return membership


@transaction.atomic
def member_transfer_out(*, person: Person, to_org: Organization | None = None, to_org_name: str = "",
                        on: datetime.date, reason: str = "") -> Transfer:
    """Start a transfer. To a union in the system it waits for that union to accept; to one outside the
    system (another federation not on gonghui) the membership ends at once."""
    person = _lock(person)
    if person.member_status == Person.MemberStatus.TRANSFERRING:
        raise ServiceError(f"{person.name}已有一笔待接收的转会。")
    if person.member_status != Person.MemberStatus.ACTIVE:
        raise ServiceError(f"{person.name}目前不是会员，不能转会。")
    if to_org is None and not to_org_name.strip():
        raise ServiceError("请选择转入工会，或填写系统外的转入工会名称。")
    if to_org is not None:
        if to_org.pk == person.org_id:
            raise ServiceError("转入工会不能是当前所在工会。")
        if not to_org.is_active:
            raise ServiceError("转入工会已撤销。")
    membership = _open_membership(person)
    if on < membership.started_on or on > localdate():
        raise ServiceError("转出日期应在入会日期之后、且不晚于今天。")
    transfer = Transfer(person=person, from_org=person.org, to_org=to_org, to_org_name=to_org_name.strip(),
                        requested_on=on, reason=reason)
    _event(person, person.org, MembershipEvent.Kind.TRANSFER_OUT, on, other_org=to_org,
           other_org_name=to_org_name.strip(), note=reason)
    if to_org is None:
        transfer.status = Transfer.Status.OUTSIDE
        transfer.decided_on = on
        transfer.save()
        _end_membership(person, on, Membership.EndReason.TRANSFERRED)
        _set_status(person, Person.MemberStatus.TRANSFERRED_OUT, work_status=Person.WorkStatus.LEFT, left_on=on)
    else:
        transfer.save()
        _set_status(person, Person.MemberStatus.TRANSFERRING)
    return transfer


@transaction.atomic
def transfer_accept(*, transfer: Transfer, on: datetime.date, member_no: str = "", note: str = "") -> Membership:
    """The receiving union accepts: the old membership ends and a new one starts the same day."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != Transfer.Status.PENDING:
        raise ServiceError(f"该转会当前状态为“{transfer.get_status_display()}”，不能重复办理。")
    if on < transfer.requested_on:
        raise ServiceError("接收日期不能早于转出日期。")
    to_org = transfer.to_org
    if not to_org.is_active:
        raise ServiceError("转入工会已撤销，不能接收。")
    person = _lock(transfer.person)
    member_no = member_no.strip()
    if member_no and Membership.objects.filter(org=to_org, member_no=member_no).exists():
        raise ServiceError(f"会员编号“{member_no}”在本工会已被使用。")
    _end_membership(person, on, Membership.EndReason.TRANSFERRED)
    member_no = member_no or _free_member_number(to_org)
    membership = Membership(person=person, org=to_org, member_no=member_no, started_on=on, via_transfer=transfer)
    membership.save()
    transfer.status = Transfer.Status.ACCEPTED
    transfer.decided_on = on
    transfer.decided_by = _actor_user()
    transfer.decision_note = note
    transfer.save()
    _event(person, to_org, MembershipEvent.Kind.TRANSFER_IN, on, other_org=transfer.from_org, member_no=member_no,
           note=note)
    _set_status(person, Person.MemberStatus.ACTIVE, org=to_org, member_no=member_no)
    _tell_transfer_person(transfer)
    return membership


@transaction.atomic
def transfer_reject(*, transfer: Transfer, on: datetime.date, note: str) -> Transfer:
    """The receiving union refuses: the person simply stays a member where they were."""
    if not note.strip():
        raise ServiceError("请填写拒收原因。")
    return _close_transfer(transfer, Transfer.Status.REJECTED, MembershipEvent.Kind.TRANSFER_REJECTED, on, note)


@transaction.atomic
def transfer_cancel(*, transfer: Transfer, on: datetime.date, note: str = "") -> Transfer:
    """The sending union withdraws a transfer that was never accepted (e.g. the other union does not respond)."""
    return _close_transfer(transfer, Transfer.Status.CANCELLED, MembershipEvent.Kind.TRANSFER_CANCELLED, on, note)


def _close_transfer(transfer, status, event_kind, on, note) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != Transfer.Status.PENDING:
        raise ServiceError(f"该转会当前状态为“{transfer.get_status_display()}”，不能重复办理。")
    if on < transfer.requested_on:
        raise ServiceError("日期不能早于转出日期。")
    if on > localdate():
        raise ServiceError("日期不能晚于今天。")
    person = _lock(transfer.person)
    transfer.status = status
    transfer.decided_on = on
    transfer.decided_by = _actor_user()
    transfer.decision_note = note
    transfer.save()
    _event(person, transfer.from_org, event_kind, on, other_org=transfer.to_org, note=note)
    _set_status(person, Person.MemberStatus.ACTIVE)
    _tell_transfer_person(transfer)
    return transfer


def _tell_transfer_person(transfer: Transfer) -> None:
    """The member learns of the decision on their transfer in a message (members/portal.py)."""
    from .portal import tell_transfer_decision

    tell_transfer_decision(transfer)


@transaction.atomic
def member_transfer_request(*, actor, to_org: Organization | None = None, to_org_name: str = "",
                            on: datetime.date, reason: str = "") -> Transfer:
    """A member starts their own transfer (转会) from the phone. The rules are member_transfer_out's, unchanged:
    to a union in the system it waits for that union to accept (the member stays where they are until then); to
    a union outside the system the membership ends at once (the member confirmed that in the form). The officers
    of both unions are told (members/portal.py), and the to-dos of the desk list it."""
    person = getattr(actor, "person", None) if getattr(actor, "pk", None) else None
    if person is None:
        raise ServiceError("您的账号未关联人员信息，不能办理转会，请联系所在工会。")
    transfer = member_transfer_out(person=person, to_org=to_org, to_org_name=to_org_name, on=on, reason=reason)
    from .portal import tell_transfer_started

    tell_transfer_started(transfer)
    return transfer


@transaction.atomic
def member_transfer_withdraw(*, actor, transfer: Transfer) -> Transfer:
    """The member withdraws their own transfer while the receiving union has not decided (transfer_cancel)."""
    person_id = getattr(actor, "person_id", None) if getattr(actor, "pk", None) else None
    if person_id is None or transfer.person_id != person_id:
        raise ServiceError("未找到该转会申请。", code="out_of_scope")
    here = current_actor()
    with acting_as(actor, ip=here.ip, source=here.source):  # recorded (decided_by, audit) as the member's own act
        return transfer_cancel(transfer=transfer, on=localdate(), note="会员本人撤回")


@transaction.atomic
def member_retire(*, person: Person, on: datetime.date, note: str = "") -> Person:
    """Retirement: the person stays a member, now under retiree management (退管)."""
    person = _lock(person)
    if person.work_status in (Person.WorkStatus.RETIRED, Person.WorkStatus.LEFT_OFFICE):
        raise ServiceError(f"{person.name}已办理退休。")
    if person.work_status == Person.WorkStatus.DECEASED:
        raise ServiceError("该人员已故。")
    if person.work_status == Person.WorkStatus.LEFT:
        raise ServiceError("该人员已离职，不在本单位办理退休。")
    check_date(on, "退休日期", person=person, future_days=366)  # may be set for the coming months
    _event(person, person.org, MembershipEvent.Kind.RETIRE, on, note=note)
    person.work_status = Person.WorkStatus.RETIRED
    person.retired_on = on
    person.version += 1
    person.save()
    return person


@transaction.atomic
def member_withdraw(*, person: Person, on: datetime.date, note: str) -> Person:
    person = _lock(person)
    if person.member_status == Person.MemberStatus.TRANSFERRING:
        raise ServiceError("该会员有待接收的转会，请先撤回转会。")
    if not note.strip():
        raise ServiceError("请填写退会原因。")
    _end_membership(person, on, Membership.EndReason.WITHDRAWN)
    _event(person, person.org, MembershipEvent.Kind.WITHDRAW, on, note=note)
    _set_status(person, Person.MemberStatus.WITHDRAWN)
    return person


@transaction.atomic
def person_death(*, person: Person, on: datetime.date, note: str = "") -> Person:
    person = _lock(person)
    if person.work_status == Person.WorkStatus.DECEASED:
        raise ServiceError("已登记去世。")
    check_date(on, "去世日期", person=person)
    for transfer in person.transfers.filter(status=Transfer.Status.PENDING):
        transfer.status = Transfer.Status.CANCELLED
        transfer.decided_on = on
        transfer.decided_by = _actor_user()
        transfer.decision_note = "会员去世，转会撤回"
        transfer.save()
        _event(person, transfer.from_org, MembershipEvent.Kind.TRANSFER_CANCELLED, on, other_org=transfer.to_org,
               note="会员去世，转会撤回")
    if person.memberships.filter(ended_on__isnull=True).exists():
        _end_membership(person, on, Membership.EndReason.DECEASED)
        status = Person.MemberStatus.DECEASED
    else:
        status = person.member_status
    _event(person, person.org, MembershipEvent.Kind.DEATH, on, note=note)
    _set_status(person, status, work_status=Person.WorkStatus.DECEASED, died_on=on)
    return person
