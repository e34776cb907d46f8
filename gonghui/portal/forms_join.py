"""Forms of 网上入会 (public), its review (officers) and account activation (members)."""
from __future__ import annotations

from django import forms

from gonghui.core import idcard
from gonghui.core.forms import StyledFormMixin

from .models_join import JoinApplication
from .services_join import PHONE_RE, joinable_unions


def _id_number(value: str) -> str:
    try:
        return idcard.parse(value).number
    except idcard.IDNumberError as exc:
        raise forms.ValidationError(str(exc) + "。") from None


def _phone(value: str) -> str:
    value = (value or "").strip()
    if not PHONE_RE.match(value):
        raise forms.ValidationError("请填写11位手机号码。")
    return value


class JoinForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="申请加入的工会", queryset=None, widget=forms.RadioSelect,
                                 error_messages={"required": "请先查找并选择要加入的工会。",
                                                 "invalid_choice": "请先查找并选择要加入的工会。"})
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=18, help_text="18位，最后一位可为X；系统据此核对出生日期和性别")
    phone = forms.CharField(label="手机号码", max_length=11, help_text="审核通过后作为登录账号")
    employer = forms.CharField(label="工作单位", max_length=100)
    unaffiliated = forms.BooleanField(label="我所在的单位尚未建立工会", required=False)
    consent = forms.BooleanField(label="我已阅读并同意《中国工会章程》，自愿加入工会，履行会员义务",
                                 error_messages={"required": "请阅读并勾选同意《中国工会章程》。"})
    # A honeypot: hidden from people, filled in by bots. A filled one is refused.
    website = forms.CharField(label="网址（请留空）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = joinable_unions()
        self.fields["id_number"].widget.attrs.update(autocomplete="off", inputmode="text")
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        self.fields["org"].widget.attrs.pop("class", None)

    def clean_id_number(self):
        return _id_number(self.cleaned_data["id_number"])

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])


class StatusForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label="申请号", max_length=20)
    id_last6 = forms.CharField(label="身份证号后6位", min_length=6, max_length=6)


class SupplementForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label="补充说明", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="意见（申请人可见）", max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ActivateForm(StyledFormMixin, forms.Form):
    phone = forms.CharField(label="手机号码（登录账号）", max_length=11)
    code = forms.CharField(label="邀请码", max_length=20, help_text="工会发给您的12位邀请码，如 ABCD-EFGH-JKLM")
    password = forms.CharField(label="设置密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="至少10位，须同时含字母和数字")
    password2 = forms.CharField(label="再次输入密码",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致。")
        return data


STATUS_FILTER = [("", "全部")] + list(JoinApplication.Status.choices)


class ForgotForm(StyledFormMixin, forms.Form):
    """A member who forgot the password asks their union for a reset code."""
    phone = forms.CharField(label="手机号码（登录账号）", max_length=11)
    id_last6 = forms.CharField(label="身份证号后6位", min_length=6, max_length=6,
                               error_messages={"min_length": "请填写身份证号的最后6位。"})
    website = forms.CharField(label="网址（请留空）", required=False)  # honeypot

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["id_last6"].widget.attrs.update(autocomplete="off")
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])


class ResetForm(ActivateForm):
    """The member sets a new password with the reset code the union gave them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "重置码"
        self.fields["code"].help_text = "工会发给您的12位重置码，如 ABCD-EFGH-JKLM"
        self.fields["password"].label = "新密码"
