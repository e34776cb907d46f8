from django import forms

from gonghui.core.forms import StyledFormMixin

from .models import Organization

ORG_FIELDS = ["code", "name", "short_name", "kind", "employer", "employer_credit_code", "founded_on",
              "legal_person_registered", "legal_person_cert_no", "legal_person_registered_on", "party_org",
              "address", "phone", "accepts_unaffiliated"]


class OrganizationForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organization
        fields = ORG_FIELDS
        widgets = {"founded_on": forms.DateInput(), "legal_person_registered_on": forms.DateInput()}

    def __init__(self, *args, parent_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parent_choices is not None:
            self.fields["parent"] = forms.ModelChoiceField(label="上级组织", queryset=parent_choices, required=False)
            self.fields["parent"].widget.attrs["class"] = "form-select"
            self.order_fields(["parent"] + ORG_FIELDS)

    def _post_clean(self):
        pass


class OrgMoveForm(StyledFormMixin, forms.Form):
    new_parent = forms.ModelChoiceField(label="迁移到（新的上级组织）", queryset=Organization.objects.none())

    def __init__(self, *args, parent_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parent_choices


class OrgCloseForm(StyledFormMixin, forms.Form):
    closed_on = forms.DateField(label="撤销日期", widget=forms.DateInput())
    reason = forms.CharField(label="撤销原因", max_length=200)
