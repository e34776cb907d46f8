from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH

#: the empty choice of every form's <select> (Django's "---------" means nothing to a union officer)
EMPTY_CHOICE_LABEL = "请选择"
_DASH = BLANK_CHOICE_DASH[0][1]


def please_choose(field: forms.Field) -> None:
    """Give a choice field's empty choice the label "请选择" (a label of its own, e.g. "（不属于某一届）", stays)."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == _DASH:
            field.empty_label = EMPTY_CHOICE_LABEL
    elif isinstance(field, forms.ChoiceField) and not callable(getattr(field, "_choices", None)):
        choices = list(field.choices)
        if any(value == "" and label == _DASH for value, label in choices):
            field.choices = [(value, EMPTY_CHOICE_LABEL if value == "" and label == _DASH else label)
                             for value, label in choices]


class StyledFormMixin:
    """Bootstrap classes and date pickers on every field, and "请选择" as the empty choice, so that forms look
    alike everywhere."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            please_choose(field)
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def __getitem__(self, name):
        # A field a form adds or replaces after __init__ (an organisation chooser) gets its "请选择" when drawn.
        field = self.fields.get(name)
        if field is not None:
            please_choose(field)
        return super().__getitem__(name)
