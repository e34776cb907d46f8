import django_tables2 as tables
from django.utils.html import format_html

from gonghui.core.masking import mask_id_number, mask_phone

from .models import Person

STATUS_BADGE = {
    "active": "success", "pending": "warning", "transferring": "info", "none": "secondary",
    "withdrawn": "secondary", "transferred_out": "secondary", "deceased": "dark",
}


class PersonTable(tables.Table):
    pk = tables.CheckBoxColumn(accessor="pk", attrs={"th__input": {"name": "select-all", "aria-label": "全选"},
                                                     "td__input": {"name": "pk"}})
    name = tables.Column(verbose_name="姓名", linkify=("members:person_detail", {"pk": tables.A("pk")}),
                         order_by=("name_pinyin",))
    gender = tables.Column(verbose_name="性别")
    birth_date = tables.Column(verbose_name="年龄", order_by=("-birth_date",))
    org = tables.Column(verbose_name="所在组织", accessor="org__name", order_by=("org__path",))
    department = tables.Column(verbose_name="部门")
    member_status = tables.Column(verbose_name="会籍")
    member_no = tables.Column(verbose_name="会员编号")
    phone = tables.Column(verbose_name="手机", orderable=False)
    id_number = tables.Column(verbose_name="身份证号", orderable=False)

    class Meta:
        model = Person
        fields = ("pk", "name", "gender", "birth_date", "org", "department", "member_status", "member_no", "phone", "id_number")
        attrs = {"class": "table table-hover table-sm align-middle bg-white", "id": "person-table"}
        order_by = ("name",)

    def render_birth_date(self, record):
        return record.age if record.age is not None else "—"

    def render_member_status(self, record, value):
        return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_BADGE.get(record.member_status, "secondary"), value)

    def render_phone(self, value):
        return format_html('<span class="masked">{}</span>', mask_phone(value))

    def render_id_number(self, value):
        return format_html('<span class="masked">{}</span>', mask_id_number(value))
