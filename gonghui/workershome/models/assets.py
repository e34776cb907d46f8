"""The home's asset register (资产台账) and its yearly stock-take (盘点).

- `Asset`: item, kind, quantity and unit, unit value (Decimal, 元), source (购置 / 捐赠 with the donor / 上级配送), date,
  place, state, and a code (Z + 6 digits from the union's counter) printed on its label.
- `StockTake` (one per union and year) lists every asset with its quantity as expected; the officer records what was
  found and what is damaged; submitted, then approved by another officer — the approval writes the differences off
  (missing + damaged leave the register's quantity; an asset with nothing left becomes 已报废), keeping on each line
  what was written off and its value. Nothing is deleted.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

from .books import Source

__all__ = ["Asset", "StockTake", "StockTakeLine"]


class Asset(AuditedModel):
    class Kind(models.TextChoices):
        BOOKS = "books", "图书"
        SPORTS = "sports", "体育器材"
        ENTERTAINMENT = "entertainment", "文娱器材"
        FURNITURE = "furniture", "家具"
        APPLIANCE = "appliance", "电器"
        FITNESS = "fitness", "健身器材"
        OTHER = "other", "其他"

    class State(models.TextChoices):
        IN_USE = "in_use", "在用"
        IDLE = "idle", "闲置"
        WRITTEN_OFF = "written_off", "已报废"

    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("资产编号", max_length=20)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    quantity = models.PositiveIntegerField("数量")
    unit = models.CharField("单位", max_length=8, default="件")
    unit_value = models.DecimalField("单价（元）", max_digits=12, decimal_places=2, default=0)
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    donor = models.CharField("捐赠人（单位）", max_length=100, blank=True)
    acquired_on = models.DateField("取得日期")
    place = models.CharField("存放地点", max_length=100, blank=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.IN_USE)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "资产"
        ordering = ["org", "code"]
        constraints = [models.UniqueConstraint(fields=["org", "code"], name="workershome_asset_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def value(self):
        return self.unit_value * self.quantity


class StockTake(AuditedModel):
    class Status(models.TextChoices):
        OPEN = "open", "盘点中"
        SUBMITTED = "submitted", "待审批"
        APPROVED = "approved", "已审批核销"

    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    started_on = models.DateField("盘点日期")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="盘点人", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "资产盘点"
        ordering = ["org", "-year"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="workershome_stocktake_year_unique")]

    def __str__(self) -> str:
        return f"{self.year}年度资产盘点"


class StockTakeLine(AuditedModel):
    stocktake = models.ForeignKey(StockTake, verbose_name="盘点", on_delete=models.CASCADE, related_name="lines")
    asset = models.ForeignKey(Asset, verbose_name="资产", on_delete=models.PROTECT, related_name="+")
    expected = models.PositiveIntegerField("账面数量")
    found = models.PositiveIntegerField("实有数量", null=True, blank=True)
    damaged = models.PositiveIntegerField("损坏数量", default=0)
    written_off = models.PositiveIntegerField("核销数量", default=0)
    written_off_value = models.DecimalField("核销金额（元）", max_digits=12, decimal_places=2, default=0)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "盘点明细"
        ordering = ["stocktake", "asset__code"]
        constraints = [models.UniqueConstraint(fields=["stocktake", "asset"], name="workershome_stocktake_line_unique")]

    @property
    def missing(self) -> int:
        return 0 if self.found is None else max(0, self.expected - self.found)
