"""People (employees and members), their families, and membership history."""
from __future__ import annotations

import datetime

from django.db import models
from django.utils.timezone import localdate

from gonghui.core.models import AuditedModel
from gonghui.core.pinyin import MAX_LETTERS_PER_CHAR, name_pinyin
from gonghui.orgs.models import Organization

from .versioning import VersionedQuerySet


NAME_MAX_LENGTH = 50


class Reversed(models.Func):
    """A text column written backwards, for a stored generated column that finds "ends with" by an index range
    (the last digits of an ID number or phone are the first ones of the reversed text).

    PostgreSQL: its immutable reverse(). SQLite has no reverse of its own, and a function registered by Django
    would make the database unreadable to any other program; so the characters are joined from the last one:
    substr(x, n, 1) || … || substr(x, 1, 1) for the column's maximum length n (a position past the end gives '').
    NULL stays NULL on both.
    """

    function = "REVERSE"

    def __init__(self, expression, *, length: int, **extra):
        self.length = length
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        parts = " || ".join(f"substr({sql}, {i}, 1)" for i in range(self.length, 0, -1))
        return f"({parts})", list(params) * self.length


def _reversed_column(source: str, length: int, label: str) -> models.GeneratedField:
    return models.GeneratedField(expression=Reversed(source, length=length),
                                 output_field=models.CharField(max_length=length, null=True),
                                 db_persist=True, verbose_name=label)


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Person(AuditedModel):
    """An employee of an organisation's employer, member or not: 入会率 needs both."""

    class Education(models.TextChoices):
        PRIMARY = "primary", "小学"
        JUNIOR = "junior", "初中"
        SENIOR = "senior", "高中/中专"
        COLLEGE = "college", "大专"
        BACHELOR = "bachelor", "本科"
        MASTER = "master", "硕士研究生"
        DOCTOR = "doctor", "博士研究生"

    class Political(models.TextChoices):
        CPC = "cpc", "中共党员"
        CPC_PROBATION = "cpc_probation", "中共预备党员"
        CYL = "cyl", "共青团员"
        DEMOCRATIC = "democratic", "民主党派"
        MASSES = "masses", "群众"

    class Employment(models.TextChoices):
        CONTRACT = "contract", "合同制"
        ESTABLISHMENT = "establishment", "在编"
        DISPATCHED = "dispatched", "劳务派遣"
        MIGRANT = "migrant", "农民工"
        TEMPORARY = "temporary", "临时用工"
        FLEXIBLE = "flexible", "灵活就业"

    class WorkStatus(models.TextChoices):
        SERVING = "serving", "在职"
        RETIRED = "retired", "退休"
        LEFT_OFFICE = "left_office", "离休"
        LEFT = "left", "离职"
        DECEASED = "deceased", "已故"

    class ModelWorker(models.TextChoices):
        NONE = "", "否"
        NATIONAL = "national", "全国劳动模范"
        PROVINCIAL = "provincial", "省部级劳动模范"
        MUNICIPAL = "municipal", "市级劳动模范"
        DISTRICT = "district", "区县级劳动模范"
        ENTERPRISE = "enterprise", "企业级劳动模范"

    class HardshipLevel(models.TextChoices):
        NONE = "", "否"
        ORDINARY = "ordinary", "一般困难"
        DEEP = "deep", "深度困难"

    class MemberStatus(models.TextChoices):
        NONE = "none", "非会员"
        PENDING = "pending", "申请入会中"
        ACTIVE = "active", "会员"
        TRANSFERRING = "transferring", "转会中"
        WITHDRAWN = "withdrawn", "已退会"
        TRANSFERRED_OUT = "transferred_out", "已转出"
        DECEASED = "deceased", "已故"

    objects = VersionedQuerySet.as_manager()

    org = models.ForeignKey(Organization, verbose_name="所在组织", on_delete=models.PROTECT, related_name="people")
    name = models.CharField("姓名", max_length=NAME_MAX_LENGTH)
    # Derived from the name (core.pinyin.name_pinyin), sized from it: every name the name column takes fits.
    name_pinyin = models.CharField("姓名全拼", max_length=NAME_MAX_LENGTH * MAX_LETTERS_PER_CHAR, editable=False,
                                   db_index=True)
    name_initials = models.CharField("姓名首字母", max_length=NAME_MAX_LENGTH, editable=False, db_index=True)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="汉族")
    birth_date = models.DateField("出生日期", null=True, blank=True)
    id_number = models.CharField("身份证号", max_length=18, null=True, blank=True, unique=True)
    phone = models.CharField("手机", max_length=11, blank=True, db_index=True)
    education = models.CharField("学历", max_length=16, choices=Education.choices, blank=True)
    political_status = models.CharField("政治面貌", max_length=16, choices=Political.choices, blank=True)
    employment_type = models.CharField("用工形式", max_length=16, choices=Employment.choices, blank=True)
    work_status = models.CharField("在职状态", max_length=16, choices=WorkStatus.choices, default=WorkStatus.SERVING)
    department = models.CharField("部门", max_length=100, blank=True)
    post = models.CharField("岗位", max_length=100, blank=True)
    work_started_on = models.DateField("参加工作时间", null=True, blank=True)
    hired_on = models.DateField("入职日期", null=True, blank=True)
    retired_on = models.DateField("退休日期", null=True, blank=True)
    left_on = models.DateField("离职日期", null=True, blank=True)
    died_on = models.DateField("去世日期", null=True, blank=True)
    base_salary = models.DecimalField("月基本工资(元)", max_digits=10, decimal_places=2, null=True, blank=True)
    model_worker = models.CharField("劳动模范", max_length=16, choices=ModelWorker.choices, blank=True, default="")
    hardship_level = models.CharField("困难职工", max_length=16, choices=HardshipLevel.choices, blank=True, default="")
    is_military_family = models.BooleanField("军烈属", default=False)
    is_returned_overseas = models.BooleanField("归侨侨眷", default=False)
    is_only_child_parent = models.BooleanField("独生子女父母", default=False)
    member_status = models.CharField(
        "会籍状态", max_length=16, choices=MemberStatus.choices, default=MemberStatus.NONE, db_index=True
    )
    member_no = models.CharField("会员编号", max_length=32, blank=True, db_index=True)
    joined_on = models.DateField("入会日期", null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Search by the last digits (members.filtersets.search_q): the database keeps these reversed copies itself,
    # on every write by any path (forms, API, import, bulk SQL), each as wide as its source.
    id_number_reversed = _reversed_column("id_number", id_number.max_length, "身份证号（倒序）")
    phone_reversed = _reversed_column("phone", phone.max_length, "手机（倒序）")
    member_no_reversed = _reversed_column("member_no", member_no.max_length, "会员编号（倒序）")

    audit_exclude = ("version", "updated_at", "created_at", "name_pinyin", "name_initials",
                     "id_number_reversed", "phone_reversed", "member_no_reversed")
    audit_masked = ("id_number", "phone")

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name_pinyin", "id"]
        # Tuned for the person list on 200,000 people (bench/list_pages.py, members.selectors.person_list,
        # members.tables.PersonTable): the scope arrives as `org_id IN (…)` and the usual filters are index
        # columns, so counts are read from the indexes alone; each index ends with name_pinyin so that the ids of
        # one page in name order are found without reading the rows (the rows of those 50 ids are read next).
        # name_pinyin's own index (with the id) gives the unfiltered order; birth_date's gives the age order.
        # A name substring (LIKE '%张%', which no b-tree can seek) is counted and paged from person_org_pinyin_name
        # alone: a few MB of (org, pinyin, name) entries are read instead of every 1 KB person row. The reversed
        # columns answer "ends with" for ID numbers, phones and member numbers (members.filtersets.search_q).
        indexes = [
            models.Index(fields=["org", "member_status", "gender", "birth_date", "work_status", "name_pinyin"],
                         name="person_list_filters"),
            # include: PostgreSQL keeps the id in the index too (SQLite's indexes always hold the rowid).
            models.Index(fields=["org", "name_pinyin", "name"], include=["id"], name="person_org_pinyin_name"),
            models.Index(fields=["joined_on", "org", "name_pinyin"], name="person_joined_on_org"),
            models.Index(fields=["birth_date", "org", "name_pinyin"], name="person_birth_date_org"),
            models.Index(fields=["id_number_reversed"], name="person_id_number_reversed"),
            models.Index(fields=["phone_reversed"], name="person_phone_reversed"),
            models.Index(fields=["member_no_reversed"], name="person_member_no_reversed"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("members:person_detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        self.name_pinyin, self.name_initials = name_pinyin(self.name)
        super().save(*args, **kwargs)

    @property
    def is_member(self) -> bool:
        return self.member_status in (self.MemberStatus.ACTIVE, self.MemberStatus.TRANSFERRING)

    def age_on(self, day: datetime.date | None = None) -> int | None:
        if not self.birth_date:
            return None
        day = day or localdate()
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def age(self) -> int | None:
        return self.age_on()

    @property
    def categories(self) -> list[str]:
        labels = []
        if self.gender == Gender.FEMALE:
            labels.append("女职工")
        if self.model_worker:
            labels.append(self.get_model_worker_display())
        if self.hardship_level:
            labels.append("困难职工")
        if self.is_military_family:
            labels.append("军烈属")
        if self.is_returned_overseas:
            labels.append("归侨侨眷")
        if self.is_only_child_parent:
            labels.append("独生子女父母")
        if self.work_status in (self.WorkStatus.RETIRED, self.WorkStatus.LEFT_OFFICE):
            labels.append(self.get_work_status_display())
        if self.employment_type in (self.Employment.MIGRANT, self.Employment.DISPATCHED):
            labels.append(self.get_employment_type_display())
        return labels


class FamilyMember(AuditedModel):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", "配偶"
        CHILD = "child", "子女"
        FATHER = "father", "父亲"
        MOTHER = "mother", "母亲"
        FATHER_IN_LAW = "father_in_law", "岳父/公公"
        MOTHER_IN_LAW = "mother_in_law", "岳母/婆婆"
        OTHER = "other", "其他"

    person = models.ForeignKey(Person, verbose_name="职工", on_delete=models.CASCADE, related_name="family")
    relation = models.CharField("关系", max_length=16, choices=Relation.choices)
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    phone = models.CharField("电话", max_length=20, blank=True)
    workplace = models.CharField("工作单位/学校", max_length=100, blank=True)
    is_deceased = models.BooleanField("已故", default=False)
    note = models.CharField("备注", max_length=200, blank=True)

    audit_masked = ("id_number", "phone")

    class Meta:
        verbose_name = "家属"
        verbose_name_plural = "家属"
        ordering = ["person", "relation", "birth_date"]

    def __str__(self) -> str:
        return f"{self.name}（{self.person.name}的{self.get_relation_display()}）"

    def audit_org_path(self) -> str:
        return self.person.org.path


class Membership(AuditedModel):
    """One period of membership in one union: from approval until transfer, withdrawal or death.

    A member's history is the sequence of these periods; nothing is overwritten, so a figure for 2024 computed
    in 2026 still finds who was a member of which union on which day.
    """

    class EndReason(models.TextChoices):
        TRANSFERRED = "transferred", "转出"
        WITHDRAWN = "withdrawn", "退会"
        DECEASED = "deceased", "去世"
        REMOVED = "removed", "除名"

    objects = VersionedQuerySet.as_manager()

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="memberships")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="memberships")
    member_no = models.CharField("会员编号", max_length=32, blank=True)
    applied_on = models.DateField("申请日期", null=True, blank=True)
    started_on = models.DateField("入会/转入日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    end_reason = models.CharField("结束原因", max_length=16, choices=EndReason.choices, blank=True)
    via_transfer = models.ForeignKey("Transfer", verbose_name="由转会转入", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "会籍"
        verbose_name_plural = "会籍"
        ordering = ["person", "started_on"]
        indexes = [models.Index(fields=["org", "started_on", "ended_on"], name="membership_org_period")]
        constraints = [
            # At most one open membership per person: the database refuses a second one even under a race.
            models.UniqueConstraint(fields=["person"], condition=models.Q(ended_on__isnull=True),
                                    name="membership_one_open_per_person"),
            models.UniqueConstraint(fields=["org", "member_no"], condition=~models.Q(member_no=""),
                                    name="membership_member_no_unique_in_org"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} @ {self.org.name} {self.started_on}–{self.ended_on or ''}"

    def audit_org_path(self) -> str:
        return self.org.path


class MembershipEvent(AuditedModel):
    """The dated log of everything that happened to a person's membership, shown on the member's page."""

    class Kind(models.TextChoices):
        APPLY = "apply", "申请入会"
        JOIN = "join", "批准入会"
        REJECT = "reject", "入会申请未批准"
        TRANSFER_OUT = "transfer_out", "申请转出"
        TRANSFER_IN = "transfer_in", "转入"
        TRANSFER_REJECTED = "transfer_rejected", "转会被拒收"
        TRANSFER_CANCELLED = "transfer_cancelled", "撤回转会"
        RETIRE = "retire", "退休（转退休会员管理）"
        WITHDRAW = "withdraw", "退会"
        DEATH = "death", "去世"
        REJOIN = "rejoin", "重新入会"

    objects = VersionedQuerySet.as_manager()

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="membership_events")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("事项", max_length=24, choices=Kind.choices)
    occurred_on = models.DateField("日期")
    other_org = models.ForeignKey(Organization, verbose_name="对方工会", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    other_org_name = models.CharField("对方工会（系统外）", max_length=100, blank=True)
    member_no = models.CharField("会员编号", max_length=32, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "会籍变动"
        verbose_name_plural = "会籍变动"
        ordering = ["person", "occurred_on", "id"]
        indexes = [models.Index(fields=["org", "kind", "occurred_on"], name="mevent_org_kind_date")]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.person.name} {self.get_kind_display()}"

    def audit_org_path(self) -> str:
        return self.org.path


class Transfer(AuditedModel):
    """A transfer of membership (转会) from one union to another, accepted or refused by the receiving union.

    Until the receiving union accepts, the person stays a member of the sending union: nobody is ever between
    unions with no membership, and nobody is a member of two.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待接收"
        ACCEPTED = "accepted", "已接收"
        REJECTED = "rejected", "已拒收"
        CANCELLED = "cancelled", "已撤回"
        OUTSIDE = "outside", "转出系统外"

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="transfers")
    from_org = models.ForeignKey(Organization, verbose_name="转出工会", on_delete=models.PROTECT, related_name="transfers_out")
    to_org = models.ForeignKey(Organization, verbose_name="转入工会", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="transfers_in")
    to_org_name = models.CharField("转入工会（系统外）", max_length=100, blank=True)
    requested_on = models.DateField("转出日期")
    reason = models.CharField("转会原因", max_length=200, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_on = models.DateField("处理日期", null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", verbose_name="处理人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_note = models.CharField("处理意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "转会"
        verbose_name_plural = "转会"
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="pending"),
                                    name="transfer_one_pending_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}：{self.from_org} → {self.to_org or self.to_org_name}"

    def audit_org_path(self) -> str:
        return self.from_org.path


def _import_upload_to(instance: "ImportBatch", filename: str) -> str:
    """Stored under MEDIA_ROOT/imports/ with a random name: the original name is kept in the record only."""
    import uuid

    from django.utils import timezone

    suffix = {"xlsx": ".xlsx", "xls": ".xls", "csv": ".csv"}.get(instance.file_kind, "")
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ImportBatch(models.Model):
    """One uploaded file on its way in, for any kind of import (`kind`: the key of its `core.importing.Importer`;
    "members" for rosters): validated, then committed, failed, discarded or expired (left waiting longer than
    GONGHUI_IMPORT_TTL_HOURS: `gonghui import --sweep`).

    The file itself is kept in storage (app servers are stateless) and read again at commit. Errors are stored up
    to a cap (`MAX_STORED_ERRORS`) but all are counted.
    """

    MAX_STORED_ERRORS = 5000

    class Status(models.TextChoices):
        VALIDATED = "validated", "已校验待确认"
        COMMITTED = "committed", "已导入"
        FAILED = "failed", "导入失败"
        DISCARDED = "discarded", "已放弃"
        EXPIRED = "expired", "已过期"

    class Mode(models.TextChoices):
        ALL = "all", "全部导入（有一行有误则都不导入）"
        VALID_ONLY = "valid_only", "只导入无误的行"

    kind = models.CharField("导入类别", max_length=32, default="members", db_index=True)
    org = models.ForeignKey(Organization, verbose_name="导入到组织", on_delete=models.PROTECT,
                            related_name="import_batches")
    created_by = models.ForeignKey("accounts.User", verbose_name="上传人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)
    source = models.CharField("渠道", max_length=16, default="web")
    original_name = models.CharField("原文件名", max_length=255)
    file = models.FileField("文件", upload_to=_import_upload_to, max_length=255, blank=True)
    file_kind = models.CharField("文件类型", max_length=8)
    file_size = models.PositiveBigIntegerField("文件大小（字节）", default=0)
    sha256 = models.CharField("文件摘要", max_length=64, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.VALIDATED, db_index=True)
    mode = models.CharField("导入方式", max_length=16, choices=Mode.choices, blank=True)
    total_rows = models.PositiveIntegerField("数据行数", default=0)
    new_count = models.PositiveIntegerField("新增人数", default=0)
    updated_count = models.PositiveIntegerField("更新人数", default=0)
    unchanged_count = models.PositiveIntegerField("无变化人数", default=0)
    joined_count = models.PositiveIntegerField("办理入会人数", default=0)
    rejected_count = models.PositiveIntegerField("有误行数", default=0)
    error_count = models.PositiveIntegerField("错误条数", default=0)
    errors = models.JSONField("错误明细", default=list, blank=True)
    preview = models.JSONField("预览", default=list, blank=True)
    ignored_columns = models.JSONField("未识别的列", default=list, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)
    committed_by = models.ForeignKey("accounts.User", verbose_name="确认人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="importbatch_waiting_idx")]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    def get_absolute_url(self) -> str:
        from gonghui.core import importing

        return importing.get(self.kind).url("preview", self.pk)

    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def valid_count(self) -> int:
        return self.total_rows - self.rejected_count

    @property
    def errors_truncated(self) -> bool:
        return self.error_count > len(self.errors)


class DataVersion(models.Model):
    """The change token of members.versioning (one row, id 1)."""

    value = models.BigIntegerField("变更标记", default=0)

    class Meta:
        verbose_name = "数据版本"
        verbose_name_plural = "数据版本"
