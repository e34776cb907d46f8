"""Forms for the committee: terms (届), elections (换届选举/增补) with the people elected, positions."""
from __future__ import annotations

from django import forms
from django.db.models import Max, QuerySet
from django.utils.timezone import localdate

from gonghui.core.forms import StyledFormMixin
from gonghui.members.models import Person

from .models import Election, Organization, Position, Term

NEW_TERM = "new"
PERSON_OUTSIDE = "所选人员不在本组织及下级组织中。"


def eligible_people(people: QuerySet[Person]) -> QuerySet[Person]:
    """Who may be chosen for a position: the (already scoped) people of the organisation's subtree who are
    neither deceased nor gone."""
    return people.exclude(work_status__in=[Person.WorkStatus.DECEASED, Person.WorkStatus.LEFT])


def next_term_number(org: Organization) -> int:
    return (org.terms.aggregate(n=Max("number"))["n"] or 0) + 1


class PersonPickerWidget(forms.Widget):
    """A search box (HTMX, name / pinyin / initials / member number) whose results are radio buttons named after
    the field. The chosen person stays shown after a failed submission — looked up in the field's own queryset
    only, so a posted id from elsewhere reveals nothing."""

    template_name = "orgs/committee_person_picker.html"

    def __init__(self, *args, search_url: str = "", queryset=None, **kwargs):
        self.search_url, self.queryset = search_url, queryset
        super().__init__(*args, **kwargs)

    def get_context(self, name, value, attrs):
        ctx = super().get_context(name, value, attrs)
        selected = None
        if value not in (None, "") and str(value).isdigit() and self.queryset is not None:
            selected = self.queryset.filter(pk=value).select_related("org").first()
        ctx["widget"].update(selected=selected, search_url=self.search_url)
        return ctx


def _person_field(label="人员", required=True):
    return forms.ModelChoiceField(label=label, required=required, queryset=Person.objects.none(),
                                  error_messages={"invalid_choice": PERSON_OUTSIDE, "required": "请选择人员。"})


def _setup_person_field(field: forms.ModelChoiceField, people: QuerySet[Person], search_url: str) -> None:
    field.queryset = people
    field.widget = PersonPickerWidget(search_url=search_url, queryset=people)


class TermForm(StyledFormMixin, forms.Form):
    number = forms.IntegerField(label="届次（第几届）", min_value=1, max_value=999)
    starts_on = forms.DateField(label="任期开始", widget=forms.DateInput(), initial=localdate)
    ends_on = forms.DateField(label="任期届满", required=False, widget=forms.DateInput(),
                              help_text="基层工会委员会每届任期一般为三年或五年")
    note = forms.CharField(label="备注", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", "任期届满日期应晚于任期开始日期。")
        return data


class ElectionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Election.Kind.choices, initial=Election.Kind.GENERAL)
    term = forms.ChoiceField(label="届次")
    held_on = forms.DateField(label="选举日期", widget=forms.DateInput(), initial=localdate)
    approved_by_upper_on = forms.DateField(label="上级批复日期", required=False, widget=forms.DateInput())
    electorate = forms.IntegerField(label="应到人数", required=False, min_value=0)
    attendance = forms.IntegerField(label="实到人数", required=False, min_value=0)
    result = forms.CharField(label="选举结果", required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="如：选举产生第五届工会委员会委员7名，其中主席1名、副主席1名。")

    def __init__(self, *args, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.next_number = next_term_number(org)
        terms = list(org.terms.order_by("-number"))
        self.terms = {str(t.pk): t for t in terms}
        self.fields["term"].choices = [(NEW_TERM, f"新建第{self.next_number}届")] + [
            (str(t.pk), f"第{t.number}届（{t.starts_on:%Y-%m-%d}起）") for t in terms]
        self.fields["term"].help_text = "换届选举一般新建一届（任期自选举日起）；增补选举选所在届次"
        self.initial.setdefault("term", NEW_TERM)

    def clean(self):
        data = super().clean()
        if data.get("electorate") is not None and data.get("attendance") is not None \
                and data["attendance"] > data["electorate"]:
            self.add_error("attendance", "实到人数不能多于应到人数。")
        term = data.get("term")
        if term and term != NEW_TERM and term not in self.terms:
            self.add_error("term", "届次不属于该组织。")
        if term == NEW_TERM and data.get("kind") == Election.Kind.BY_ELECTION and self.terms:
            self.add_error("term", "增补选举请选择所在届次。")
        return data

    def chosen_term(self) -> Term | None:
        """The Term chosen, or None when a new term is to be created."""
        value = self.cleaned_data["term"]
        return None if value == NEW_TERM else self.terms[value]


class ElectedForm(StyledFormMixin, forms.Form):
    """One person elected and their title; a row left blank is ignored."""

    title = forms.ChoiceField(label="职务", required=False, choices=[("", "— 选择职务 —"), *Position.Title.choices])
    person = _person_field(required=False)

    def __init__(self, *args, people: QuerySet[Person], search_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        _setup_person_field(self.fields["person"], people, search_url)

    def clean(self):
        data = super().clean()
        if data.get("person") and not data.get("title"):
            self.add_error("title", "请选择职务。")
        if data.get("title") and not data.get("person") and "person" not in self.errors:
            self.add_error("person", "请选择人员。")
        return data


class BaseElectedFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            person, title = form.cleaned_data.get("person"), form.cleaned_data.get("title")
            if person and title:
                if (person.pk, title) in seen:
                    raise forms.ValidationError(f"{person.name}的同一职务填写了两次。")
                seen.add((person.pk, title))

    def elected(self) -> list[tuple[Person, str]]:
        return [(f.cleaned_data["person"], f.cleaned_data["title"]) for f in self.forms
                if f.cleaned_data.get("person") and f.cleaned_data.get("title")]


ElectedFormSet = forms.formset_factory(ElectedForm, formset=BaseElectedFormSet, extra=0, max_num=200,
                                       absolute_max=200, validate_max=True)


class PositionForm(StyledFormMixin, forms.Form):
    person = _person_field()
    title = forms.ChoiceField(label="职务", choices=Position.Title.choices)
    starts_on = forms.DateField(label="任职日期", widget=forms.DateInput(), initial=localdate)
    term = forms.ModelChoiceField(label="届次", required=False, queryset=Term.objects.none(), empty_label="（不属于某一届）")
    is_fulltime = forms.BooleanField(label="专职", required=False)

    def __init__(self, *args, org: Organization, people: QuerySet[Person], search_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        _setup_person_field(self.fields["person"], people, search_url)
        self.fields["term"].queryset = org.terms.order_by("-number")
        latest = self.fields["term"].queryset.first()
        if latest and not self.is_bound:
            self.initial.setdefault("term", latest.pk)


class PositionEndForm(StyledFormMixin, forms.Form):
    ends_on = forms.DateField(label="离任日期", widget=forms.DateInput(), initial=localdate)
    reason = forms.CharField(label="离任原因", required=False, max_length=100,
                             widget=forms.TextInput(attrs={"placeholder": "如：辞职、调离、退休、免职"}))
