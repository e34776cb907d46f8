from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.urls import reverse_lazy

from gonghui.core.forms import EMPTY_CHOICE_LABEL, StyledFormMixin

from . import selectors
from .models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败多次后账号将被临时锁定。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class OrgChoiceField(forms.ModelChoiceField):
    """Organisations indented by depth so that the tree shows in a select."""

    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth - getattr(self, "top_depth", 0), 0) + obj.name


PERSON_SEARCH_ATTRS = {
    "hx-get": reverse_lazy("accounts:person_search"), "hx-trigger": "keyup changed delay:400ms",
    "hx-target": "#person-candidates", "autocomplete": "off",
}


class PersonLookupField(forms.CharField):
    """A person typed as "#<id>", a member number, an ID number, a name or pinyin; resolved inside the actor's
    user-management scope among people not linked to another login."""

    actor = None
    linked_to = None  # the user being edited: their current person is not "linked to another login"

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        current = getattr(self.linked_to, "person", None) if getattr(self.linked_to, "person_id", None) else None
        if current is not None and value.strip() == f"#{current.pk}":
            return current  # unchanged, even if the person has since moved out of the actor's scope
        candidates = list(selectors.person_candidates(self.actor, value, limit=2, linked_to=self.linked_to))
        if not candidates:
            raise forms.ValidationError("在您的管理范围内没有找到该人员（或其已关联其他账号）。")
        if len(candidates) > 1:
            raise forms.ValidationError("找到多名符合条件的人员，请改为输入会员编号或完整身份证号。")
        return candidates[0]

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), **PERSON_SEARCH_ATTRS}


def _password_field(label):
    return forms.CharField(label=label, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class PasswordPairMixin:
    """Two password boxes that must match; the rules are checked against the user being created or reset."""

    def clean_password2(self):
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError("两次输入的密码不一致。")
        return p2

    def check_password_rules(self, user):
        password = self.cleaned_data.get("password1")
        if password:
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)


class UserCreateForm(PasswordPairMixin, StyledFormMixin, forms.Form):
    username = forms.CharField(label="用户名", max_length=150, help_text="登录用，可用字母、数字和 @ . + - _")
    display_name = forms.CharField(label="姓名", max_length=50, required=False)
    person = PersonLookupField(label="关联人员", required=False,
                               help_text="可选。输入姓名、会员编号或身份证号；同名时请输入会员编号或身份证号。")
    org = OrgChoiceField(label="授权组织", queryset=None, help_text="角色覆盖该组织及其全部下级组织")
    role = forms.ChoiceField(label="角色")
    password1 = _password_field("初始密码")
    password2 = _password_field("确认初始密码")
    must_change_password = forms.BooleanField(label="首次登录须修改密码", required=False, initial=True)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].actor = actor
        orgs = selectors.grantable_orgs(actor)
        self.fields["org"].queryset = orgs
        self.fields["org"].top_depth = min((o.depth for o in orgs[:1]), default=0)
        self.fields["role"].choices = [("", EMPTY_CHOICE_LABEL)] + selectors.grantable_roles(actor)
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        data = super().clean()
        person = data.get("person")
        self.check_password_rules(User(username=data.get("username") or "",
                                       display_name=data.get("display_name") or (person.name if person else "")))
        return data


class UserEditForm(StyledFormMixin, forms.Form):
    display_name = forms.CharField(label="姓名", max_length=50, required=False)
    person = PersonLookupField(label="关联人员", required=False,
                               help_text="输入“#人员编号”、姓名、会员编号或身份证号；留空表示不关联人员。")

    def __init__(self, *args, actor, user, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("display_name", user.display_name)
        if user.person_id:
            initial.setdefault("person", f"#{user.person_id}")
        super().__init__(*args, **kwargs)
        self.fields["person"].actor = actor
        self.fields["person"].linked_to = user


class RoleGrantForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="组织", queryset=None)
    role = forms.ChoiceField(label="角色")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = selectors.grantable_orgs(actor)
        self.fields["org"].queryset = orgs
        self.fields["org"].top_depth = min((o.depth for o in orgs[:1]), default=0)
        self.fields["role"].choices = [("", EMPTY_CHOICE_LABEL)] + selectors.grantable_roles(actor)


class PasswordResetForm(PasswordPairMixin, StyledFormMixin, forms.Form):
    password1 = _password_field("新密码")
    password2 = _password_field("确认新密码")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        data = super().clean()
        self.check_password_rules(self.user)
        return data


class OwnPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    """Django's form (old password, new password twice, the settings' rules), with Chinese labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "当前密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "确认新密码"
        self.error_messages = {**self.error_messages,
                               "password_incorrect": "当前密码不正确，请重新输入。",
                               "password_mismatch": "两次输入的新密码不一致。"}
