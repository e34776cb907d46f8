"""Forms for membership actions (入会、转会、退休、退会、去世) and for handling transfers."""
from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.core.forms import StyledFormMixin
from gonghui.orgs.models import Organization

NOTE_MAX = 300
TRANSFER_NOTE_MAX = 200
SEARCH_LIMIT = 20


def transfer_targets() -> QuerySet[Organization]:
    """Every active union in the system, across federations: a transfer may go anywhere.

    Deliberately not scoped to the user: the officer picks the receiving union by code or name and learns its
    name and code, nothing else of it.
    """
    return Organization.objects.filter(status=Organization.Status.ACTIVE)


def search_transfer_targets(text: str, *, exclude: int | None = None) -> tuple[list[tuple[int, str, str]], bool]:
    """(pk, code, name) of at most SEARCH_LIMIT active organisations whose code or name matches `text`,
    and whether there were more."""
    text = (text or "").strip()
    if not text:
        return [], False
    qs = transfer_targets().filter(Q(code__iexact=text) | Q(code__istartswith=text) | Q(name__contains=text))
    if exclude:
        qs = qs.exclude(pk=exclude)
    rows = list(qs.order_by("name", "code").values_list("pk", "code", "name")[: SEARCH_LIMIT + 1])
    more = len(rows) > SEARCH_LIMIT
    rows = rows[:SEARCH_LIMIT]
    rows.sort(key=lambda r: r[1].lower() != text.lower())  # an exact code first; stable, so by name after
    return rows, more


class OrgPickerWidget(forms.Widget):
    """A search box (HTMX) whose results are radio buttons named after the field; the chosen one stays shown."""

    template_name = "members/membership_org_picker.html"

    def __init__(self, *args, exclude: int | None = None, search_url_name: str = "members:transfer_org_search",
                 **kwargs):
        self.exclude = exclude
        self.search_url_name = search_url_name
        super().__init__(*args, **kwargs)

    def get_context(self, name, value, attrs):
        ctx = super().get_context(name, value, attrs)
        selected = None
        if value not in (None, ""):
            selected = transfer_targets().filter(pk=value).values("pk", "code", "name").first() if str(value).isdigit() else None
        ctx["widget"].update(selected=selected, search_url=reverse(self.search_url_name), exclude=self.exclude or "")
        return ctx


def _date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, initial=localdate, widget=forms.DateInput(),
                           error_messages={"required": f"请填写{label}。", "invalid": "请输入正确的日期。"}, **kwargs)


def _note_field(label: str = "说明", *, required: bool = False, max_length: int = NOTE_MAX, rows: int = 2, **kwargs):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": f"请填写{label}。"}, **kwargs)


class ApplyForm(StyledFormMixin, forms.Form):
    applied_on = _date_field("申请日期")
    note = _note_field()


class AdmitForm(StyledFormMixin, forms.Form):
    joined_on = _date_field("批准入会日期")
    applied_on = forms.DateField(label="申请日期", required=False, widget=forms.DateInput(),
                                 help_text="已登记申请的，留空则取申请登记的日期")
    member_no = forms.CharField(label="会员编号", required=False, max_length=32,
                                help_text="留空则自动编号（组织代码-六位序号）")
    note = _note_field()


class RejectForm(StyledFormMixin, forms.Form):
    on = _date_field("日期")
    note = _note_field("不予批准的原因", required=True)


class TransferOutForm(StyledFormMixin, forms.Form):
    on = _date_field("转出日期")
    to_org = forms.ModelChoiceField(
        label="转入工会（系统内）", required=False, queryset=Organization.objects.none(),
        help_text="输入组织代码或名称查找，可转往其他总工会下的工会",
        error_messages={"invalid_choice": "所选转入工会不存在或已撤销。"},
    )
    to_org_name = forms.CharField(label="或：转入工会名称（系统外）", required=False, max_length=100,
                                  help_text="对方工会未使用本平台时填写；转出后会籍即结束")
    reason = forms.CharField(label="转会原因", required=False, max_length=TRANSFER_NOTE_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        exclude = person.org_id if person is not None else None
        self.fields["to_org"].queryset = transfer_targets()
        self.fields["to_org"].widget = OrgPickerWidget(exclude=exclude)

    def clean(self):
        data = super().clean()
        to_org, name = data.get("to_org"), (data.get("to_org_name") or "").strip()
        if "to_org" in self.errors:
            return data
        if to_org and name:
            raise forms.ValidationError("请只选择一种：系统内的转入工会，或系统外的转入工会名称。")
        if not to_org and not name:
            raise forms.ValidationError("请选择转入工会，或填写系统外的转入工会名称。")
        data["to_org_name"] = name
        return data


class MemberTransferForm(TransferOutForm):
    """The member's own transfer (on the phone): the officer's form, its search answered by a member's endpoint,
    and an explicit confirmation when the receiving union is outside the system (the membership ends at once)."""

    confirm_outside = forms.BooleanField(
        label="我已知晓：转往系统外工会，提交后本会会籍即结束", required=False)

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, person=person, **kwargs)
        self.fields["to_org"].widget.search_url_name = "members:my_transfer_unions"
        self.fields["to_org"].help_text = "输入新单位工会的名称查找"
        self.fields["to_org_name"].help_text = "新单位的工会未使用本平台时填写"

    def clean(self):
        data = super().clean()
        if data.get("to_org_name") and not data.get("confirm_outside"):
            self.add_error("confirm_outside", "转往系统外工会会立即结束本会会籍，请勾选确认。")
        return data


class RetireForm(StyledFormMixin, forms.Form):
    on = _date_field("退休日期")
    note = _note_field()


class WithdrawForm(StyledFormMixin, forms.Form):
    on = _date_field("退会日期")
    note = _note_field("退会原因", required=True)


class DeathForm(StyledFormMixin, forms.Form):
    on = _date_field("去世日期")
    note = _note_field()


class TransferAcceptForm(StyledFormMixin, forms.Form):
    on = _date_field("接收日期")
    member_no = forms.CharField(label="本会会员编号", required=False, max_length=32,
                                help_text="留空则自动编号（组织代码-六位序号）")
    note = _note_field("处理意见", max_length=TRANSFER_NOTE_MAX)


class TransferRejectForm(StyledFormMixin, forms.Form):
    on = _date_field("拒收日期")
    note = _note_field("拒收原因", required=True, max_length=TRANSFER_NOTE_MAX)


class TransferCancelForm(StyledFormMixin, forms.Form):
    on = _date_field("撤回日期")
    note = _note_field("撤回原因", max_length=TRANSFER_NOTE_MAX, initial="对方工会未接收")
