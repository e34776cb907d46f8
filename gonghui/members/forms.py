from django import forms

from gonghui.core.forms import StyledFormMixin

from .models import FamilyMember, Person

PERSON_FIELDS = [
    "name", "id_number", "gender", "birth_date", "ethnicity", "phone", "education", "political_status",
    "employment_type", "department", "post", "work_started_on", "hired_on", "base_salary", "model_worker",
    "is_military_family", "is_returned_overseas", "is_only_child_parent", "note",
]


class PersonForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {f: forms.DateInput() for f in ("birth_date", "work_started_on", "hired_on")}
        help_texts = {"id_number": "填写后自动识别出生日期和性别，并核对校验码", "base_salary": "用于计算会费（0.5%）"}

    def __init__(self, *args, org_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].required = False
        if org_choices is not None:
            self.fields["org"] = forms.ModelChoiceField(label="所在组织", queryset=org_choices)
            self.fields["org"].widget.attrs["class"] = "form-select"
            self.order_fields(["org"] + PERSON_FIELDS)

    def _post_clean(self):
        # Model validation (unique ID number and the rest) is the service's job, with Chinese messages.
        pass


class FamilyMemberForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FamilyMember
        fields = ["relation", "name", "gender", "birth_date", "id_number", "phone", "workplace", "note"]
        widgets = {"birth_date": forms.DateInput()}
