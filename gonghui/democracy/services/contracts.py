"""Collective contracts (集体合同): negotiate → sign → submit to the labour bureau → accepted (or deemed after 15 days)
→ in force → renewed (a new version) or expired; the yearly performance check; the documents.

Rules (集体合同规定; DOMAIN.md §4b): a term of 1–3 years; submitted within 10 days of signing (late is allowed and
shown, never refused: the bureau still takes it); the approving congress session is the same union's and not after
the signing; one contract of a kind at a time per union (a second one over the same days is a renewal, not a new
contract); a contract is renewed once; a double click does not make two of anything.
"""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError
from gonghui.core.uploads import check_attachment
from gonghui.members.validators import check_date
from gonghui.orgs.models import Organization

from ..models import CollectiveContract, CongressSession, ContractDocument, ContractKind, PerformanceCheck
from ..models.contracts import MAX_TERM_YEARS, MIN_TERM_YEARS, add_years
from ._common import require

__all__ = ["contract_create", "contract_update", "contract_sign", "contract_submit", "contract_review",
           "contract_renew", "contract_terminate", "contract_attach", "check_record", "check_rectify"]

Status = CollectiveContract.Status
PARTY_FIELDS = ("employer_name", "employer_representative", "union_representative", "employer_signatories",
                "union_signatories", "employees_covered", "content", "note")


def _d(day: datetime.date) -> str:
    return f"{day:%Y年%-m月%-d日}"


def _clean(value, limit: int) -> str:
    return (value or "").strip()[:limit]


def _check_term(signed_on, starts_on, ends_on) -> None:
    """Dates of a signed contract: all three given, possible, the expiry after the signing, a term of 1–3 years."""
    if signed_on is None:
        raise ServiceError("请填写签订日期。")
    if starts_on is None or ends_on is None:
        raise ServiceError("请填写合同期限的起始日和届满日。")
    check_date(signed_on, "签订日期")
    if ends_on < signed_on:
        raise ServiceError(f"期限届满日（{_d(ends_on)}）早于签订日期（{_d(signed_on)}），请核对。")
    if ends_on <= starts_on:
        raise ServiceError("期限届满日应晚于起始日。")
    if starts_on < signed_on - datetime.timedelta(days=31):
        raise ServiceError("期限起始日早于签订日期一个月以上，请核对（集体合同自签订、报送审查后生效）。")
    shortest = add_years(starts_on, MIN_TERM_YEARS) - datetime.timedelta(days=1)
    longest = add_years(starts_on, MAX_TERM_YEARS)  # "2023年3月20日至2026年3月20日" is written as three years
    if ends_on < shortest or ends_on > longest:
        raise ServiceError(f"集体合同期限为{MIN_TERM_YEARS}至{MAX_TERM_YEARS}年：自{_d(starts_on)}起，届满日应在"
                           f"{_d(shortest)}至{_d(longest)}之间。")


def _check_session(org: Organization, session: CongressSession | None, signed_on) -> None:
    if session is None:
        return
    if session.org_id != org.pk:
        raise ServiceError("所选职代会会议不是本工会的，请选择本工会职代会审议通过该合同的会议。")
    if signed_on is not None and session.opened_on > signed_on:
        raise ServiceError(f"职代会会议（{_d(session.opened_on)}开幕）在签订日期之后：集体合同草案应先经职代会"
                           "审议通过再签订。")


def _check_overlap(contract: CollectiveContract, *, org, kind, starts_on, ends_on, ignore=()) -> None:
    """One contract of a kind in force at a time: another of the same kind over the same days is refused."""
    others = (CollectiveContract.objects.filter(org=org, kind=kind, starts_on__lte=ends_on, ends_on__gte=starts_on)
              .exclude(status__in=[Status.RENEWED, Status.TERMINATED, Status.OBJECTED])
              .exclude(pk__in=[pk for pk in (contract.pk, *ignore) if pk]))
    other = others.first()
    if other is not None:
        raise ServiceError(f"本工会已有{ContractKind(kind).label}“{other.title}”（{_d(other.starts_on)}至"
                           f"{_d(other.ends_on)}），期限重叠；到期前请办理续签，不要另签一份。")


def _default_title(org: Organization, kind: str, employer_name: str) -> str:
    return f"{employer_name or org.employer or org.name}{ContractKind(kind).label}"


@transaction.atomic
def contract_create(*, actor, org: Organization, kind: str, employer_name: str = "", title: str = "",
                    employer_representative: str = "", union_representative: str = "",
                    employer_signatories: str = "", union_signatories: str = "", employees_covered: int | None = None,
                    signed_on: datetime.date | None = None, starts_on: datetime.date | None = None,
                    ends_on: datetime.date | None = None, session: CongressSession | None = None,
                    content: str = "", note: str = "") -> CollectiveContract:
    """A contract being negotiated (no signing date) or one already signed (its dates are checked)."""
    require(actor, Perm.DEMOCRACY_EDIT, org)
    if kind not in ContractKind.values:
        raise ServiceError("请选择合同类别（综合性集体合同或专项集体合同）。")
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("集体合同由工会（基层工会、联合工会等）代表职工签订，不能登记在分会或工会小组上。")
    employer_name = _clean(employer_name, 100) or org.employer
    if not employer_name:
        raise ServiceError("请填写企业（用人单位）方名称。")
    if employees_covered is not None and employees_covered < 0:
        raise ServiceError("覆盖职工人数不能为负数。")
    title = _clean(title, 120) or _default_title(org, kind, employer_name)[:120]
    signed = signed_on is not None
    if signed:
        _check_term(signed_on, starts_on, ends_on)
    elif starts_on and ends_on and ends_on <= starts_on:
        raise ServiceError("期限届满日应晚于起始日。")
    _check_session(org, session, signed_on)
    same = CollectiveContract.objects.filter(org=org, kind=kind, title=title, previous__isnull=True,
                                             signed_on=signed_on, starts_on=starts_on, ends_on=ends_on).first()
    if same is not None and same.status not in CollectiveContract.CLOSED:
        return same  # the same form sent twice (double click): the contract already made
    contract = CollectiveContract(org=org, kind=kind, title=title, employer_name=employer_name,
                                  status=Status.SIGNED if signed else Status.NEGOTIATING)
    if signed:
        _check_overlap(contract, org=org, kind=kind, starts_on=starts_on, ends_on=ends_on)
    contract.signed_on, contract.starts_on, contract.ends_on, contract.session = signed_on, starts_on, ends_on, session
    _set_parties(contract, employer_representative=employer_representative,
                 union_representative=union_representative, employer_signatories=employer_signatories,
                 union_signatories=union_signatories, employees_covered=employees_covered, content=content, note=note)
    contract.save()
    return contract


def _set_parties(contract: CollectiveContract, **values) -> None:
    limits = {"employer_name": 100, "employer_representative": 50, "union_representative": 50,
              "employer_signatories": 200, "union_signatories": 200, "note": 200, "content": 100_000}
    for name, value in values.items():
        if name == "employees_covered":
            contract.employees_covered = value
        else:
            setattr(contract, name, _clean(value, limits[name]))


def _locked(contract: CollectiveContract) -> CollectiveContract:
    return CollectiveContract.objects.select_for_update().select_related("org").get(pk=contract.pk)


@transaction.atomic
def contract_update(*, actor, contract: CollectiveContract, title: str | None = None,
                    session: CongressSession | None = None, **parties) -> CollectiveContract:
    """The parties, representatives, text and note; the title and approving session. Dates change by signing."""
    require(actor, Perm.DEMOCRACY_EDIT, contract.org)
    contract = _locked(contract)
    if contract.status in CollectiveContract.CLOSED:
        raise ServiceError(f"该合同{contract.get_status_display()}，不能再修改。")
    unknown = set(parties) - set(PARTY_FIELDS)
    if unknown:
        raise ServiceError("不能修改的字段：" + "、".join(sorted(unknown)))
    if "employer_name" in parties and not _clean(parties["employer_name"], 100):
        raise ServiceError("请填写企业（用人单位）方名称。")
    if parties.get("employees_covered") is not None and parties["employees_covered"] < 0:
        raise ServiceError("覆盖职工人数不能为负数。")
    if title is not None:
        if not _clean(title, 120):
            raise ServiceError("请填写合同名称。")
        contract.title = _clean(title, 120)
    _check_session(contract.org, session, contract.signed_on)
    contract.session = session
    _set_parties(contract, **parties)
    contract.save()
    return contract


@transaction.atomic
def contract_sign(*, actor, contract: CollectiveContract, signed_on: datetime.date, starts_on: datetime.date,
                  ends_on: datetime.date, session: CongressSession | None = None,
                  employer_signatories: str = "", union_signatories: str = "") -> CollectiveContract:
    """A negotiated contract signed by both parties (after the congress approved its draft)."""
    require(actor, Perm.DEMOCRACY_EDIT, contract.org)
    contract = _locked(contract)
    if contract.status != Status.NEGOTIATING:
        if contract.status == Status.SIGNED and contract.signed_on == signed_on and contract.starts_on == starts_on \
                and contract.ends_on == ends_on:
            return contract  # signed a second time by a double click
        raise ServiceError(f"该合同已于{_d(contract.signed_on)}签订，不能再次签订。" if contract.signed_on
                           else f"该合同{contract.get_status_display()}，不能签订。")
    _check_term(signed_on, starts_on, ends_on)
    session = session or contract.session
    _check_session(contract.org, session, signed_on)
    _check_overlap(contract, org=contract.org, kind=contract.kind, starts_on=starts_on, ends_on=ends_on,
                   ignore=(contract.previous_id,))
    contract.signed_on, contract.starts_on, contract.ends_on, contract.session = signed_on, starts_on, ends_on, session
    if employer_signatories:
        contract.employer_signatories = _clean(employer_signatories, 200)
    if union_signatories:
        contract.union_signatories = _clean(union_signatories, 200)
    contract.status = Status.SIGNED
    contract.save()
    if contract.previous_id:
        _end_previous(contract)
    return contract


@transaction.atomic
def contract_submit(*, actor, contract: CollectiveContract, submitted_on: datetime.date,
                    bureau: str) -> CollectiveContract:
    """报送备案: the signed text goes to the labour bureau (due within 10 days of signing; a late submission is taken
    and shown as late)."""
    require(actor, Perm.DEMOCRACY_EDIT, contract.org)
    contract = _locked(contract)
    bureau = _clean(bureau, 100)
    if contract.submitted_on is not None:
        if contract.submitted_on == submitted_on and contract.bureau == bureau:
            return contract  # the same submission twice
        raise ServiceError(f"该合同已于{_d(contract.submitted_on)}报送{contract.bureau or '劳动保障行政部门'}，"
                           "不能重复报送。")
    if contract.status != Status.SIGNED:
        raise ServiceError("合同签订后才能报送备案。" if contract.status == Status.NEGOTIATING
                           else f"该合同{contract.get_status_display()}，不能报送备案。")
    if submitted_on is None:
        raise ServiceError("请填写报送日期。")
    check_date(submitted_on, "报送日期")
    if not bureau:
        raise ServiceError("请填写受理备案的劳动保障行政部门（如：XX区人力资源和社会保障局）。")
    if submitted_on < contract.signed_on:
        raise ServiceError(f"报送日期不能早于签订日期（{_d(contract.signed_on)}）。")
    contract.submitted_on, contract.bureau, contract.status = submitted_on, bureau, Status.FILED
    contract.save()
    return contract


@transaction.atomic
def contract_review(*, actor, contract: CollectiveContract, accepted_on: datetime.date | None = None,
                    objected_on: datetime.date | None = None, objection: str = "") -> CollectiveContract:
    """The bureau's answer: accepted (审查通过, in force from then) or an objection (the contract does not take
    effect; the parties negotiate again and sign anew). Without an answer it takes effect after 15 days anyway."""
    require(actor, Perm.DEMOCRACY_EDIT, contract.org)
    contract = _locked(contract)
    if (accepted_on is None) == (objected_on is None):
        raise ServiceError("请填写审查通过日期或提出异议日期（二者之一）。")
    if contract.status in (Status.IN_FORCE, Status.OBJECTED):
        if (contract.accepted_on, contract.objected_on) == (accepted_on, objected_on):
            return contract
        raise ServiceError("已登记审查结果，不能重复登记。")
    if contract.status != Status.FILED:
        raise ServiceError("合同报送备案后才能登记审查结果。")
    day = accepted_on or objected_on
    check_date(day, "审查日期")
    if day < contract.submitted_on:
        raise ServiceError(f"审查日期不能早于报送日期（{_d(contract.submitted_on)}）。")
    if objected_on is not None:
        if objected_on > contract.objection_deadline:
            raise ServiceError(f"劳动保障行政部门应在收到文本之日起15日内（{_d(contract.objection_deadline)}前）提出"
                               "异议；逾期未提出的，合同已自行生效。")
        if not _clean(objection, 2000):
            raise ServiceError("请填写审查意见（异议内容）。")
        contract.objected_on, contract.objection, contract.status = objected_on, _clean(objection, 2000), \
            Status.OBJECTED
    else:
        contract.accepted_on, contract.status = accepted_on, Status.IN_FORCE
    contract.save()
    return contract


def _end_previous(new: CollectiveContract) -> None:
    """The renewed version ends the day before its successor's term starts (if that is before its own end)."""
    old = CollectiveContract.objects.select_for_update().get(pk=new.previous_id)
    if new.starts_on is not None:
        last = new.starts_on - datetime.timedelta(days=1)
        if old.ends_on is None or last < old.ends_on:
            old.ended_on = last
    old.status = Status.RENEWED
    old.save()


@transaction.atomic
def contract_renew(*, actor, contract: CollectiveContract, signed_on: datetime.date | None = None,
                   starts_on: datetime.date | None = None, ends_on: datetime.date | None = None,
                   session: CongressSession | None = None, title: str = "", content: str | None = None,
                   employees_covered: int | None = None) -> CollectiveContract:
    """续签: a new version of the contract (the parties copied, version + 1). With a signing date it is signed now
    and the old version is marked 已续签; without, it is a draft being negotiated and the old one stays in force
    until the new one is signed. A contract is renewed once: the second renewal is refused."""
    require(actor, Perm.DEMOCRACY_EDIT, contract.org)
    old = _locked(contract)
    existing = CollectiveContract.objects.filter(previous=old).first()
    if existing is not None:
        if (existing.signed_on, existing.starts_on, existing.ends_on) == (signed_on, starts_on, ends_on):
            return existing  # the renewal form sent twice
        raise ServiceError(f"该合同已续签为第{existing.version}版（“{existing.title}”），请在新版本上办理。")
    if old.status in (Status.NEGOTIATING, Status.TERMINATED, Status.OBJECTED, Status.RENEWED):
        raise ServiceError(f"该合同{old.get_status_display()}，不能续签。")
    new = CollectiveContract(org=old.org, kind=old.kind, title=_clean(title, 120) or old.title, previous=old,
                             version=old.version + 1, status=Status.NEGOTIATING)
    for name in PARTY_FIELDS:
        setattr(new, name, getattr(old, name))
    if content is not None:
        new.content = _clean(content, 100_000)
    if employees_covered is not None:
        new.employees_covered = employees_covered
    new.note = ""
    if signed_on is not None:
        _check_term(signed_on, starts_on, ends_on)
        if starts_on <= old.starts_on:
            raise ServiceError(f"续签合同的期限应在原合同起始日（{_d(old.starts_on)}）之后开始。")
        _check_session(old.org, session, signed_on)
        _check_overlap(new, org=old.org, kind=old.kind, starts_on=starts_on, ends_on=ends_on, ignore=(old.pk,))
        new.signed_on, new.starts_on, new.ends_on, new.session = signed_on, starts_on, ends_on, session
        new.status = Status.SIGNED
    else:
        _check_session(old.org, session, None)
        new.session = session
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError:  # two officers at once: previous is one-to-one
        raise ServiceError("该合同已续签，请在新版本上办理。") from None
    if new.status == Status.SIGNED:
        _end_previous(new)
    return new


@transaction.atomic
def contract_terminate(*, actor, contract: CollectiveContract, ended_on: datetime.date,
                       reason: str) -> CollectiveContract:
    """Ended before its term (企业破产、兼并，双方协商一致解除 …)."""
    require(actor, Perm.DEMOCRACY_EDIT, contract.org)
    contract = _locked(contract)
    if contract.status in CollectiveContract.CLOSED:
        raise ServiceError(f"该合同{contract.get_status_display()}，不能终止。")
    check_date(ended_on, "终止日期")
    reason = _clean(reason, 200)
    if not reason:
        raise ServiceError("请填写终止原因。")
    if contract.signed_on and ended_on < contract.signed_on:
        raise ServiceError("终止日期不能早于签订日期。")
    contract.ended_on, contract.status, contract.note = ended_on, Status.TERMINATED, reason
    contract.save()
    return contract


@transaction.atomic
def contract_attach(*, actor, contract: CollectiveContract, file, name: str = "") -> ContractDocument:
    require(actor, Perm.DEMOCRACY_EDIT, contract.org)
    original = check_attachment(file, name)
    size = getattr(file, "size", 0) or 0
    same = ContractDocument.objects.filter(contract=contract, name=original, size=size).first()
    if same is not None:
        return same  # the same file sent twice
    doc = ContractDocument(contract=contract, org=contract.org, name=original[:200], size=size,
                           uploaded_by=actor if getattr(actor, "pk", None) else None)
    doc.file.save(original, file, save=False)
    doc.save()
    return doc


@transaction.atomic
def check_record(*, actor, contract: CollectiveContract, checked_on: datetime.date, findings: str,
                 checkers: str = "", problems: str = "", rectified: bool = False,
                 rectified_on: datetime.date | None = None, rectification: str = "") -> PerformanceCheck:
    """The year's performance check (履约检查): one per contract and year."""
    require(actor, Perm.DEMOCRACY_EDIT, contract.org)
    contract = _locked(contract)
    if checked_on is None:
        raise ServiceError("请填写检查日期。")
    check_date(checked_on, "检查日期")
    if contract.signed_on is None:
        raise ServiceError("合同尚未签订，不能进行履约检查。")
    if checked_on < contract.signed_on:
        raise ServiceError(f"检查日期不能早于合同签订日期（{_d(contract.signed_on)}）。")
    findings = _clean(findings, 5000)
    if not findings:
        raise ServiceError("请填写检查情况。")
    problems = _clean(problems, 5000)
    if rectified:
        if not problems:
            raise ServiceError("未发现问题时无需登记整改。")
        if rectified_on is None:
            raise ServiceError("请填写整改完成日期。")
        check_date(rectified_on, "整改完成日期")
        if rectified_on < checked_on:
            raise ServiceError("整改完成日期不能早于检查日期。")
    existing = PerformanceCheck.objects.filter(contract=contract, year=checked_on.year).first()
    if existing is not None:
        if existing.checked_on == checked_on and existing.findings == findings:
            return existing
        raise ServiceError(f"{checked_on.year}年度已登记履约检查（{_d(existing.checked_on)}），如需补充请修改整改情况。")
    return PerformanceCheck.objects.create(
        contract=contract, org=contract.org, year=checked_on.year, checked_on=checked_on,
        checkers=_clean(checkers, 200), findings=findings, problems=problems, rectified=bool(rectified),
        rectified_on=rectified_on if rectified else None, rectification=_clean(rectification, 5000))


@transaction.atomic
def check_rectify(*, actor, check: PerformanceCheck, rectified_on: datetime.date,
                  rectification: str) -> PerformanceCheck:
    require(actor, Perm.DEMOCRACY_EDIT, check.org)
    check = PerformanceCheck.objects.select_for_update().get(pk=check.pk)
    if not check.has_problems:
        raise ServiceError("本次检查未发现问题，无需整改。")
    if check.rectified:
        if check.rectified_on == rectified_on:
            return check
        raise ServiceError(f"问题已于{_d(check.rectified_on)}整改完毕。")
    if rectified_on is None:
        raise ServiceError("请填写整改完成日期。")
    check_date(rectified_on, "整改完成日期")
    if rectified_on < check.checked_on:
        raise ServiceError("整改完成日期不能早于检查日期。")
    rectification = _clean(rectification, 5000)
    if not rectification:
        raise ServiceError("请填写整改情况。")
    check.rectified, check.rectified_on, check.rectification = True, rectified_on, rectification
    check.save()
    return check
