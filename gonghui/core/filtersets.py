"""The base of every page's filters (django-filter): the empty choice reads "全部"; "（空）" (records where the field
is empty) is offered only for a field that can be empty, never for a status, a kind or a method filter."""
from __future__ import annotations

import django_filters
from django import forms
from django_filters.fields import ChoiceIteratorMixin

EMPTY_LABEL = "全部"
NULL_LABEL = "（空）"


class FilterSet(django_filters.FilterSet):
    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        filter_class, params = super().filter_for_lookup(field, lookup_type)
        if "null_label" in params:
            params["null_label"] = NULL_LABEL if getattr(field, "null", False) else None
        return filter_class, params

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The filters are this instance's copies and the form is not built yet (subclasses set querysets first).
        model = self._meta.model
        for filter_ in self.filters.values():
            if issubclass(filter_.field_class, ChoiceIteratorMixin) and not _nullable(model, filter_):
                filter_.extra["null_label"] = None
            if isinstance(filter_, django_filters.BooleanFilter) and "widget" not in filter_.extra:
                filter_.extra["widget"] = AllYesNoSelect


class AllYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter: 全部 / 是 / 否 (Django's own reads 未知 / 是 / 否)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", EMPTY_LABEL), ("true", "是"), ("false", "否")]


def _nullable(model, filter_) -> bool:
    """A filter on a model field that allows NULL (and not through a method): "（空）" means something there."""
    if model is None or getattr(filter_, "method", None) or "__" in (filter_.field_name or ""):
        return False
    try:
        return model._meta.get_field(filter_.field_name).null
    except Exception:  # noqa: BLE001 - not a model field
        return False
