"""Tables of the workers' home lists (django-tables2; rendered with core/table.html)."""
from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.timezone import localdate

from .models import Asset, Book, Booking, EquipmentLoan, Loan

ATTRS = {"class": "table table-hover table-sm align-middle bg-white"}


class BookTable(tables.Table):
    title = tables.Column(verbose_name="书名", linkify=("workershome:book_detail", {"pk": tables.A("pk")}))
    author = tables.Column(verbose_name="作者")
    publisher = tables.Column(verbose_name="出版社")
    isbn = tables.Column(verbose_name="ISBN")
    category = tables.Column(verbose_name="分类")
    copies_count = tables.Column(verbose_name="册数", attrs={"td": {"class": "text-end"}})
    shelf_count = tables.Column(verbose_name="在架", attrs={"td": {"class": "text-end"}})
    org = tables.Column(verbose_name="所属", accessor="org__name", order_by=("org__path", "title"))

    class Meta:
        model = Book
        template_name = "core/table.html"
        fields = ("title", "author", "publisher", "isbn", "category", "copies_count", "shelf_count", "org")
        attrs = ATTRS
        order_by = ("title",)


class LoanTable(tables.Table):
    book = tables.Column(verbose_name="书名", accessor="copy__book__title",
                         linkify=lambda record: record.copy.book.get_absolute_url())
    barcode = tables.Column(verbose_name="条码号", accessor="copy__barcode")
    person = tables.Column(verbose_name="借阅人", accessor="person__name")
    lent_on = tables.DateColumn(verbose_name="借出", format="Y-m-d")
    due_on = tables.DateColumn(verbose_name="应还", format="Y-m-d")
    returned_on = tables.Column(verbose_name="归还", default="")
    actions = tables.TemplateColumn(template_name="workershome/_loan_actions.html", verbose_name="", orderable=False)

    class Meta:
        model = Loan
        template_name = "core/table.html"
        fields = ("book", "barcode", "person", "lent_on", "due_on", "returned_on", "actions")
        attrs = ATTRS
        order_by = ("-lent_on",)

    def render_returned_on(self, record, value):
        return f"{value:%Y-%m-%d}"

    def render_due_on(self, record, value):
        if record.returned_on is None and value < localdate():
            return format_html('<span class="text-danger">{} 逾期{}天</span>', f"{value:%Y-%m-%d}",
                               (localdate() - value).days)
        return f"{value:%Y-%m-%d}"


class BookingTable(tables.Table):
    room = tables.Column(verbose_name="场地", accessor="room__name",
                         linkify=lambda record: record.room.get_absolute_url())
    starts_at = tables.DateTimeColumn(verbose_name="开始", format="Y-m-d H:i")
    ends_at = tables.DateTimeColumn(verbose_name="结束", format="H:i")
    purpose = tables.Column(verbose_name="用途")
    person = tables.Column(verbose_name="预约人", accessor="person__name", default="工会")
    status = tables.Column(verbose_name="状态")
    actions = tables.TemplateColumn(template_name="workershome/_booking_actions.html", verbose_name="",
                                    orderable=False)

    class Meta:
        model = Booking
        template_name = "core/table.html"
        fields = ("room", "starts_at", "ends_at", "purpose", "person", "status", "actions")
        attrs = ATTRS
        order_by = ("-starts_at",)


class EquipmentLoanTable(tables.Table):
    equipment = tables.Column(verbose_name="器材", accessor="equipment__name")
    kind = tables.Column(verbose_name="类别")
    quantity = tables.Column(verbose_name="数量")
    person = tables.Column(verbose_name="借用人", accessor="person__name")
    lent_on = tables.DateColumn(verbose_name="借出", format="Y-m-d")
    due_on = tables.DateColumn(verbose_name="应还", format="Y-m-d")
    returned_on = tables.DateColumn(verbose_name="归还", format="Y-m-d", default="")
    actions = tables.TemplateColumn(template_name="workershome/_eqloan_actions.html", verbose_name="",
                                    orderable=False)

    class Meta:
        model = EquipmentLoan
        template_name = "core/table.html"
        fields = ("equipment", "kind", "quantity", "person", "lent_on", "due_on", "returned_on", "actions")
        attrs = ATTRS
        order_by = ("-lent_on",)


class AssetTable(tables.Table):
    code = tables.Column(verbose_name="资产编号")
    name = tables.Column(verbose_name="名称")
    kind = tables.Column(verbose_name="类别")
    quantity = tables.Column(verbose_name="数量", attrs={"td": {"class": "text-end"}})
    unit_value = tables.Column(verbose_name="单价（元）", attrs={"td": {"class": "text-end"}})
    source = tables.Column(verbose_name="来源")
    acquired_on = tables.DateColumn(verbose_name="取得日期", format="Y-m-d")
    place = tables.Column(verbose_name="存放地点")
    state = tables.Column(verbose_name="状态")

    class Meta:
        model = Asset
        template_name = "core/table.html"
        fields = ("code", "name", "kind", "quantity", "unit_value", "source", "acquired_on", "place", "state")
        attrs = ATTRS
        order_by = ("code",)

    def render_quantity(self, record, value):
        return f"{value}{record.unit}"
