"""The reading room (职工书屋): a catalogue of titles (Book), the copies on the shelf (BookCopy, each with its own
barcode number), loans (Loan) and reservations (Reservation).

- `Book.org` is the union whose reading room holds it; the ISBN is stored in its 13-digit form, unique per union
  when given (the same book bought twice is one title with two copies).
- A copy's `source` (购置 / 捐赠 / 上级配送) and `acquired_on` give 藏书 by source at a date; a copy leaves the
  holdings when it is withdrawn (`withdrawn_on`: lost, worn out), never by deletion.
- A copy has at most one open loan: the database holds it (a unique constraint on the copy where `returned_on` is
  null), so two officers lending the same copy at once cannot both succeed.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

from .. import clc

__all__ = ["Source", "Book", "BookCopy", "Loan", "Reservation"]


class Source(models.TextChoices):
    PURCHASE = "purchase", "购置"
    DONATION = "donation", "捐赠"
    UPPER = "upper", "上级配送"


class Book(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("书名", max_length=200)
    author = models.CharField("作者", max_length=100, blank=True)
    publisher = models.CharField("出版社", max_length=100, blank=True)
    isbn = models.CharField("ISBN", max_length=13, blank=True, help_text="13位（10位ISBN自动换算）")
    category = models.CharField("中图法分类", max_length=1, choices=clc.CHOICES, blank=True)
    published_year = models.PositiveSmallIntegerField("出版年", null=True, blank=True)
    ebook_url = models.URLField("电子书链接", blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "图书"
        ordering = ["org", "title"]
        constraints = [models.UniqueConstraint(fields=["org", "isbn"], condition=~Q(isbn=""),
                                               name="workershome_book_isbn_unique")]
        indexes = [models.Index(fields=["org", "title"], name="workershome_book_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workershome:book_detail", kwargs={"pk": self.pk})

    @property
    def category_label(self) -> str:
        return clc.NAMES.get(self.category, "")


class BookCopy(AuditedModel):
    class State(models.TextChoices):
        SHELF = "shelf", "在架"
        OUT = "out", "借出"
        WITHDRAWN = "withdrawn", "已注销"

    book = models.ForeignKey(Book, verbose_name="图书", on_delete=models.PROTECT, related_name="copies")
    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    barcode = models.CharField("条码号", max_length=20)
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    donor = models.CharField("捐赠人（单位）", max_length=100, blank=True)
    acquired_on = models.DateField("入藏日期")
    price = models.DecimalField("定价（元）", max_digits=9, decimal_places=2, null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.SHELF)
    withdrawn_on = models.DateField("注销日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "馆藏册"
        ordering = ["book", "barcode"]
        constraints = [models.UniqueConstraint(fields=["org", "barcode"], name="workershome_copy_barcode_unique")]
        indexes = [models.Index(fields=["org", "acquired_on"], name="workershome_copy_acquired")]

    def __str__(self) -> str:
        return f"{self.book.title}（{self.barcode}）"


class Loan(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    copy = models.ForeignKey(BookCopy, verbose_name="册", on_delete=models.PROTECT, related_name="loans")
    person = models.ForeignKey("members.Person", verbose_name="借阅人", on_delete=models.PROTECT, related_name="+")
    lent_on = models.DateField("借出日期")
    due_on = models.DateField("应还日期")
    returned_on = models.DateField("归还日期", null=True, blank=True)
    renewals = models.PositiveSmallIntegerField("续借次数", default=0)
    lent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "借阅"
        ordering = ["-lent_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["copy"], condition=Q(returned_on__isnull=True),
                                               name="workershome_loan_one_open_per_copy")]
        indexes = [models.Index(fields=["org", "lent_on"], name="workershome_loan_lent"),
                   models.Index(fields=["person", "returned_on"], name="workershome_loan_person")]

    def __str__(self) -> str:
        return f"{self.copy} {self.lent_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.returned_on is None


class Reservation(AuditedModel):
    class Status(models.TextChoices):
        WAITING = "waiting", "预约中"
        LENT = "lent", "已借出"
        CANCELLED = "cancelled", "已取消"

    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    book = models.ForeignKey(Book, verbose_name="图书", on_delete=models.PROTECT, related_name="reservations")
    person = models.ForeignKey("members.Person", verbose_name="预约人", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField("预约时间", auto_now_add=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "图书预约"
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["book", "person"], condition=Q(status="waiting"),
                                               name="workershome_reservation_one_waiting")]

    def __str__(self) -> str:
        return f"{self.book.title} {self.get_status_display()}"
