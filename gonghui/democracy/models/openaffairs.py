"""Open affairs (厂务公开 / 校务公开 / 局务公开 / 院务公开): what the employer made public to its workers, with the
category, channel, date, content, attachments and who approved the publication; the union's yearly list of
categories that must be made public (with how often); members read the published items in their portal.

- The practice's name follows the union (a school says 校务公开, a bureau 局务公开, a hospital 院务公开, a company
  厂务公开): an `OpenAffairsSetting` row on the union (or an ancestor) says it; without one it is derived from the
  data (a 教代会 congress, the union's or employer's name) — see selectors.openaffairs.practice_of.
- An item is a draft until published (status), and can be withdrawn (it then counts nowhere and members lose it).
  Items published from another area (the funds ledger's 财务收支 / 业务招待费) carry `source` and `source_ref`:
  one item per source record (a unique constraint), so publishing again changes nothing.
- `OpenAffairsRequirement` rows are the yearly list (清单): one per union, year and category, with a frequency
  (every year, half-year or quarter). A requirement is met for a sub-period when a published item of that
  category of the union has its date inside it.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import Attachment, AuditedModel, random_upload_name
from gonghui.orgs.models import Organization

__all__ = ["Practice", "OpenAffairsCategory", "OpenAffairsChannel", "OpenAffairsSetting", "OpenAffairsItem",
           "OpenAffairsAttachment", "OpenAffairsRead", "OpenAffairsRequirement"]


class Practice(models.TextChoices):
    """How the union calls the practice (the page titles and the summary's wording use it)."""

    FACTORY = "factory", "厂务公开"
    ENTERPRISE = "enterprise", "企务公开"
    SCHOOL = "school", "校务公开"
    BUREAU = "bureau", "局务公开"
    HOSPITAL = "hospital", "院务公开"
    GOVERNMENT = "government", "政务公开"


class OpenAffairsCategory(models.TextChoices):
    FINANCE = "finance", "财务收支"
    WELFARE = "welfare", "福利发放"
    HONOURS = "honours", "评先评优"
    TITLES = "titles", "职称评聘"
    PERFORMANCE = "performance", "绩效分配"
    RECRUITMENT = "recruitment", "招聘录用"
    PROCUREMENT = "procurement", "重大采购"
    HOSPITALITY = "hospitality", "业务招待费"
    INSURANCE = "insurance", "社会保险缴纳"
    SAFETY = "safety", "安全生产"
    DECISIONS = "decisions", "重大决策"
    APPOINTMENTS = "appointments", "干部任免"
    OTHER = "other", "其他"


class OpenAffairsChannel(models.TextChoices):
    BOARD = "board", "公开栏"
    CONGRESS = "congress", "职代会"
    INTRANET = "intranet", "内网"
    MEETING = "meeting", "会议"


class OpenAffairsSetting(AuditedModel):
    org = models.OneToOneField(Organization, verbose_name="工会", on_delete=models.CASCADE, related_name="+")
    practice = models.CharField("公开工作名称", max_length=16, choices=Practice.choices,
                                help_text="学校称校务公开，机关称局务公开，医院称院务公开，企业称厂务公开")

    class Meta:
        verbose_name = verbose_name_plural = "公开工作设置"

    def __str__(self) -> str:
        return f"{self.org}：{self.get_practice_display()}"


class OpenAffairsItem(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已公开"
        WITHDRAWN = "withdrawn", "已撤回"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("公开事项", max_length=120)
    category = models.CharField("公开类别", max_length=16, choices=OpenAffairsCategory.choices)
    channel = models.CharField("公开形式", max_length=16, choices=OpenAffairsChannel.choices,
                               default=OpenAffairsChannel.BOARD)
    published_on = models.DateField("公开日期")
    content = models.TextField("公开内容")
    approved_by = models.CharField("审核批准", max_length=100,
                                   help_text="批准公开的领导或机构，如：厂务公开领导小组（组长 张明）")
    approved_on = models.DateField("批准日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.CharField("撤回原因", max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    source = models.CharField("来源", max_length=32, blank=True, help_text="由其他业务发布时的来源，如 funds.ledger")
    source_ref = models.CharField("来源记录", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公开事项"
        ordering = ["-published_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "source", "source_ref"], condition=~Q(source=""),
                                               name="democracy_openaffairs_one_per_source")]
        indexes = [models.Index(fields=["org", "status", "published_on"], name="democracy_oa_org_status_day"),
                   models.Index(fields=["status", "published_on"], name="democracy_oa_status_day")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("democracy:openaffairs_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


def openaffairs_attachment_path(instance, filename: str) -> str:
    return random_upload_name(f"democracy/openaffairs/{instance.item_id}", filename)


class OpenAffairsAttachment(Attachment):
    item = models.ForeignKey(OpenAffairsItem, verbose_name="公开事项", on_delete=models.CASCADE,
                             related_name="attachments")
    file = models.FileField("附件", upload_to=openaffairs_attachment_path, max_length=255)
    size = models.PositiveIntegerField("大小（字节）", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "公开事项附件"
        ordering = ["item", "id"]


class OpenAffairsRead(models.Model):
    """A member opened a published item (the first time). Not audited: the row is the record."""

    item = models.ForeignKey(OpenAffairsItem, verbose_name="公开事项", on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="阅读人", on_delete=models.CASCADE,
                             related_name="+")
    read_at = models.DateTimeField("阅读时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公开事项阅读记录"
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="democracy_openaffairs_read_once")]


class OpenAffairsRequirement(AuditedModel):
    class Frequency(models.TextChoices):
        YEARLY = "yearly", "每年"
        HALF_YEARLY = "half", "每半年"
        QUARTERLY = "quarterly", "每季度"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    category = models.CharField("公开类别", max_length=16, choices=OpenAffairsCategory.choices)
    frequency = models.CharField("公开频次", max_length=16, choices=Frequency.choices, default=Frequency.YEARLY)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "应公开事项清单"
        ordering = ["org", "-year", "category"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "category"],
                                               name="democracy_openaffairs_requirement_once")]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_category_display()}（{self.get_frequency_display()}）"
