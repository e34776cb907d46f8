"""Forms of the care pages. They only parse and shape input; every rule is checked by gonghui.care.services,
whose Chinese ServiceError comes back as a form error (core.views.ServiceFormView)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.timezone import localdate

from gonghui.core.forms import StyledFormMixin
from gonghui.members.models import FamilyMember, Person
from gonghui.orgs.forms_committee import PersonPickerWidget

from .models import (
    Assistance,
    Condolence,
    FundingSource,
    HardshipCauseKind,
    HardshipLevel,
    HealthCheck,
    LifeEventKind,
    Occasion,
    PaymentForm,
    RecipientKind,
)

PERSON_OUTSIDE = "所选人员不在本组织及下级组织中，或您没有办理权限。"
DATE = forms.DateInput


def person_field(label="职工"):
    return forms.ModelChoiceField(label=label, queryset=Person.objects.none(),
                                  error_messages={"invalid_choice": PERSON_OUTSIDE, "required": "请选择人员。"})


def setup_person(field: forms.ModelChoiceField, people, search_url: str) -> None:
    field.queryset = people
    field.widget = PersonPickerWidget(search_url=search_url, queryset=people)


def family_field(label="家属", required=False):
    return forms.ModelChoiceField(label=label, required=required, queryset=FamilyMember.objects.none(),
                                  error_messages={"invalid_choice": "所选家属不是该职工登记的家属。"})


NOT_A_CHILD = "受助子女须是该职工的子女（配偶、父母等不能作为助学对象）。"


def children_only(family, field: forms.ModelChoiceField) -> None:
    """受助子女: offer the member's children only; anyone else chosen is refused with NOT_A_CHILD."""
    field.queryset = family.filter(relation=FamilyMember.Relation.CHILD)
    field.error_messages = {**field.error_messages, "invalid_choice": NOT_A_CHILD}


class GoodsField(forms.CharField):
    """One item a line: 名称,数量,单位,价值 (e.g. 大米,2,袋,100). Returns the list the services take."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": "每行一项：名称,数量,单位,价值（元），如：大米,2,袋,100"})

    def to_python(self, value):
        text = super().to_python(value) or ""
        items = []
        for number, line in enumerate(text.splitlines(), start=1):
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if not any(parts):
                continue
            if len(parts) != 4:
                raise forms.ValidationError(f"物品清单第{number}行应为“名称,数量,单位,价值”四项。")
            items.append({"name": parts[0], "quantity": parts[1] or "1", "unit": parts[2], "value": parts[3]})
        return items

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{i['name']},{i['quantity']},{i.get('unit', '')},{i['value']}" for i in value)
        return value


class MoneyInput(forms.CharField):
    """Money typed as text and handed to the service as a string (the service parses it as Decimal)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(inputmode="decimal", autocomplete="off")


# ------------------------------------------------------------------------------------------------ hardship files

class HardshipOpenForm(StyledFormMixin, forms.Form):
    person = person_field("困难职工")
    level = forms.ChoiceField(label="困难程度", choices=HardshipLevel.choices)
    causes = forms.MultipleChoiceField(label="致困原因（可多选）", choices=HardshipCauseKind.choices,
                                       widget=forms.CheckboxSelectMultiple)
    opened_on = forms.DateField(label="建档日期", widget=DATE(), initial=localdate)
    household_size = forms.IntegerField(label="家庭人口", min_value=1, max_value=30, initial=1)
    income_per_head = MoneyInput(label="家庭月人均收入(元)", required=False)
    verified_by = forms.CharField(label="核实人", required=False, max_length=100)
    verified_on = forms.DateField(label="摸底核实日期", required=False, widget=DATE())
    review_due_on = forms.DateField(label="下次复核日期", required=False, widget=DATE(),
                                    help_text="不填则为核实（或建档）日期一年后")
    situation = forms.CharField(label="困难情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, people=None, search_url="", **kwargs):
        super().__init__(*args, **kwargs)
        setup_person(self.fields["person"], people, search_url)
        self.fields["causes"].widget.attrs["class"] = "form-check-input"


class HardshipReviewForm(StyledFormMixin, forms.Form):
    verified_on = forms.DateField(label="核实日期", widget=DATE(), initial=localdate)
    verified_by = forms.CharField(label="核实人", max_length=100)
    review_due_on = forms.DateField(label="下次复核日期", required=False, widget=DATE(), help_text="不填则为一年后")
    level = forms.ChoiceField(label="核实后的困难程度", choices=HardshipLevel.choices)
    reason = forms.CharField(label="困难程度变化原因", required=False, max_length=200,
                             help_text="困难程度有变化时填写")
    causes = forms.MultipleChoiceField(label="致困原因", choices=HardshipCauseKind.choices,
                                       widget=forms.CheckboxSelectMultiple)
    household_size = forms.IntegerField(label="家庭人口", min_value=1, max_value=30)
    income_per_head = MoneyInput(label="家庭月人均收入(元)", required=False)
    household_members = forms.ModelMultipleChoiceField(label="共同生活的家庭成员", required=False,
                                                       queryset=FamilyMember.objects.none(),
                                                       widget=forms.CheckboxSelectMultiple)
    situation = forms.CharField(label="困难情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, file=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household_members"].queryset = FamilyMember.objects.filter(person_id=file.person_id)
        for name in ("causes", "household_members"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class HardshipLevelForm(StyledFormMixin, forms.Form):
    level = forms.ChoiceField(label="调整为", choices=HardshipLevel.choices)
    effective_from = forms.DateField(label="起始日期", widget=DATE(), initial=localdate)
    reason = forms.CharField(label="调整原因", max_length=200)


class HardshipCloseForm(StyledFormMixin, forms.Form):
    closed_on = forms.DateField(label="脱困日期", widget=DATE(), initial=localdate)
    reason = forms.CharField(label="脱困原因", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


# ------------------------------------------------------------------------------------------------ assistance

class AssistanceForm(StyledFormMixin, forms.Form):
    """An officer enters an application. Kind-dependent fields are shown or hidden by the page's script."""

    person = person_field("救助对象")
    kind = forms.ChoiceField(label="救助类别", choices=Assistance.Kind.choices)
    family_member = family_field("受助家属（子女/遗属）")
    form = forms.ChoiceField(label="发放形式", choices=PaymentForm.choices, initial=PaymentForm.CASH)
    amount = MoneyInput(label="金额(元)", required=False, help_text="实物发放可不填：按物品价值合计")
    goods = GoodsField(label="物品清单", required=False)
    funding_source = forms.ChoiceField(label="经费来源", choices=FundingSource.choices, initial=FundingSource.OWN)
    applied_on = forms.DateField(label="申请日期", widget=DATE(), initial=localdate)
    reason = forms.CharField(label="申请事由", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    school = forms.CharField(label="学校", required=False, max_length=100)
    grade = forms.CharField(label="年级", required=False, max_length=20)
    covers_from = forms.DateField(label="供养期间起", required=False, widget=DATE())
    covers_to = forms.DateField(label="供养期间止", required=False, widget=DATE())
    reverify_due_on = forms.DateField(label="下次复核日期", required=False, widget=DATE(), help_text="遗属供养每年复核")
    over_cap_reason = forms.CharField(label="超标准说明", required=False, max_length=300,
                                      help_text="金额超过经费标准上限时必须填写，并提交经审审查")
    submit = forms.BooleanField(label="保存后直接提交审批", required=False, initial=True)

    KIND_FIELDS = {"school": "education", "grade": "education", "covers_from": "survivor", "covers_to": "survivor",
                   "reverify_due_on": "survivor"}

    def __init__(self, *args, people=None, search_url="", family=None, **kwargs):
        super().__init__(*args, **kwargs)
        setup_person(self.fields["person"], people, search_url)
        self.fields["family_member"].queryset = family if family is not None else FamilyMember.objects.none()
        kind = (self.data.get("kind") if self.is_bound else self.initial.get("kind")) or ""
        if kind == Assistance.Kind.EDUCATION:  # 受助子女: children only (遗属供养 may be the spouse or a parent)
            children_only(self.fields["family_member"].queryset, self.fields["family_member"])
        for name, kind in self.KIND_FIELDS.items():
            self.fields[name].widget.attrs["data-kind"] = kind
        self.fields["family_member"].widget.attrs["data-kind"] = "education survivor"
        self.fields["goods"].widget.attrs["data-form"] = "goods"

    def clean_amount(self):
        return self.cleaned_data["amount"].strip() or None


MEMBER_KINDS = [(k, label) for k, label in Assistance.Kind.choices
                if k not in (Assistance.Kind.FESTIVAL, Assistance.Kind.SUMMER, Assistance.Kind.SURVIVOR)]


class MemberApplyForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="申请类别", choices=MEMBER_KINDS)
    amount = MoneyInput(label="申请金额(元)")
    reason = forms.CharField(label="申请事由", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="请写明困难情况：如患病住院、自付医疗费、子女上学等")
    family_member = family_field("受助子女（助学时选择）")
    school = forms.CharField(label="学校（助学）", required=False, max_length=100)
    grade = forms.CharField(label="年级（助学）", required=False, max_length=20)
    attachment = forms.FileField(label="证明材料", required=False,
                                 help_text="诊断证明、医疗费票据、录取通知书等（PDF、图片、Word、Excel，10MB以内）")

    def __init__(self, *args, family=None, **kwargs):
        super().__init__(*args, **kwargs)
        children_only(family if family is not None else FamilyMember.objects.none(), self.fields["family_member"])


class DecideForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(label="审批意见", required=False, max_length=300,
                              widget=forms.Textarea(attrs={"rows": 2}), help_text="不同意时必须填写")


class DisburseForm(StyledFormMixin, forms.Form):
    disbursed_on = forms.DateField(label="发放日期", widget=DATE(), initial=localdate)
    method = forms.ChoiceField(label="发放方式", choices=PaymentForm.choices)
    funding_source = forms.ChoiceField(label="经费来源", choices=FundingSource.choices)
    receipt_no = forms.CharField(label="凭证号", required=False, max_length=40, help_text="不填则自动编号")


class AttachForm(forms.Form):
    file = forms.FileField(label="附件", error_messages={"required": "请选择要上传的文件。"})


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="撤销原因", required=False, max_length=200)


# ------------------------------------------------------------------------------------------------ condolences

class CondolenceForm(StyledFormMixin, forms.Form):
    person = person_field("慰问职工")
    occasion = forms.ChoiceField(label="慰问事由", choices=Occasion.choices)
    recipient_kind = forms.ChoiceField(label="慰问对象", choices=[("", "按人员自动判断")] + RecipientKind.choices,
                                       required=False)
    family_member = family_field("被慰问的家属")
    visited_on = forms.DateField(label="慰问日期", widget=DATE(), initial=localdate)
    visitors = forms.CharField(label="慰问人", required=False, max_length=200)
    form = forms.ChoiceField(label="形式", choices=Condolence.Form.choices, initial=Condolence.Form.CASH)
    gift = forms.CharField(label="慰问品", required=False, max_length=200)
    amount = MoneyInput(label="金额/价值(元)", required=False, help_text="按经费标准自动填入标准金额")
    funding_source = forms.ChoiceField(label="经费来源", choices=FundingSource.choices, initial=FundingSource.OWN)
    over_cap_reason = forms.CharField(label="超标准说明", required=False, max_length=300,
                                      help_text="金额超过上限时必须填写，并提交经审审查")
    note = forms.CharField(label="备注", required=False, max_length=300)
    life_event = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, people=None, search_url="", family=None, **kwargs):
        super().__init__(*args, **kwargs)
        setup_person(self.fields["person"], people, search_url)
        self.fields["family_member"].queryset = family if family is not None else FamilyMember.objects.none()

    def clean_amount(self):
        return self.cleaned_data["amount"].strip() or None


class CondolenceEditForm(StyledFormMixin, forms.Form):
    """Correcting a recorded visit: who and why stay as recorded (a wrong person is cancelled, not edited)."""

    visited_on = forms.DateField(label="慰问日期", widget=DATE())
    visitors = forms.CharField(label="慰问人", required=False, max_length=200)
    form = forms.ChoiceField(label="形式", choices=Condolence.Form.choices)
    gift = forms.CharField(label="慰问品", required=False, max_length=200)
    amount = MoneyInput(label="金额/价值(元)")
    funding_source = forms.ChoiceField(label="经费来源", choices=FundingSource.choices)
    over_cap_reason = forms.CharField(label="超标准说明", required=False, max_length=300,
                                      help_text="金额超过上限时必须填写，并提交经审审查")
    note = forms.CharField(label="备注", required=False, max_length=300)

    def clean_amount(self):
        return self.cleaned_data["amount"].strip() or None


class BirthdayForm(StyledFormMixin, forms.Form):
    visited_on = forms.DateField(label="慰问日期", widget=DATE(), initial=localdate)
    form = forms.ChoiceField(label="形式", initial=Condolence.Form.GOODS,
                             choices=[(Condolence.Form.GOODS, "慰问品"), (Condolence.Form.CASH, "慰问金"),
                                      (Condolence.Form.TRANSFER, "转账")])
    gift = forms.CharField(label="慰问品", required=False, max_length=200, initial="生日蛋糕券")
    amount = MoneyInput(label="每人金额/价值(元)", required=False, help_text="不填则按经费标准")
    visitors = forms.CharField(label="慰问人", required=False, max_length=200)
    funding_source = forms.ChoiceField(label="经费来源", choices=FundingSource.choices, initial=FundingSource.OWN)
    over_cap_reason = forms.CharField(label="超标准说明", required=False, max_length=300)

    def clean_amount(self):
        return self.cleaned_data["amount"].strip() or None


class LifeEventForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="事项", choices=LifeEventKind.choices)
    occurred_on = forms.DateField(label="发生日期", widget=DATE(), initial=localdate)
    family_member = family_field("涉及的家属")
    note = forms.CharField(label="情况说明", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, family=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family_member"].queryset = family if family is not None else FamilyMember.objects.none()


# ------------------------------------------------------------------------------------------------ health checks

class HealthCheckForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=HealthCheck.Kind.choices)
    title = forms.CharField(label="名称", required=False, max_length=100)
    checked_on = forms.DateField(label="体检日期", widget=DATE(), initial=localdate)
    provider = forms.CharField(label="体检机构", required=False, max_length=100)
    cost = MoneyInput(label="总费用(元)", required=False)
    funding_source = forms.ChoiceField(label="经费来源", choices=FundingSource.choices, initial=FundingSource.OWN)
    note = forms.CharField(label="备注", required=False, max_length=300)


PARTICIPANT_SOURCES = [("women", "女职工"), ("retired", "退休职工"), ("model_worker", "劳动模范"),
                       ("all", "全部会员")]


class ParticipantsAddForm(StyledFormMixin, forms.Form):
    source = forms.ChoiceField(label="按条件添加", choices=[("", "—")] + PARTICIPANT_SOURCES, required=False)
    person = forms.ModelChoiceField(label="或添加一人", required=False, queryset=Person.objects.none(),
                                    error_messages={"invalid_choice": PERSON_OUTSIDE})
    cost_each = MoneyInput(label="个人费用(元)", required=False)

    def __init__(self, *args, people=None, search_url="", **kwargs):
        super().__init__(*args, **kwargs)
        setup_person(self.fields["person"], people, search_url)

    def clean(self):
        data = super().clean()
        if not data.get("source") and not data.get("person") and not self.errors:
            raise forms.ValidationError("请选择添加条件或一名人员。")
        return data


def parse_decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None
