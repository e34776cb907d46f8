"""Equipment lent from the home (器材借用): rackets, chess sets, balls — kinds with their count unit (副, 个, 套),
lent and returned like books, counted by kind ("借出羽毛球拍10副、象棋10副、围棋4副")."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

__all__ = ["EquipmentKind", "Equipment", "EquipmentLoan"]


class EquipmentKind(models.TextChoices):
    BADMINTON = "badminton", "羽毛球拍"
    TABLE_TENNIS = "tabletennis", "乒乓球拍"
    CHESS = "chess", "象棋"
    GO = "go", "围棋"
    CARDS = "cards", "扑克"
    BASKETBALL = "basketball", "篮球"
    FOOTBALL = "football", "足球"
    ROPE = "rope", "跳绳"
    OTHER = "other", "其他器材"


UNITS = {EquipmentKind.BADMINTON: "副", EquipmentKind.TABLE_TENNIS: "副", EquipmentKind.CHESS: "副",
         EquipmentKind.GO: "副", EquipmentKind.CARDS: "副", EquipmentKind.BASKETBALL: "个",
         EquipmentKind.FOOTBALL: "个", EquipmentKind.ROPE: "根", EquipmentKind.OTHER: "件"}


class Equipment(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("器材类别", max_length=12, choices=EquipmentKind.choices)
    name = models.CharField("名称", max_length=50, help_text="如 尤尼克斯羽毛球拍")
    quantity = models.PositiveIntegerField("数量")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "器材"
        ordering = ["org", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="workershome_equipment_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> str:
        return UNITS.get(self.kind, "件")


class EquipmentLoan(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    equipment = models.ForeignKey(Equipment, verbose_name="器材", on_delete=models.PROTECT, related_name="loans")
    kind = models.CharField("器材类别", max_length=12, choices=EquipmentKind.choices)
    person = models.ForeignKey("members.Person", verbose_name="借用人", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField("数量", default=1)
    lent_on = models.DateField("借出日期")
    due_on = models.DateField("应还日期")
    returned_on = models.DateField("归还日期", null=True, blank=True)
    lent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "器材借用"
        ordering = ["-lent_on", "-id"]
        indexes = [models.Index(fields=["org", "lent_on"], name="workershome_eqloan_lent")]

    def __str__(self) -> str:
        return f"{self.equipment.name}×{self.quantity} {self.lent_on:%Y-%m-%d}"
