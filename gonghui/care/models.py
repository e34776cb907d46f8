"""Care and assistance (帮扶关怀, 送温暖): hardship files, assistance, condolence visits, campaigns, fund rules,
life events and the 五必访 rule, health checks.

Conventions of this app
- Every care record carries `org`: the union that handles it (the person's union when it was recorded). Reports of a
  subtree count the records whose `org` lies in it, so a later transfer does not move last year's visits.
- Money is Decimal with 2 places; every amount is > 0 (a condolence visit without money says so with the form
  "仅看望" and amount 0) and below `MAX_AMOUNT`.
- History, not overwrite: hardship levels are a dated history (`HardshipLevelChange`), rule sets have effective
  periods, approval decisions and deliveries are rows of their own.
- Writes go through `gonghui.care.services`; reads through `gonghui.care.selectors`; figures through
  `gonghui.care.metrics`.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.base import ModelState
from django.urls import reverse

from gonghui.core.models import Attachment, AuditedModel, random_upload_name
from gonghui.core.money import capital_amount
from gonghui.orgs.models import Organization

#: Amounts at or above this are refused as typing mistakes (one million 元).
MAX_AMOUNT = Decimal("1000000.00")


class FundingSource(models.TextChoices):
    OWN = "own", "本级经费"
    UPPER = "upper", "上级补助"
    ADMINISTRATION = "administration", "行政拨款"
    DONATION = "donation", "社会捐赠"


class PaymentForm(models.TextChoices):
    CASH = "cash", "现金"
    TRANSFER = "transfer", "银行转账"
    GOODS = "goods", "实物"


class Occasion(models.TextChoices):
    """Occasions of a condolence visit (慰问事由); fund rules are keyed by these."""

    HOSPITAL = "hospital", "生病住院"
    MARRIAGE = "marriage", "结婚"
    CHILDBIRTH = "childbirth", "生育"
    DEATH = "death", "本人去世"
    RELATIVE_DEATH = "relative_death", "直系亲属去世"
    INJURY = "injury", "工伤"
    RETIREMENT = "retirement", "退休"
    BIRTHDAY = "birthday", "生日"
    FESTIVAL = "festival", "节日"


class RecipientKind(models.TextChoices):
    SERVING = "serving", "在职会员"
    RETIREE = "retiree", "退休职工"
    FAMILY = "family", "家属"


class HardshipLevel(models.TextChoices):
    # The same values as members.Person.HardshipLevel (kept in sync by the services).
    ORDINARY = "ordinary", "一般困难"
    DEEP = "deep", "深度困难"


class HardshipCauseKind(models.TextChoices):
    ILLNESS = "illness", "因病"
    DISABILITY = "disability", "因残"
    DISASTER = "disaster", "因灾"
    SCHOOLING = "schooling", "子女就学"
    SINGLE_PARENT = "single_parent", "单亲"
    UNEMPLOYMENT = "unemployment", "家庭成员失业"
    OTHER = "other", "其他"


def _path_of(org) -> str:
    return getattr(org, "path", "") or ""


class BulkAuditMixin:
    """Lets a bulk service hand audit.record_bulk thousands of rows without loading their related objects:
    `for_audit(pk, label, org_path)` makes an instance whose str() and audit_org_path() need no query."""

    @classmethod
    def for_audit(cls, pk, label: str, org_path: str, **fields):
        """A stand-in for an existing row, for audit.record_bulk(..., changes_for=...) only: it has the primary key,
        str() and audit_org_path(), and skips Model.__init__ (10,000 of them cost most of a second otherwise)."""
        obj = cls.__new__(cls)
        obj._state = ModelState()
        obj._state.adding = False
        obj.__dict__.update({cls._meta.pk.attname: pk, "_audit_label": label, "_audit_path": org_path, **fields})
        return obj

    def _cached_audit_label(self):
        return self.__dict__.get("_audit_label")

    def _cached_audit_path(self):
        return self.__dict__.get("_audit_path")


# ---------------------------------------------------------------------------------------------------------------
# Hardship files (困难职工档案)
# ---------------------------------------------------------------------------------------------------------------


class HardshipFile(AuditedModel):
    """One household's hardship file. Closing it (脱困) is final: a new hardship means a new file."""

    class Status(models.TextChoices):
        OPEN = "open", "在档"
        CLOSED = "closed", "已脱困"

    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT,
                            related_name="hardship_files")
    person = models.ForeignKey("members.Person", verbose_name="困难职工", on_delete=models.PROTECT,
                               related_name="hardship_files")
    file_no = models.CharField("档案编号", max_length=40)
    level = models.CharField("困难程度", max_length=16, choices=HardshipLevel.choices,
                             help_text="当前困难程度；历史变化见困难程度记录")
    household_size = models.PositiveSmallIntegerField("家庭人口", default=1)
    household_members = models.ManyToManyField("members.FamilyMember", verbose_name="共同生活的家庭成员", blank=True,
                                               related_name="+")
    income_per_head = models.DecimalField("家庭月人均收入(元)", max_digits=10, decimal_places=2, null=True, blank=True)
    situation = models.TextField("困难情况", blank=True)
    opened_on = models.DateField("建档日期")
    verified_by = models.CharField("核实人", max_length=100, blank=True)
    verified_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="核实人（用户）", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    verified_on = models.DateField("摸底核实日期", null=True, blank=True)
    review_due_on = models.DateField("下次复核日期", null=True, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField("脱困日期", null=True, blank=True)
    close_reason = models.CharField("脱困原因", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="建档人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    audit_exclude = ("created_at",)

    class Meta:
        verbose_name = "困难职工档案"
        verbose_name_plural = "困难职工档案"
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(status="open"), name="hardship_one_open_per_person"),
            models.UniqueConstraint(fields=["org", "file_no"], name="hardship_file_no_unique_in_org"),
        ]
        indexes = [
            models.Index(fields=["org", "status"], name="hardship_org_status"),
            models.Index(fields=["status", "review_due_on"], name="hardship_review_due"),
            models.Index(fields=["opened_on", "closed_on"], name="hardship_open_period"),
        ]

    def __str__(self) -> str:
        return f"{self.file_no} {self.person.name}"

    def get_absolute_url(self) -> str:
        return reverse("care:hardship_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def cause_labels(self) -> list[str]:
        return [HardshipCauseKind(c.cause).label for c in self.causes.all()]


class HardshipCause(AuditedModel):
    """One cause of a household's hardship (several per file); a row each, so files are counted by cause in SQL."""

    file = models.ForeignKey(HardshipFile, verbose_name="档案", on_delete=models.CASCADE, related_name="causes")
    cause = models.CharField("致困原因", max_length=16, choices=HardshipCauseKind.choices)

    class Meta:
        verbose_name = "致困原因"
        verbose_name_plural = "致困原因"
        ordering = ["file", "cause"]
        constraints = [models.UniqueConstraint(fields=["file", "cause"], name="hardship_cause_once")]

    def __str__(self) -> str:
        return self.get_cause_display()

    def audit_org_path(self) -> str:
        return _path_of(self.file.org)


class HardshipLevelChange(AuditedModel):
    """From `effective_from` on, the file's level is `level` (until the next change or the file's closing)."""

    file = models.ForeignKey(HardshipFile, verbose_name="档案", on_delete=models.PROTECT, related_name="level_changes")
    level = models.CharField("困难程度", max_length=16, choices=HardshipLevel.choices)
    effective_from = models.DateField("起始日期")
    reason = models.CharField("调整原因", max_length=200, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    audit_exclude = ("recorded_at",)

    class Meta:
        verbose_name = "困难程度记录"
        verbose_name_plural = "困难程度记录"
        ordering = ["file", "effective_from", "id"]
        indexes = [models.Index(fields=["file", "effective_from"], name="hardship_level_asof")]

    def __str__(self) -> str:
        return f"{self.effective_from} {self.get_level_display()}"

    def audit_org_path(self) -> str:
        return _path_of(self.file.org)


class Schooling(AuditedModel):
    """A member's child at school in one school year (助学, 金秋助学 selection: new entrants to university)."""

    class Stage(models.TextChoices):
        PRIMARY = "primary", "小学"
        JUNIOR = "junior", "初中"
        SENIOR = "senior", "高中"
        VOCATIONAL = "vocational", "中职"
        COLLEGE = "college", "大专"
        UNIVERSITY = "university", "本科"
        POSTGRADUATE = "postgraduate", "研究生"

    family_member = models.ForeignKey("members.FamilyMember", verbose_name="子女", on_delete=models.CASCADE,
                                      related_name="schoolings")
    school_year = models.PositiveSmallIntegerField("学年", help_text="学年开始的年份，如2025表示2025—2026学年")
    stage = models.CharField("学段", max_length=16, choices=Stage.choices)
    school = models.CharField("学校", max_length=100)
    grade = models.CharField("年级", max_length=20, blank=True)
    is_new_entrant = models.BooleanField("当年新生", default=False)

    class Meta:
        verbose_name = "子女就学"
        verbose_name_plural = "子女就学"
        ordering = ["family_member", "-school_year"]
        constraints = [models.UniqueConstraint(fields=["family_member", "school_year"], name="schooling_once_a_year")]
        indexes = [models.Index(fields=["school_year", "stage", "is_new_entrant"], name="schooling_new_entrants")]

    def __str__(self) -> str:
        return f"{self.school_year} {self.school} {self.grade}"

    def audit_org_path(self) -> str:
        return _path_of(self.family_member.person.org)


# ---------------------------------------------------------------------------------------------------------------
# Fund rules (经费标准), 五必访, approval flows
# ---------------------------------------------------------------------------------------------------------------


class AidRuleSet(AuditedModel):
    """A federation's (or union's) standards for condolence amounts over a period. Periods of one organisation
    never overlap (checked by the service). The applicable set for a union is its nearest ancestor's (itself
    included) effective on the day."""

    org = models.ForeignKey(Organization, verbose_name="制定单位", on_delete=models.PROTECT, related_name="aid_rule_sets")
    name = models.CharField("名称", max_length=100)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True, help_text="含当日；空表示长期有效")
    note = models.TextField("依据/说明", blank=True)

    class Meta:
        verbose_name = "经费标准"
        verbose_name_plural = "经费标准"
        ordering = ["org", "-effective_from"]
        indexes = [models.Index(fields=["org", "effective_from"], name="ruleset_by_org_period")]

    def __str__(self) -> str:
        return self.name


class AidRule(AuditedModel):
    """One line of a rule set: an occasion (and kind of recipient; blank = any) → standard amount, cap per visit,
    and a yearly cap per member (e.g. 节日 ≤1500元 a year in total)."""

    rule_set = models.ForeignKey(AidRuleSet, verbose_name="经费标准", on_delete=models.CASCADE, related_name="rules")
    occasion = models.CharField("事由", max_length=16, choices=Occasion.choices)
    recipient_kind = models.CharField("慰问对象", max_length=16, choices=RecipientKind.choices, blank=True,
                                      help_text="空表示所有对象")
    standard_amount = models.DecimalField("标准金额(元)", max_digits=10, decimal_places=2, null=True, blank=True)
    cap_amount = models.DecimalField("单次上限(元)", max_digits=10, decimal_places=2, null=True, blank=True)
    yearly_cap = models.DecimalField("每人每年上限(元)", max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "经费标准条目"
        verbose_name_plural = "经费标准条目"
        ordering = ["rule_set", "occasion", "recipient_kind"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "occasion", "recipient_kind"], name="aid_rule_once")]

    def __str__(self) -> str:
        who = self.get_recipient_kind_display() if self.recipient_kind else "所有对象"
        return f"{self.get_occasion_display()}·{who}"

    def audit_org_path(self) -> str:
        return _path_of(self.rule_set.org)


class LifeEventKind(models.TextChoices):
    HOSPITALISED = "hospitalised", "生病住院"
    MARRIED = "married", "结婚"
    CHILDBIRTH = "childbirth", "生育"
    DEATH = "death", "本人去世"
    RELATIVE_DEATH = "relative_death", "直系亲属去世"
    INJURY = "injury", "工伤"
    RETIRED = "retired", "退休"
    HARDSHIP = "hardship", "家庭突发困难"


#: Which condolence occasion answers which life event.
EVENT_OCCASION = {
    LifeEventKind.HOSPITALISED: Occasion.HOSPITAL,
    LifeEventKind.MARRIED: Occasion.MARRIAGE,
    LifeEventKind.CHILDBIRTH: Occasion.CHILDBIRTH,
    LifeEventKind.DEATH: Occasion.DEATH,
    LifeEventKind.RELATIVE_DEATH: Occasion.RELATIVE_DEATH,
    LifeEventKind.INJURY: Occasion.INJURY,
    LifeEventKind.RETIRED: Occasion.RETIREMENT,
    LifeEventKind.HARDSHIP: None,  # answered by any visit
}


class MustVisitRule(AuditedModel):
    """五必访/六必访 as data: an event of this kind must be visited within `window_days`. A union follows its
    nearest ancestor's (itself included) rules."""

    org = models.ForeignKey(Organization, verbose_name="制定单位", on_delete=models.CASCADE, related_name="must_visit_rules")
    event_kind = models.CharField("必访事项", max_length=16, choices=LifeEventKind.choices)
    window_days = models.PositiveSmallIntegerField("应在几天内看望", default=7)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "必访规则"
        verbose_name_plural = "必访规则"
        ordering = ["org", "event_kind"]
        constraints = [models.UniqueConstraint(fields=["org", "event_kind"], name="must_visit_once")]

    def __str__(self) -> str:
        return f"{self.get_event_kind_display()}（{self.window_days}天内）"


class LifeEvent(AuditedModel):
    """Something that happened to a member or their family that may call for a visit, reported by an officer
    or by the member."""

    class Source(models.TextChoices):
        OFFICER = "officer", "工会登记"
        MEMBER = "member", "会员报告"

    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("members.Person", verbose_name="职工", on_delete=models.PROTECT, related_name="life_events")
    family_member = models.ForeignKey("members.FamilyMember", verbose_name="家属", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("事项", max_length=16, choices=LifeEventKind.choices)
    occurred_on = models.DateField("发生日期")
    note = models.CharField("情况说明", max_length=300, blank=True)
    source = models.CharField("来源", max_length=8, choices=Source.choices, default=Source.OFFICER)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    audit_exclude = ("created_at",)

    class Meta:
        verbose_name = "职工家庭事项"
        verbose_name_plural = "职工家庭事项"
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["kind", "occurred_on"], name="lifeevent_by_kind_date")]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.person.name} {self.get_kind_display()}"


class ApprovalFlow(AuditedModel):
    """The review steps a union sets for assistance applications of a kind (blank kind = every kind). A union
    without its own flow follows its nearest ancestor's; with none at all, one step by anyone holding the
    care-approval permission on the union."""

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.CASCADE, related_name="approval_flows")
    kind = models.CharField("救助类别", max_length=16, blank=True, help_text="空表示所有类别")
    name = models.CharField("名称", max_length=100, blank=True)

    class Meta:
        verbose_name = "审批流程"
        verbose_name_plural = "审批流程"
        constraints = [models.UniqueConstraint(fields=["org", "kind"], name="approval_flow_once")]

    def __str__(self) -> str:
        return self.name or "审批流程"


class ApprovalFlowStep(AuditedModel):
    flow = models.ForeignKey(ApprovalFlow, verbose_name="流程", on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("顺序")
    role = models.CharField("审批角色", max_length=16, blank=True,
                            help_text="在本工会或其上级被授予该角色的人可以审批；空表示有帮扶审批权限的人")
    label = models.CharField("环节名称", max_length=50)

    class Meta:
        verbose_name = "审批环节"
        verbose_name_plural = "审批环节"
        ordering = ["flow", "order"]
        constraints = [models.UniqueConstraint(fields=["flow", "order"], name="approval_step_order_once")]

    def __str__(self) -> str:
        return self.label

    def audit_org_path(self) -> str:
        return _path_of(self.flow.org)


# ---------------------------------------------------------------------------------------------------------------
# Campaigns (集中慰问)
# ---------------------------------------------------------------------------------------------------------------


class Campaign(AuditedModel):
    """A concentrated campaign (元旦春节送温暖, 端午, 中秋, 夏送清凉, 金秋助学). Delivering to a recipient creates one
    disbursed `Assistance` (linked one-to-one), so care figures count campaign payments once, as assistance (gifts as
    慰问福利, apart from aid: see Assistance.WELFARE_KINDS)."""

    class Kind(models.TextChoices):
        SPRING = "spring", "元旦春节送温暖"
        DUANWU = "duanwu", "端午慰问"
        ZHONGQIU = "zhongqiu", "中秋慰问"
        SUMMER = "summer", "夏送清凉"
        EDUCATION = "education", "金秋助学"
        OTHER_FESTIVAL = "other_festival", "其他节日慰问"

    class Status(models.TextChoices):
        DRAFT = "draft", "筹备中"
        APPROVED = "approved", "已审批"
        DELIVERING = "delivering", "发放中"
        CLOSED = "closed", "已结束"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="campaigns")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    title = models.CharField("活动名称", max_length=100)
    planned_on = models.DateField("计划日期")
    festival_code = models.CharField("节日", max_length=16, blank=True, help_text="gonghui.core.festivals 的节日代码")
    budget = models.DecimalField("预算(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    form = models.CharField("发放形式", max_length=8, choices=PaymentForm.choices, default=PaymentForm.CASH)
    funding_source = models.CharField("经费来源", max_length=16, choices=FundingSource.choices, default=FundingSource.OWN)
    default_amount = models.DecimalField("每人标准(元)", max_digits=10, decimal_places=2, null=True, blank=True)
    default_goods = models.JSONField("每人物品", default=list, blank=True)
    over_cap_reason = models.CharField("超标准说明", max_length=300, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    closed_on = models.DateField("结束日期", null=True, blank=True)
    selection_log = models.JSONField("名单选取记录", default=list, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    audit_exclude = ("created_at",)

    class Meta:
        verbose_name = "集中慰问活动"
        verbose_name_plural = "集中慰问活动"
        ordering = ["-planned_on", "-id"]
        indexes = [models.Index(fields=["org", "planned_on"], name="campaign_by_org_date"),
                   models.Index(fields=["planned_on"], name="campaign_by_date")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class CampaignRecipient(BulkAuditMixin, AuditedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "待发放"
        DELIVERED = "delivered", "已发放"

    class Source(models.TextChoices):
        CRITERIA = "criteria", "按条件选取"
        MANUAL = "manual", "手工添加"

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey("members.Person", verbose_name="慰问对象", on_delete=models.PROTECT,
                               related_name="campaign_receipts")
    family_member = models.ForeignKey("members.FamilyMember", verbose_name="家属（子女）", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("金额/价值(元)", max_digits=10, decimal_places=2, null=True, blank=True)
    goods = models.JSONField("物品", default=list, blank=True)
    over_cap = models.BooleanField("超标准", default=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    delivered_on = models.DateField("发放日期", null=True, blank=True)
    signed = models.BooleanField("已签收", default=False)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.CRITERIA)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "慰问对象"
        verbose_name_plural = "慰问对象"
        ordering = ["campaign", "id"]
        constraints = [
            # A campaign never pays one person twice, even when two officers click at once.
            models.UniqueConstraint(fields=["campaign", "person"], name="campaign_recipient_once"),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="campaign_recipient_status")]

    def __str__(self) -> str:
        return self._cached_audit_label() or f"{self.campaign} · {self.person.name}"

    def get_absolute_url(self) -> str:
        return reverse("care:campaign_detail", args=[self.campaign_id])

    def audit_org_path(self) -> str:
        return self._cached_audit_path() or _path_of(self.campaign.org)


# ---------------------------------------------------------------------------------------------------------------
# Assistance (救助、补助)
# ---------------------------------------------------------------------------------------------------------------


class Assistance(BulkAuditMixin, AuditedModel):
    """One assistance payment (or grant in goods) from application to disbursement."""

    class Kind(models.TextChoices):
        DAILY = "daily", "日常救助"
        SERIOUS_ILLNESS = "serious_illness", "大病救助"
        EDUCATION = "education", "助学（金秋助学）"
        SURVIVOR = "survivor", "遗属供养"
        MUTUAL_AID = "mutual_aid", "医疗互助"
        FESTIVAL = "festival", "节日慰问（送温暖）"
        SUMMER = "summer", "夏送清凉"

    #: 慰问/福利, not 救助: festival gifts (送温暖, 中秋, 端午 …) and 夏送清凉 go to members by campaign or custom,
    #: without need or application. Care figures count them apart from aid (care.welfare.*, never care.assistance.*),
    #: and a member's "我的救助申请" does not list them (they show under 慰问福利).
    WELFARE_KINDS = (Kind.FESTIVAL, Kind.SUMMER)
    #: 救助: what a member applies for or is given because of hardship (daily, illness, schooling, survivors …).
    AID_KINDS = (Kind.DAILY, Kind.SERIOUS_ILLNESS, Kind.EDUCATION, Kind.SURVIVOR, Kind.MUTUAL_AID)

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        IN_REVIEW = "in_review", "审批中"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "未批准"
        DISBURSED = "disbursed", "已发放"
        CANCELLED = "cancelled", "已撤销"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="assistance")
    person = models.ForeignKey("members.Person", verbose_name="救助对象", on_delete=models.PROTECT,
                               related_name="assistance")
    family_member = models.ForeignKey("members.FamilyMember", verbose_name="家属", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      help_text="助学：受助子女；遗属供养：领取供养的遗属")
    kind = models.CharField("救助类别", max_length=16, choices=Kind.choices)
    form = models.CharField("发放形式", max_length=8, choices=PaymentForm.choices, default=PaymentForm.CASH)
    goods = models.JSONField("物品", default=list, blank=True,
                             help_text='[{"name": "大米", "quantity": "2", "unit": "袋", "value": "100.00"}]')
    funding_source = models.CharField("经费来源", max_length=16, choices=FundingSource.choices, default=FundingSource.OWN)
    amount = models.DecimalField("金额(元)", max_digits=10, decimal_places=2)
    reason = models.TextField("申请事由", blank=True)
    hardship_file = models.ForeignKey(HardshipFile, verbose_name="困难职工档案", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="assistance")
    school = models.CharField("学校", max_length=100, blank=True)
    grade = models.CharField("年级", max_length=20, blank=True)
    reverify_due_on = models.DateField("下次复核日期", null=True, blank=True, help_text="遗属供养每年复核")
    covers_from = models.DateField("所属期间起", null=True, blank=True)
    covers_to = models.DateField("所属期间止", null=True, blank=True)
    applied_on = models.DateField("申请日期")
    applicant_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="网上申请人", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    approval_steps = models.JSONField("审批环节", default=list, blank=True, editable=False)
    current_step = models.PositiveSmallIntegerField("当前环节", default=0, editable=False)
    awaiting_role = models.CharField("待审批角色", max_length=16, blank=True, editable=False,
                                     help_text="当前环节的审批角色（空：有帮扶审批权限的人），用于待办查询")
    decided_on = models.DateField("审批完成日期", null=True, blank=True)
    disbursed_on = models.DateField("发放日期", null=True, blank=True)
    disbursed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发放人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    disburse_method = models.CharField("发放方式", max_length=8, choices=PaymentForm.choices, blank=True)
    receipt_no = models.CharField("凭证号", max_length=40, blank=True)
    campaign_recipient = models.OneToOneField(CampaignRecipient, verbose_name="集中慰问", null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="assistance")
    over_cap = models.BooleanField("超单次标准", default=False)
    yearly_over_cap = models.BooleanField("超年度标准", default=False)
    over_cap_reason = models.CharField("超标准说明", max_length=300, blank=True)
    cancel_reason = models.CharField("撤销原因", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    audit_exclude = ("created_at",)

    class Meta:
        verbose_name = "救助补助"
        verbose_name_plural = "救助补助"
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "receipt_no"], condition=~Q(receipt_no=""),
                                    name="assistance_receipt_unique_in_org"),
            models.CheckConstraint(condition=Q(amount__gt=0) & Q(amount__lt=MAX_AMOUNT), name="assistance_amount_range"),
        ]
        indexes = [
            # care metrics: disbursed payments in a period
            models.Index(fields=["status", "disbursed_on", "org"], name="assist_paid_by_date"),
            # officers' lists and the approval inbox
            models.Index(fields=["org", "status"], name="assist_org_status"),
            models.Index(fields=["status", "awaiting_role"], name="assist_approval_inbox"),
            # members' own list; yearly festival totals per person
            models.Index(fields=["person", "kind", "disbursed_on"], name="assist_person_kind"),
        ]

    def __str__(self) -> str:
        return self._cached_audit_label() or f"{self.get_kind_display()} · {self.person.name} · {self.amount}元"

    def audit_org_path(self) -> str:
        return self._cached_audit_path() or _path_of(self.org)

    @property
    def amount_in_capitals(self) -> str:
        """大写金额 for the printed voucher, e.g. 壹仟贰佰元整."""
        return capital_amount(self.amount)

    @property
    def has_decisions(self) -> bool:
        """Whether someone has decided a step (a step passed on because nobody held it is no decision)."""
        return self.decisions.exclude(decision=ApprovalDecision.Decision.SKIP).exists()

    @property
    def current_step_info(self) -> dict | None:
        if self.status not in (self.Status.SUBMITTED, self.Status.IN_REVIEW):
            return None
        steps = self.approval_steps or []
        return steps[self.current_step] if self.current_step < len(steps) else None


def attachment_path(instance: "AssistanceAttachment", filename: str) -> str:
    """care/assistance/<id>/<random>.<ext>: names that cannot be guessed, the original name kept in the row."""
    return random_upload_name(f"care/assistance/{instance.assistance_id}", filename)


class AssistanceAttachment(Attachment):
    assistance = models.ForeignKey(Assistance, verbose_name="申请", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to=attachment_path, max_length=255)

    class Meta:
        verbose_name = "申请附件"
        verbose_name_plural = "申请附件"
        ordering = ["assistance", "id"]

    def audit_org_path(self) -> str:
        return _path_of(self.assistance.org)


class ApprovalDecision(AuditedModel):
    """One recorded decision on one step of an application: who, when, approve or reject, comment."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "同意"
        REJECT = "reject", "不同意"
        SKIP = "skip", "无人担任，已转交"  # nobody could act on the step: passed on by the system (rules.route)

    assistance = models.ForeignKey(Assistance, verbose_name="申请", on_delete=models.CASCADE, related_name="decisions")
    step = models.PositiveSmallIntegerField("环节序号")
    step_label = models.CharField("环节", max_length=50)
    role = models.CharField("审批角色", max_length=16, blank=True)
    decision = models.CharField("意见", max_length=8, choices=Decision.choices)
    comment = models.CharField("审批意见", max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("审批时间", auto_now_add=True)

    class Meta:
        verbose_name = "审批记录"
        verbose_name_plural = "审批记录"
        ordering = ["assistance", "step"]
        # One decision per step: two approvers clicking at once cannot both pass a step.
        constraints = [models.UniqueConstraint(fields=["assistance", "step"], name="approval_decision_once_per_step")]

    def __str__(self) -> str:
        return f"{self.step_label}：{self.get_decision_display()}"

    def audit_org_path(self) -> str:
        return _path_of(self.assistance.org)


# ---------------------------------------------------------------------------------------------------------------
# Condolence visits (慰问)
# ---------------------------------------------------------------------------------------------------------------


class Condolence(AuditedModel):
    class Form(models.TextChoices):
        CASH = "cash", "慰问金"
        TRANSFER = "transfer", "转账"
        GOODS = "goods", "慰问品"
        VISIT_ONLY = "visit_only", "仅看望"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="condolences")
    person = models.ForeignKey("members.Person", verbose_name="职工", on_delete=models.PROTECT, related_name="condolences")
    family_member = models.ForeignKey("members.FamilyMember", verbose_name="家属", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    recipient_kind = models.CharField("慰问对象", max_length=16, choices=RecipientKind.choices)
    occasion = models.CharField("事由", max_length=16, choices=Occasion.choices)
    visited_on = models.DateField("慰问日期")
    visitors = models.CharField("慰问人", max_length=200, blank=True)
    form = models.CharField("形式", max_length=12, choices=Form.choices, default=Form.CASH)
    gift = models.CharField("慰问品", max_length=200, blank=True)
    amount = models.DecimalField("金额/价值(元)", max_digits=10, decimal_places=2)
    funding_source = models.CharField("经费来源", max_length=16, choices=FundingSource.choices, default=FundingSource.OWN)
    rule_set = models.ForeignKey(AidRuleSet, verbose_name="适用标准", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    standard_amount = models.DecimalField("标准金额(元)", max_digits=10, decimal_places=2, null=True, blank=True)
    cap_amount = models.DecimalField("单次上限(元)", max_digits=10, decimal_places=2, null=True, blank=True)
    over_cap = models.BooleanField("超单次标准", default=False)
    yearly_over_cap = models.BooleanField("超年度标准", default=False)
    over_cap_reason = models.CharField("超标准说明", max_length=300, blank=True)
    life_event = models.ForeignKey(LifeEvent, verbose_name="对应事项", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="condolences")
    hardship_file = models.ForeignKey(HardshipFile, verbose_name="困难职工档案", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="condolences")
    dedupe_key = models.CharField("防重复键", max_length=40, blank=True, editable=False,
                                  help_text="如 birthday:2025：同一人同一年只记一次生日慰问")
    note = models.CharField("备注", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    audit_exclude = ("created_at",)

    class Meta:
        verbose_name = "慰问"
        verbose_name_plural = "慰问"
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "dedupe_key"], condition=~Q(dedupe_key=""),
                                    name="condolence_dedupe_once"),
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(amount__lt=MAX_AMOUNT),
                                   name="condolence_amount_range"),
        ]
        indexes = [
            # care metrics: visits in a period
            models.Index(fields=["visited_on", "org"], name="condolence_by_date"),
            # yearly totals per member and occasion; 五必访 matching
            models.Index(fields=["person", "occasion", "visited_on"], name="condolence_person_occasion"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.get_occasion_display()} · {self.person.name}"

    @property
    def amount_in_capitals(self) -> str:
        return capital_amount(self.amount)


# ---------------------------------------------------------------------------------------------------------------
# Health checks (体检)
# ---------------------------------------------------------------------------------------------------------------


class HealthCheck(AuditedModel):
    class Kind(models.TextChoices):
        SERVING = "serving", "在职职工体检"
        RETIRED = "retired", "退休职工体检"
        WOMEN = "women", "女职工专项体检"
        MODEL_WORKER = "model_worker", "劳模体检"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="health_checks")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    title = models.CharField("名称", max_length=100, blank=True)
    checked_on = models.DateField("体检日期")
    provider = models.CharField("体检机构", max_length=100, blank=True)
    cost = models.DecimalField("总费用(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    funding_source = models.CharField("经费来源", max_length=16, choices=FundingSource.choices, default=FundingSource.OWN)
    note = models.CharField("备注", max_length=300, blank=True)
    participants = models.ManyToManyField("members.Person", through="HealthCheckParticipant", related_name="health_checks",
                                          verbose_name="参检人员")

    class Meta:
        verbose_name = "体检批次"
        verbose_name_plural = "体检批次"
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["checked_on", "org"], name="healthcheck_by_date")]

    def __str__(self) -> str:
        return self.title or f"{self.checked_on} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("care:health_detail", args=[self.pk])


class HealthCheckParticipant(AuditedModel):
    check_batch = models.ForeignKey(HealthCheck, verbose_name="体检批次", on_delete=models.CASCADE,
                                    related_name="participant_rows")
    person = models.ForeignKey("members.Person", verbose_name="参检人员", on_delete=models.PROTECT, related_name="+")
    cost = models.DecimalField("个人费用(元)", max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "参检人员"
        verbose_name_plural = "参检人员"
        ordering = ["check_batch", "id"]
        constraints = [models.UniqueConstraint(fields=["check_batch", "person"], name="healthcheck_participant_once")]

    def __str__(self) -> str:
        return f"{self.check_batch} · {self.person.name}"

    def get_absolute_url(self) -> str:
        return reverse("care:health_detail", args=[self.check_batch_id])

    def audit_org_path(self) -> str:
        return _path_of(self.check_batch.org)
