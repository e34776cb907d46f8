import django_tables2 as tables

from .models_notices import Notice

ATTRS = {"class": "table table-hover table-sm align-middle bg-white"}


class NoticeTable(tables.Table):
    title = tables.Column(verbose_name="标题", linkify=("portal:notice_manage_detail", {"pk": tables.A("pk")}))
    org = tables.Column(verbose_name="发布单位", accessor="org__name", order_by=("org__path", "id"))
    status = tables.Column(verbose_name="状态")
    pinned = tables.BooleanColumn(verbose_name="置顶", yesno="是,")
    publish_on = tables.DateColumn(verbose_name="发布日期", format="Y-m-d")
    expires_on = tables.DateColumn(verbose_name="截止日期", format="Y-m-d")

    class Meta:
        model = Notice
        template_name = "core/table.html"
        attrs = ATTRS
        fields = ("title", "org", "status", "pinned", "publish_on", "expires_on")
