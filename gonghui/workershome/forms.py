"""Forms of the workers' home pages (the services check everything again)."""
from __future__ import annotations

import datetime

from django import forms

from gonghui.core.forms import StyledFormMixin

from . import clc
from .models import Asset, EquipmentKind, Room, Source

DATE = forms.DateInput(attrs={"type": "date"})
SCAN = {"autocomplete": "off", "inputmode": "text", "data-isbn-scan": "1",
        "placeholder": "扫描或输入ISBN / 册条码号"}


class BookForm(StyledFormMixin, forms.Form):
    isbn = forms.CharField(label="ISBN", max_length=30, required=False, widget=forms.TextInput(attrs=SCAN),
                           help_text="10位或13位，校验最后一位；可用手机摄像头扫描书背条码")
    title = forms.CharField(label="书名", max_length=200)
    author = forms.CharField(label="作者", max_length=100, required=False)
    publisher = forms.CharField(label="出版社", max_length=100, required=False)
    category = forms.ChoiceField(label="中图法分类", choices=[("", "请选择")] + clc.CHOICES, required=False)
    published_year = forms.IntegerField(label="出版年", min_value=1900, max_value=2100, required=False)
    ebook_url = forms.URLField(label="电子书链接", required=False, assume_scheme="https", help_text="电子书屋的阅读地址（可不填）")
    note = forms.CharField(label="备注", max_length=200, required=False)


class CopiesForm(StyledFormMixin, forms.Form):
    count = forms.IntegerField(label="册数", min_value=1, max_value=500, initial=1)
    source = forms.ChoiceField(label="来源", choices=Source.choices)
    donor = forms.CharField(label="捐赠人（单位）", max_length=100, required=False)
    acquired_on = forms.DateField(label="入藏日期", widget=DATE)
    price = forms.DecimalField(label="定价（元）", max_digits=9, decimal_places=2, min_value=0, required=False)


class NewBookForm(BookForm, CopiesForm):
    pass


class LendForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="ISBN / 册条码号", max_length=30, widget=forms.TextInput(attrs=SCAN))
    person = forms.CharField(label="借阅人", max_length=50, help_text="会员编号或姓名")


class ReturnForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="ISBN / 册条码号", max_length=30, widget=forms.TextInput(attrs=SCAN))


class ConfirmForm(StyledFormMixin, forms.Form):
    pass


class RoomForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="场地名称", max_length=50)
    kind = forms.ChoiceField(label="类型", choices=Room.Kind.choices)
    capacity = forms.IntegerField(label="容纳人数", min_value=1, required=False)
    opens_at = forms.TimeField(label="开放时间（起）", widget=forms.TimeInput(attrs={"type": "time"}),
                               initial=datetime.time(8, 30))
    closes_at = forms.TimeField(label="开放时间（止）", widget=forms.TimeInput(attrs={"type": "time"}),
                                initial=datetime.time(21, 0))
    weekdays = forms.CharField(label="开放日", max_length=7, initial="12345",
                               help_text="1–7（7为星期日），如 12345 为工作日，1234567 为每天")
    max_hours = forms.IntegerField(label="单次最长（小时）", min_value=1, max_value=24, initial=4)
    note = forms.CharField(label="说明", max_length=200, required=False)


class BookingForm(StyledFormMixin, forms.Form):
    day = forms.DateField(label="日期", widget=DATE)
    starts = forms.TimeField(label="开始", widget=forms.TimeInput(attrs={"type": "time", "step": 900}))
    ends = forms.TimeField(label="结束", widget=forms.TimeInput(attrs={"type": "time", "step": 900}))
    purpose = forms.CharField(label="用途", max_length=100)
    attendees = forms.IntegerField(label="人数", min_value=1, required=False)

    def slot(self):
        from django.utils import timezone

        d = self.cleaned_data
        tz = timezone.get_current_timezone()
        return (datetime.datetime.combine(d["day"], d["starts"], tzinfo=tz),
                datetime.datetime.combine(d["day"], d["ends"], tzinfo=tz))


class EquipmentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="器材类别", choices=EquipmentKind.choices)
    name = forms.CharField(label="名称", max_length=50, required=False)
    quantity = forms.IntegerField(label="数量", min_value=1)
    note = forms.CharField(label="备注", max_length=200, required=False)


class EquipmentLendForm(StyledFormMixin, forms.Form):
    person = forms.CharField(label="借用人", max_length=50, help_text="会员编号或姓名")
    quantity = forms.IntegerField(label="数量", min_value=1, initial=1)


class AssetForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=Asset.Kind.choices)
    quantity = forms.IntegerField(label="数量", min_value=1)
    unit = forms.CharField(label="单位", max_length=8, initial="件")
    unit_value = forms.DecimalField(label="单价（元）", max_digits=12, decimal_places=2, min_value=0, initial=0)
    source = forms.ChoiceField(label="来源", choices=Source.choices)
    donor = forms.CharField(label="捐赠人（单位）", max_length=100, required=False)
    acquired_on = forms.DateField(label="取得日期", widget=DATE)
    place = forms.CharField(label="存放地点", max_length=100, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


class EReadingLinkForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="名称", max_length=100)
    url = forms.CharField(label="网址", max_length=500, help_text="以 http:// 或 https:// 开头")
    description = forms.CharField(label="简介", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))
