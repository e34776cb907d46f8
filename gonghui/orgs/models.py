"""The union tree, committees, terms, positions and elections."""
from __future__ import annotations

from django.db import models

from gonghui.core.models import AuditedModel

PATH_STEP = 8  # each level of the materialised path is a 7-digit number (core.Sequence "org_path") plus "/"


class Organization(AuditedModel):
    """A union organisation at any level, from a federation to a union group.

    `path` is a materialised path ("0000001/0000004/", one segment per level) so that a whole subtree is one indexed prefix query
    on SQLite and PostgreSQL alike.
    """

    class Kind(models.TextChoices):
        FEDERATION = "federation", "总工会"
        INDUSTRY = "industry", "产业/集团工会"
        GRASSROOTS = "grassroots", "基层工会"
        JOINT = "joint", "联合工会"
        BRANCH = "branch", "分工会"
        SUB_BRANCH = "sub_branch", "二级分会"
        SUB_SUB_BRANCH = "sub_sub_branch", "三级分会"
        GROUP = "group", "工会小组"

    class Status(models.TextChoices):
        ACTIVE = "active", "正常"
        CLOSED = "closed", "已撤销"

    # Unions in their own right (they report to their parent); the other kinds are parts of a union.
    UNION_KINDS = (Kind.FEDERATION, Kind.INDUSTRY, Kind.GRASSROOTS, Kind.JOINT)

    code = models.CharField("组织代码", max_length=32, unique=True)
    name = models.CharField("组织名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("组织类型", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级组织", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField("路径", max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField("层级", default=0, editable=False)
    employer = models.CharField("所在单位", max_length=100, blank=True)
    employer_credit_code = models.CharField("单位统一社会信用代码", max_length=18, blank=True)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    legal_person_registered = models.BooleanField("已取得法人资格", default=False)
    legal_person_cert_no = models.CharField("法人资格证书号", max_length=50, blank=True)
    legal_person_registered_on = models.DateField("法人资格登记日期", null=True, blank=True)
    party_org = models.CharField("所在党组织", max_length=100, blank=True, help_text="如：XX公司党委，用于工作总结开头")
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    accepts_unaffiliated = models.BooleanField(
        "接收未建会单位职工入会", default=False,
        help_text="网上入会时，单位尚未建立工会的职工可申请加入本工会（如区总工会的新就业形态/未建会单位职工工会）")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField("撤销日期", null=True, blank=True)
    closed_reason = models.CharField("撤销原因", max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    audit_exclude = ("version",)

    class Meta:
        verbose_name = "工会组织"
        verbose_name_plural = "工会组织"
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "name"], name="org_children_by_name")]

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.path

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("orgs:detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def subtree(self):
        """This organisation and everything below it."""
        return Organization.objects.filter(path__startswith=self.path)

    def ancestors(self):
        prefixes = [self.path[: i + PATH_STEP] for i in range(0, len(self.path) - PATH_STEP, PATH_STEP)]
        return Organization.objects.filter(path__in=prefixes).order_by("depth")

    def is_in_subtree_of(self, other: "Organization") -> bool:
        return self.path.startswith(other.path)


class Term(AuditedModel):
    """A term (届) of an organisation's committee."""

    org = models.ForeignKey(Organization, verbose_name="组织", on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField("届次")
    starts_on = models.DateField("任期开始")
    ends_on = models.DateField("任期届满", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "届次"
        verbose_name_plural = "届次"
        ordering = ["org", "-number"]
        constraints = [models.UniqueConstraint(fields=["org", "number"], name="term_unique_number")]

    def __str__(self) -> str:
        return f"第{self.number}届"


class Election(AuditedModel):
    """An election (换届选举) or by-election (增补) and its result."""

    class Kind(models.TextChoices):
        GENERAL = "general", "换届选举"
        BY_ELECTION = "by_election", "增补选举"

    org = models.ForeignKey(Organization, verbose_name="组织", on_delete=models.CASCADE, related_name="elections")
    term = models.ForeignKey(Term, verbose_name="届次", on_delete=models.PROTECT, related_name="elections")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    held_on = models.DateField("选举日期")
    approved_by_upper_on = models.DateField("上级批复日期", null=True, blank=True)
    electorate = models.PositiveIntegerField("应到人数", null=True, blank=True)
    attendance = models.PositiveIntegerField("实到人数", null=True, blank=True)
    result = models.TextField("选举结果", blank=True)

    class Meta:
        verbose_name = "选举"
        verbose_name_plural = "选举"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"


class Position(AuditedModel):
    """A person holding a position for a time. Ending a position sets `ends_on`; history is never removed."""

    class Title(models.TextChoices):
        CHAIR = "chair", "工会主席"
        VICE_CHAIR = "vice_chair", "工会副主席"
        FULLTIME_VICE_CHAIR = "fulltime_vice_chair", "专职副主席"
        COMMITTEE = "committee", "委员"
        WOMEN_DIRECTOR = "women_director", "女职工委员会主任"
        AUDIT_DIRECTOR = "audit_director", "经审委员会主任"
        AUDIT_MEMBER = "audit_member", "经审委员"
        WOMEN_MEMBER = "women_member", "女职工委员"
        GROUP_LEADER = "group_leader", "工会小组长"
        ACTIVIST = "activist", "工会积极分子"
        INFORMANT = "informant", "信息员"
        SAFETY_INSPECTOR = "safety_inspector", "劳动保护监督检查员"

    org = models.ForeignKey(Organization, verbose_name="组织", on_delete=models.CASCADE, related_name="positions")
    person = models.ForeignKey("members.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="positions")
    title = models.CharField("职务", max_length=24, choices=Title.choices)
    term = models.ForeignKey(Term, verbose_name="届次", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="positions")
    election = models.ForeignKey(Election, verbose_name="产生方式", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="positions")
    starts_on = models.DateField("任职日期")
    ends_on = models.DateField("离任日期", null=True, blank=True)
    end_reason = models.CharField("离任原因", max_length=100, blank=True)
    is_fulltime = models.BooleanField("专职", default=False)

    class Meta:
        verbose_name = "职务"
        verbose_name_plural = "职务"
        ordering = ["org", "title", "-starts_on"]
        indexes = [models.Index(fields=["org", "ends_on"], name="position_current_by_org")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_title_display()}"

    @property
    def is_current(self) -> bool:
        return self.ends_on is None
