"""Forms of the document pages: generating a draft, editing a section's wording."""
from __future__ import annotations

from django import forms
from django.utils.timezone import localdate

from gonghui.core.forms import StyledFormMixin

from .drafting import wording
from .models import DocumentKind, Style
from .periods import Period, PeriodError

PARTS = [("", "全年"), ("H1", "上半年"), ("H2", "下半年"), ("Q1", "第一季度"), ("Q2", "第二季度"), ("Q3", "第三季度"),
         ("Q4", "第四季度")]


def default_year(today=None) -> int:
    """Summaries are written from November on for the year itself, before that for the year before."""
    today = today or localdate()
    return today.year if today.month >= 11 else today.year - 1


class GenerateForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="文稿类型", choices=DocumentKind.choices, initial=DocumentKind.SUMMARY)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    part = forms.ChoiceField(label="期间", choices=PARTS, required=False)
    style = forms.ChoiceField(label="数字写法", choices=Style.choices, initial=Style.MIXED,
                              help_text="金额约数、人数准确：如“13万余元”“165人”（与多数工作总结一致）；"
                                        "约数：如“2600余人”“近10次”")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = default_year()

    def clean(self):
        data = super().clean()
        year, part = data.get("year"), data.get("part") or ""
        if year is None:
            return data
        try:
            if part.startswith("H"):
                data["period"] = Period.half(year, int(part[1]))
            elif part.startswith("Q"):
                data["period"] = Period.quarter(year, int(part[1]))
            else:
                data["period"] = Period.year(year)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None
        if data["period"].start > localdate():
            raise forms.ValidationError(f"{data['period'].label}尚未开始，还没有数据。")
        return data


class TemplateForm(StyledFormMixin, forms.Form):
    heading = forms.CharField(label="标题", required=False, max_length=200,
                              help_text="留空则沿用默认标题（编号自动添加）")
    body = forms.CharField(label="正文模板", required=False, widget=forms.Textarea(attrs={"rows": 12}),
                           help_text="每行一段；留空则沿用默认正文")
    active = forms.BooleanField(label="启用", required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        for name in ("heading", "body"):
            for error in wording.validate(data.get(name) or ""):
                self.add_error(name, error)
        return data
