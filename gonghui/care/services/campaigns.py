"""Campaigns (集中慰问: 元旦春节送温暖, 端午, 中秋, 夏送清凉, 金秋助学).

plan (`campaign_create`) → choose recipients by criteria (`campaign_select`, bulk) and by hand
(`campaign_add_recipient`, `campaign_remove_recipients`) → amounts or goods (`campaign_set_amounts`) → approve →
signing sheet (selectors.campaign_signing_sheet) → deliver (`campaign_deliver`) → close.

Counting: delivering to a recipient creates one disbursed `Assistance` linked one-to-one to the recipient row
(kind 节日慰问 / 夏送清凉 / 助学). Care metrics count assistance only, so a campaign payment is counted once —
festival gifts and 夏送清凉 as 慰问福利 (care.welfare.*), 助学 as aid (care.assistance.*);
`CampaignRecipient` rows serve campaign coverage (delivered ÷ selected) and nothing else.

A campaign never pays a person twice: (campaign, person) is unique in the database; delivery locks the campaign
row, marks only pending rows, and creates the assistance with a unique link to the row, so a second click or a
second officer finds nothing left to deliver.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core import audit, festivals
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.members.models import FamilyMember, Person
from gonghui.orgs.models import Organization

from .. import rules
from ..aggregates import MoneySum
from ..models import (
    Assistance,
    Campaign,
    CampaignRecipient,
    FundingSource,
    HardshipFile,
    HardshipLevel,
    Occasion,
    PaymentForm,
    RecipientKind,
    Schooling,
)
from ._common import (
    acting_user,
    clean_goods,
    files_open_on,
    goods_text,
    goods_total,
    money,
    not_future,
    optional_money,
    record_date,
    require,
    require_child,
)

__all__ = ["Criteria", "campaign_create", "campaign_update", "campaign_select", "campaign_candidates",
           "campaign_add_recipient", "campaign_remove_recipients", "campaign_set_amounts", "campaign_recipient_update",
           "campaign_approve", "campaign_deliver", "campaign_close", "schooling_record", "CAMPAIGN_ASSISTANCE_KIND"]

#: What a delivered recipient of each kind of campaign becomes.
CAMPAIGN_ASSISTANCE_KIND = {
    Campaign.Kind.SPRING: Assistance.Kind.FESTIVAL,
    Campaign.Kind.DUANWU: Assistance.Kind.FESTIVAL,
    Campaign.Kind.ZHONGQIU: Assistance.Kind.FESTIVAL,
    Campaign.Kind.OTHER_FESTIVAL: Assistance.Kind.FESTIVAL,
    Campaign.Kind.SUMMER: Assistance.Kind.SUMMER,
    Campaign.Kind.EDUCATION: Assistance.Kind.EDUCATION,
}
#: Which fund-rule occasion caps a campaign's amounts (festival gifts: per visit and per member per year).
CAMPAIGN_OCCASION = {k: Occasion.FESTIVAL for k, v in CAMPAIGN_ASSISTANCE_KIND.items() if v == Assistance.Kind.FESTIVAL}
MEMBER_STATES = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)
UNIVERSITY_STAGES = (Schooling.Stage.COLLEGE, Schooling.Stage.UNIVERSITY)
BATCH = 2000


@dataclass
class Criteria:
    """Who to select. Conditions given together must all hold; call `campaign_select` again to add another group.

    - hardship_level: "ordinary" / "deep" / "any" — people with an open hardship file of that level
    - retirees_min_age: retirees aged at least N on the campaign's date (e.g. 80)
    - post_contains: the person's 岗位 contains this text (e.g. "高温")
    - children_entering_university: members with a child registered as a new university (本科/大专) entrant in the
      school year starting in the campaign's year; the child is recorded on the row (one row per member)
    - work_status: "serving" / "retired" — limit to serving staff or retirees
    """

    hardship_level: str = ""
    retirees_min_age: int | None = None
    post_contains: str = ""
    children_entering_university: bool = False
    work_status: str = ""

    def describe(self) -> str:
        parts = []
        if self.hardship_level:
            level = "全部" if self.hardship_level == "any" else HardshipLevel(self.hardship_level).label
            parts.append(f"困难职工（{level}）")
        if self.retirees_min_age:
            parts.append(f"{self.retirees_min_age}岁以上退休职工")
        if self.post_contains:
            parts.append(f"岗位含“{self.post_contains}”")
        if self.children_entering_university:
            parts.append("子女当年考入大学")
        if self.work_status:
            parts.append({"serving": "在职", "retired": "退休"}.get(self.work_status, self.work_status))
        return "、".join(parts)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def campaign_candidates(campaign: Campaign, criteria: Criteria) -> dict[int, tuple[int | None, str]]:
    """{person id: (family member id or None, name)} of the people matching the criteria in the campaign's
    subtree, in one or two queries."""
    if not any([criteria.hardship_level, criteria.retirees_min_age, criteria.post_contains.strip(),
                criteria.children_entering_university, criteria.work_status]):
        raise ServiceError("请至少选择一个条件。")
    people = (Person.objects.filter(org__path__startswith=campaign.org.path, member_status__in=MEMBER_STATES,
                                    died_on__isnull=True)
              .exclude(work_status__in=[Person.WorkStatus.DECEASED, Person.WorkStatus.LEFT]))
    retired = [Person.WorkStatus.RETIRED, Person.WorkStatus.LEFT_OFFICE]
    if criteria.work_status == "serving":
        people = people.filter(work_status=Person.WorkStatus.SERVING)
    elif criteria.work_status == "retired":
        people = people.filter(work_status__in=retired)
    elif criteria.work_status:
        raise ServiceError("在职状态条件不正确。")
    if criteria.hardship_level:
        files = HardshipFile.objects.filter(person=OuterRef("pk"), status=HardshipFile.Status.OPEN)
        if criteria.hardship_level != "any":
            if criteria.hardship_level not in HardshipLevel.values:
                raise ServiceError("困难程度条件不正确。")
            files = files.filter(level=criteria.hardship_level)
        people = people.filter(Exists(files))
    if criteria.retirees_min_age:
        age = int(criteria.retirees_min_age)
        if not 40 <= age <= 120:
            raise ServiceError("年龄条件应在40至120岁之间。")
        people = people.filter(work_status__in=retired, birth_date__lte=_years_before(campaign.planned_on, age))
    if criteria.post_contains.strip():
        people = people.filter(post__contains=criteria.post_contains.strip())
    if not criteria.children_entering_university:
        return {pk: (None, name) for pk, name in people.values_list("pk", "name")}
    children = (Schooling.objects.filter(school_year=campaign.planned_on.year, stage__in=UNIVERSITY_STAGES,
                                         is_new_entrant=True, family_member__relation=FamilyMember.Relation.CHILD,
                                         family_member__person__in=people.values("pk"))
                .order_by("family_member_id")
                .values_list("family_member__person_id", "family_member_id", "family_member__person__name"))
    found: dict[int, tuple[int | None, str]] = {}
    for person_id, child_id, name in children:
        found.setdefault(person_id, (child_id, name))
    return found


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().select_related("org").get(pk=campaign.pk)


def _editable(campaign: Campaign) -> None:
    if campaign.status != Campaign.Status.DRAFT:
        raise ServiceError(f"活动{campaign.get_status_display()}，名单和金额不能再修改。")


def _check_festival(code: str, day: datetime.date) -> None:
    if code and code not in {f.code for f in festivals.festivals(day.year)}:
        raise ServiceError("节日代码不正确。")


@transaction.atomic
def campaign_create(*, actor, org: Organization, kind: str, title: str, planned_on: datetime.date,
                    festival_code: str = "", budget=None, default_amount=None, default_goods=None,
                    form: str = PaymentForm.CASH, funding_source: str = FundingSource.OWN, note: str = "") -> Campaign:
    require(actor, Perm.CARE_EDIT, org)
    if not org.is_active:
        raise ServiceError("该组织已撤销。")
    if kind not in Campaign.Kind.values:
        raise ServiceError("请选择活动类型。")
    if not title.strip():
        raise ServiceError("请填写活动名称。")
    if planned_on is None:
        raise ServiceError("请填写计划日期。")
    if form not in PaymentForm.values or funding_source not in FundingSource.values:
        raise ServiceError("请选择发放形式和经费来源。")
    _check_festival(festival_code, planned_on)
    goods = clean_goods(default_goods)
    amount = optional_money(default_amount, label="每人标准", allow_zero=False)
    if goods and amount is None:
        amount = goods_total(goods) or None
    campaign = Campaign(org=org, kind=kind, title=title.strip(), planned_on=planned_on, festival_code=festival_code,
                        budget=optional_money(budget, label="预算", allow_zero=False), default_amount=amount,
                        default_goods=goods, form=form, funding_source=funding_source, note=note.strip(),
                        created_by=acting_user(actor))
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, **fields) -> Campaign:
    allowed = {"title", "planned_on", "festival_code", "budget", "form", "funding_source", "note"}
    if set(fields) - allowed:
        raise ServiceError("活动类型不能修改；金额请通过“设置金额”办理。")
    campaign = _lock(campaign)
    require(actor, Perm.CARE_EDIT, campaign.org)
    _editable(campaign)
    if "budget" in fields:
        fields["budget"] = optional_money(fields["budget"], label="预算", allow_zero=False)
    for name, value in fields.items():
        setattr(campaign, name, value.strip() if isinstance(value, str) else value)
    _check_festival(campaign.festival_code, campaign.planned_on)
    if campaign.form not in PaymentForm.values or campaign.funding_source not in FundingSource.values:
        raise ServiceError("请选择发放形式和经费来源。")
    campaign.full_clean()
    campaign.save()
    return campaign


def _for_audit(campaign: Campaign, pk: int, name: str) -> CampaignRecipient:
    return CampaignRecipient.for_audit(pk, f"{campaign.title} · {name}", campaign.org.path, campaign_id=campaign.pk)


def _money_text(value) -> str | None:
    return None if value is None else str(value)


@transaction.atomic
def campaign_select(*, actor, campaign: Campaign, criteria: Criteria, amount=None) -> int:
    """Add everyone matching `criteria` who is not on the list yet; returns how many were added. Bulk: one query
    for the candidates, one for those already listed, bulk inserts."""
    campaign = _lock(campaign)
    require(actor, Perm.CARE_EDIT, campaign.org)
    _editable(campaign)
    value = optional_money(amount, label="每人金额", allow_zero=False) if amount is not None else campaign.default_amount
    found = campaign_candidates(campaign, criteria)
    listed = set(campaign.recipients.values_list("person_id", flat=True))
    rows = [CampaignRecipient(campaign_id=campaign.pk, person_id=pid, family_member_id=child, amount=value,
                              goods=campaign.default_goods, source=CampaignRecipient.Source.CRITERIA)
            for pid, (child, _) in found.items() if pid not in listed]
    try:
        with transaction.atomic():
            CampaignRecipient.objects.bulk_create(rows, batch_size=BATCH)
    except IntegrityError:
        raise ServiceError("名单正被他人同时修改，请刷新后重试。") from None
    if rows:
        for row in rows:
            row.__dict__["_audit_label"] = f"{campaign.title} · {found[row.person_id][1]}"
            row.__dict__["_audit_path"] = campaign.org.path
        audit.record_bulk(AuditEntry.Action.CREATE, rows, note=f"按条件选取：{criteria.describe()}",
                          changes_for=lambda r: {"person_id": [None, r.person_id],
                                                 "family_member_id": [None, r.family_member_id],
                                                 "amount": [None, _money_text(r.amount)], "source": [None, r.source]})
    _flag_caps(campaign)
    campaign.selection_log = [*campaign.selection_log, {
        "at": timezone.now().isoformat(timespec="seconds"), "by": str(acting_user(actor) or "系统"),
        "criteria": criteria.describe(), "matched": len(found), "added": len(rows)}]
    campaign.save()
    return len(rows)


@transaction.atomic
def campaign_add_recipient(*, actor, campaign: Campaign, person: Person, family_member: FamilyMember | None = None,
                           amount=None, goods=None, note: str = "") -> CampaignRecipient:
    campaign = _lock(campaign)
    require(actor, Perm.CARE_EDIT, campaign.org)
    _editable(campaign)
    person = Person.objects.select_related("org").get(pk=person.pk)
    require(actor, Perm.CARE_EDIT, person.org)
    if not person.org.path.startswith(campaign.org.path):
        raise ServiceError("该人员不在本活动的工会（含下级）中。")
    if family_member is not None and family_member.person_id != person.pk:
        raise ServiceError("所选家属不是该职工登记的家属。")
    if family_member is not None and campaign.kind == Campaign.Kind.EDUCATION:
        require_child(family_member)
    if campaign.recipients.filter(person=person).exists():
        raise ServiceError(f"{person.name}已在名单中。")
    goods = clean_goods(goods) if goods is not None else campaign.default_goods
    value = optional_money(amount, label="金额", allow_zero=False) if amount is not None else campaign.default_amount
    row = CampaignRecipient(campaign=campaign, person=person, family_member=family_member, amount=value, goods=goods,
                            source=CampaignRecipient.Source.MANUAL, note=note.strip()[:200])
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ServiceError(f"{person.name}已在名单中。") from None
    _flag_caps(campaign)
    return row


@transaction.atomic
def campaign_remove_recipients(*, actor, campaign: Campaign, recipient_ids) -> int:
    campaign = _lock(campaign)
    require(actor, Perm.CARE_EDIT, campaign.org)
    _editable(campaign)
    # QuerySet.delete() sends post_delete for each row, which the audit trail records (a few rows at a time).
    deleted, _ = (campaign.recipients.filter(pk__in=list(recipient_ids))
                  .select_related("campaign__org", "person").delete())
    return deleted


def _flag_caps(campaign: Campaign) -> int:
    """Mark rows above the festival cap of the applicable fund rules (per kind of recipient); returns how many."""
    occasion = CAMPAIGN_OCCASION.get(campaign.kind)
    rows = campaign.recipients.all()
    if occasion is None:
        return 0
    flagged = 0
    for kind, statuses in ((RecipientKind.SERVING, [Person.WorkStatus.SERVING]),
                           (RecipientKind.RETIREE, [Person.WorkStatus.RETIRED, Person.WorkStatus.LEFT_OFFICE])):
        cap = rules.rule_for(campaign.org, occasion, kind, campaign.planned_on).cap
        these = rows.filter(person__work_status__in=statuses)
        if cap is None:
            these.filter(over_cap=True).update(over_cap=False)
            continue
        these.filter(amount__gt=cap, over_cap=False).update(over_cap=True)
        these.filter(amount__lte=cap, over_cap=True).update(over_cap=False)
        flagged += these.filter(over_cap=True).count()
    return flagged


@transaction.atomic
def campaign_set_amounts(*, actor, campaign: Campaign, amount=None, goods=None, recipient_ids=None,
                         over_cap_reason: str | None = None) -> int:
    """Set the amount (and goods) of every listed recipient, or of `recipient_ids`. An amount above the festival
    cap needs `over_cap_reason` (kept on the campaign, flagged for 经审). Returns rows changed."""
    campaign = _lock(campaign)
    require(actor, Perm.CARE_EDIT, campaign.org)
    _editable(campaign)
    items = clean_goods(goods) if goods is not None else None
    if amount is None and items:
        amount = goods_total(items)
    value = money(amount, label="金额")
    if over_cap_reason is not None:
        campaign.over_cap_reason = over_cap_reason.strip()[:300]
    qs = campaign.recipients.all()
    if recipient_ids is not None:
        qs = qs.filter(pk__in=list(recipient_ids))
    occasion = CAMPAIGN_OCCASION.get(campaign.kind)
    if occasion is not None and not campaign.over_cap_reason:
        retired = (Person.WorkStatus.RETIRED, Person.WorkStatus.LEFT_OFFICE)
        statuses = set(qs.values_list("person__work_status", flat=True).distinct())
        kinds = {RecipientKind.RETIREE if s in retired else RecipientKind.SERVING for s in statuses}
        caps = [c for c in (rules.rule_for(campaign.org, occasion, k, campaign.planned_on).cap for k in kinds)
                if c is not None]
        if caps and value > min(caps):
            raise ServiceError(f"金额{value}元超过经费标准规定的节日慰问上限{min(caps)}元，请填写超标准的原因。")
    found = list(qs.values_list("pk", "person__name", "amount"))
    before = {pk: amount for pk, _, amount in found}
    changes = {"amount": value, **({"goods": items} if items is not None else {})}
    ids = list(before)
    for start in range(0, len(ids), BATCH):
        CampaignRecipient.objects.filter(pk__in=ids[start:start + BATCH]).update(**changes)
    rows = [_for_audit(campaign, pk, name) for pk, name, _ in found]
    audit.record_bulk(AuditEntry.Action.UPDATE, rows, note="设置慰问金额",
                      changes_for=lambda r: {"amount": [_money_text(before[r.pk]), str(value)],
                                             **({"goods": [None, goods_text(items)]} if items is not None else {})})
    if campaign.default_amount is None or recipient_ids is None:
        campaign.default_amount = value
        if items is not None:
            campaign.default_goods = items
    _flag_caps(campaign)
    campaign.save()
    return len(rows)


@transaction.atomic
def campaign_recipient_update(*, actor, recipient: CampaignRecipient, **fields) -> CampaignRecipient:
    """Change one row (amount, goods, the child, note) while the campaign is in preparation."""
    if set(fields) - {"amount", "goods", "family_member", "note"}:
        raise ServiceError("只能修改金额、物品、子女和备注。")
    campaign = _lock(recipient.campaign)
    require(actor, Perm.CARE_EDIT, campaign.org)
    _editable(campaign)
    row = CampaignRecipient.objects.select_related("person").get(pk=recipient.pk)
    if "goods" in fields:
        row.goods = clean_goods(fields["goods"])
        if fields.get("amount") is None and row.goods:
            fields["amount"] = goods_total(row.goods)
    if fields.get("amount") is not None:
        row.amount = money(fields["amount"], label="金额")
    if "family_member" in fields:
        if fields["family_member"] is not None and fields["family_member"].person_id != row.person_id:
            raise ServiceError("所选家属不是该职工登记的家属。")
        if fields["family_member"] is not None and campaign.kind == Campaign.Kind.EDUCATION:
            require_child(fields["family_member"])
        row.family_member = fields["family_member"]
    if "note" in fields:
        row.note = (fields["note"] or "").strip()[:200]
    row.save()
    _flag_caps(campaign)
    return row


@transaction.atomic
def campaign_approve(*, actor, campaign: Campaign) -> Campaign:
    campaign = _lock(campaign)
    require(actor, Perm.CARE_APPROVE, campaign.org)
    if campaign.status != Campaign.Status.DRAFT:
        raise ServiceError(f"活动{campaign.get_status_display()}，不需要再审批。")
    figures = campaign.recipients.aggregate(total=MoneySum("amount"))
    count = campaign.recipients.count()
    if not count:
        raise ServiceError("名单为空，不能审批。")
    missing = campaign.recipients.filter(Q(amount__isnull=True) | Q(amount__lte=0)).count()
    if missing:
        raise ServiceError(f"还有{missing}人未设置金额。")
    if campaign.budget is not None and figures["total"] > campaign.budget:
        raise ServiceError(f"金额合计{figures['total']}元超出预算{campaign.budget}元。")
    if campaign.recipients.filter(over_cap=True).exists() and not campaign.over_cap_reason:
        raise ServiceError("有慰问对象的金额超过经费标准上限，请先填写超标准的原因。")
    campaign.status = Campaign.Status.APPROVED
    campaign.approved_by = acting_user(actor)
    campaign.approved_at = timezone.now()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_deliver(*, actor, campaign: Campaign, delivered_on: datetime.date, recipient_ids=None,
                     signed: bool = True) -> int:
    """Mark pending recipients (all, or `recipient_ids`) delivered and create their assistance records. Rows
    already delivered are left alone, so a second click, or a second officer at the same time, delivers nothing
    more. Returns how many were delivered by this call."""
    campaign = _lock(campaign)  # serialises deliveries of one campaign
    require(actor, Perm.CARE_EDIT, campaign.org)
    if campaign.status not in (Campaign.Status.APPROVED, Campaign.Status.DELIVERING):
        if campaign.status == Campaign.Status.CLOSED:
            raise ServiceError("活动已结束，不能再发放。")
        raise ServiceError("活动审批后才能发放。")
    not_future(delivered_on, "发放日期")
    pending = campaign.recipients.filter(status=CampaignRecipient.Status.PENDING)
    if recipient_ids is not None:
        pending = pending.filter(pk__in=list(recipient_ids))
    # Nobody receives before their birth, nor after their death unless it goes to the family (one query).
    impossible = (pending.filter(Q(person__birth_date__gt=delivered_on) | Q(family_member__birth_date__gt=delivered_on)
                                 | Q(person__died_on__lt=delivered_on, family_member__isnull=True))
                  .select_related("person", "family_member").first())
    if impossible is not None:
        record_date(delivered_on, "发放日期", person=impossible.person, family_member=impossible.family_member)
    rows = list(pending.select_for_update(of=("self",)).values_list(
        "pk", "person_id", "person__name", "person__work_status", "family_member_id", "amount", "goods", "over_cap"))
    if not rows:
        return 0
    ids = [r[0] for r in rows]
    marked = 0
    for start in range(0, len(ids), BATCH):
        marked += CampaignRecipient.objects.filter(pk__in=ids[start:start + BATCH],
                                                   status=CampaignRecipient.Status.PENDING).update(
            status=CampaignRecipient.Status.DELIVERED, delivered_on=delivered_on, signed=signed)
    if marked != len(rows):
        raise ServiceError("名单正被他人同时发放，请刷新后查看。")
    user = acting_user(actor)
    kind = CAMPAIGN_ASSISTANCE_KIND[campaign.kind]
    occasion = CAMPAIGN_OCCASION.get(campaign.kind)
    person_ids = [r[1] for r in rows]
    files = files_open_on(person_ids, delivered_on)
    caps, totals = {}, {}
    if occasion is not None:
        for k in (RecipientKind.SERVING, RecipientKind.RETIREE):
            caps[k] = rules.rule_for(campaign.org, occasion, k, delivered_on).yearly_cap
        if any(c is not None for c in caps.values()):
            for start in range(0, len(person_ids), BATCH):
                totals.update(rules.yearly_totals(person_ids[start:start + BATCH], occasion, delivered_on.year))
    steps = [{"order": 1, "role": "", "label": f"集中慰问“{campaign.title}”审批"}]
    retired = (Person.WorkStatus.RETIRED, Person.WorkStatus.LEFT_OFFICE)
    kind_label = Assistance.Kind(kind).label
    decided_on = campaign.approved_at.date() if campaign.approved_at else None
    applied_on = min(campaign.planned_on, delivered_on)
    assistance = []
    for pk, person_id, name, work_status, child_id, amount, goods, over_cap in rows:
        yearly_cap = caps.get(RecipientKind.RETIREE if work_status in retired else RecipientKind.SERVING)
        a = Assistance(
            org_id=campaign.org_id, person_id=person_id, family_member_id=child_id, kind=kind, form=campaign.form,
            goods=goods, funding_source=campaign.funding_source, amount=amount, reason=campaign.title,
            hardship_file_id=files.get(person_id), applied_on=applied_on, entered_by=user,
            status=Assistance.Status.DISBURSED, approval_steps=steps, current_step=1, decided_on=decided_on,
            disbursed_on=delivered_on, disbursed_by=user, disburse_method=campaign.form, campaign_recipient_id=pk,
            over_cap=over_cap, over_cap_reason=campaign.over_cap_reason if over_cap else "",
            yearly_over_cap=yearly_cap is not None and totals.get(person_id, 0) + amount > yearly_cap)
        a.__dict__["_audit_label"] = f"{kind_label} · {name} · {amount}元"
        a.__dict__["_audit_path"] = campaign.org.path
        assistance.append(a)
    try:
        with transaction.atomic():
            Assistance.objects.bulk_create(assistance, batch_size=BATCH)
    except IntegrityError:
        raise ServiceError("名单正被他人同时发放，请刷新后查看。") from None
    audit.record_bulk(AuditEntry.Action.UPDATE, [_for_audit(campaign, r[0], r[2]) for r in rows],
                      note=f"发放：{campaign.title}",
                      changes_for=lambda r: {"status": ["pending", "delivered"],
                                             "delivered_on": [None, str(delivered_on)], "signed": [False, signed]})
    audit.record_bulk(AuditEntry.Action.CREATE, assistance, note=f"集中慰问发放：{campaign.title}",
                      changes_for=lambda a: {"person_id": [None, a.person_id], "kind": [None, a.kind],
                                             "amount": [None, str(a.amount)], "disbursed_on": [None, str(delivered_on)],
                                             "funding_source": [None, a.funding_source],
                                             "campaign_recipient_id": [None, a.campaign_recipient_id]})
    if campaign.status == Campaign.Status.APPROVED:
        campaign.status = Campaign.Status.DELIVERING
        campaign.save()
    return len(rows)


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign, closed_on: datetime.date | None = None) -> Campaign:
    campaign = _lock(campaign)
    require(actor, Perm.CARE_EDIT, campaign.org)
    if campaign.status == Campaign.Status.CLOSED:
        return campaign
    if campaign.status == Campaign.Status.DRAFT:
        raise ServiceError("活动尚未审批；不再开展请直接删除名单。")
    campaign.status = Campaign.Status.CLOSED
    campaign.closed_on = closed_on or localdate()
    campaign.save()
    return campaign


@transaction.atomic
def schooling_record(*, actor, family_member: FamilyMember, school_year: int, stage: str, school: str, grade: str = "",
                     is_new_entrant: bool = False) -> Schooling:
    """Record (or correct) where a member's child studies in a school year (金秋助学: new university entrants)."""
    person = Person.objects.select_related("org").get(pk=family_member.person_id)
    own = actor is not None and getattr(actor, "person_id", None) == person.pk
    if not own:
        require(actor, Perm.CARE_EDIT, person.org)
    if family_member.relation != FamilyMember.Relation.CHILD:
        raise ServiceError("就学情况只登记子女的。")
    if stage not in Schooling.Stage.values:
        raise ServiceError("请选择学段。")
    if not (school or "").strip():
        raise ServiceError("请填写学校。")
    if not 1990 <= int(school_year) <= localdate().year + 1:
        raise ServiceError("学年不正确。")
    row = Schooling.objects.filter(family_member=family_member, school_year=school_year).first()
    row = row or Schooling(family_member=family_member, school_year=school_year)
    row.stage, row.school, row.grade, row.is_new_entrant = stage, school.strip(), grade.strip(), bool(is_new_entrant)
    row.full_clean()
    row.save()
    return row
