import django_tables2 as tables
from django.utils.html import format_html

from .models import Organization


class OrganizationTable(tables.Table):
    name = tables.Column(verbose_name="组织名称", linkify=True, order_by=("path",))
    code = tables.Column(verbose_name="组织代码")
    kind = tables.Column(verbose_name="类型")
    parent = tables.Column(verbose_name="上级组织", accessor="parent__name")
    employer = tables.Column(verbose_name="所在单位")
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = Organization
        fields = ("name", "code", "kind", "parent", "employer", "status")
        attrs = {"class": "table table-hover table-sm align-middle bg-white", "id": "org-table"}
        order_by = ("name",)

    def render_name(self, record, value):
        # Indented by level with a class (core/app.css: .tree-depth-1…8; deeper levels stop at 8): no style="".
        return format_html('<span class="tree-depth-{}">{}</span>', min(record.depth, 8), value)
