"""The base of every filter set (list pages and API lists): a filter takes only values it can use.

`FilterSet` rewrites its filters when the class is made (so the API schema sees the same bounds):

* a `NumberFilter` on an integer column (ids, foreign keys, counts) takes whole numbers within the column's range
  on this database; on a year lookup (`joined_on__year`) a year from 1 to 9999 — "0", "1.5", "1e309",
  "99999999999999999999" are form errors with a Chinese message, never a 500 (OverflowError on SQLite, "year 0 is
  out of range" in the lookup);
* a `ModelChoiceFilter` / `ModelMultipleChoiceFilter` checks the id is a whole number in the primary key's range
  before it asks the database;
* the "null" choice (django-filter's FILTERS_NULL_CHOICE_VALUE) is kept only where it means something: a filter on
  a nullable column without a `method`, labelled "（空）". A method-backed filter never receives "null" as a value;
* the empty choice reads "全部", and a yes/no filter 全部 / 是 / 否 (never "（空）" or Django's 未知).

An invalid filter form answers 400: `FilterBackend` (the API's filter backend) raises a ValidationError whose
`detail` names the filters in Chinese; `core.views.ObjectListView` renders the page with the filter's error beside
the filter and status 400 (docs/API.md, "Validation").
"""
from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django_filters import fields as filter_fields
from django_filters.fields import ChoiceIteratorMixin
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import get_model_field
from drf_spectacular.drainage import set_override
from rest_framework import exceptions

INT64 = (-(2 ** 63), 2 ** 63 - 1)
YEARS = (1, 9999)
NOT_A_NUMBER = "请输入整数。"
OUT_OF_RANGE = "请输入 %(low)s 到 %(high)s 之间的整数。"
NO_SUCH_CHOICE = "请选择有效的选项，该编号不存在或不在您的范围内。"
EMPTY_LABEL = "全部"
NULL_LABEL = "（空）"


def integer_range(field: models.Field | None) -> tuple[int, int]:
    """The range of integers the column of `field` holds on the default database (64-bit when unknown)."""
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if field is None:
        return INT64
    low, high = connections[DEFAULT_DB_ALIAS].ops.integer_field_range(field.get_internal_type())
    return (INT64[0] if low is None else low, INT64[1] if high is None else high)


class IntegerField(forms.IntegerField):
    """A whole number within [min_value, max_value]: "1.0" is accepted, "1.5", "1e309" and "abc" are not."""

    def __init__(self, *, min_value=INT64[0], max_value=INT64[1], **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid", NOT_A_NUMBER)
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        # One message for both ends, naming the range (Django's would name only the end that was passed).
        self.range_message = OUT_OF_RANGE % {"low": min_value, "high": max_value}
        self.validators = [v for v in self.validators if not hasattr(v, "limit_value")]

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not (self.min_value <= value <= self.max_value):
            raise ValidationError(self.range_message, code="out_of_range")
        return value


def _bounded_pk(queryset, value):
    """`value` as a primary key of `queryset`'s model, or a ValidationError (before any query)."""
    field = queryset.model._meta.pk
    if isinstance(field, (models.AutoField, models.IntegerField)):
        text = str(value).strip()
        if not text.lstrip("-").isdigit():
            raise ValidationError(NO_SUCH_CHOICE, code="invalid_choice")
        low, high = integer_range(field)
        if not low <= int(text) <= high:
            raise ValidationError(NO_SUCH_CHOICE, code="invalid_choice")
        return int(text)
    return value


class ModelChoiceField(filter_fields.ModelChoiceField):
    default_error_messages = {"invalid_choice": NO_SUCH_CHOICE}

    def to_python(self, value):
        if value in self.empty_values or (self.null_label is not None and value == self.null_value):
            return super().to_python(value)
        if self.to_field_name is None:
            _bounded_pk(self.queryset, value)
        return super().to_python(value)


class ModelMultipleChoiceField(filter_fields.ModelMultipleChoiceField):
    default_error_messages = {"invalid_choice": NO_SUCH_CHOICE, "invalid_pk_value": NO_SUCH_CHOICE}

    def _check_values(self, value):
        if self.to_field_name is None:
            for item in value:
                if not (self.null_label is not None and item == self.null_value):
                    _bounded_pk(self.queryset, item)
        return super()._check_values(value)


def _model_field(model, filter_) -> models.Field | None:
    if model is None or filter_.field_name is None:
        return None
    try:
        return get_model_field(model, filter_.field_name)
    except (FieldDoesNotExist, AttributeError):  # pragma: no cover - a method-only filter's field_name
        return None


def _guard(model, filter_: django_filters.Filter) -> None:
    """Rewrite one filter (in place) so that it validates what it will be given."""
    field = _model_field(model, filter_)
    if isinstance(filter_, django_filters.NumberFilter) and not isinstance(field, (models.DecimalField,
                                                                                    models.FloatField)):
        if filter_.lookup_expr in ("year", "iso_year"):
            low, high = YEARS if not isinstance(field, models.DateTimeField) else (YEARS[0] + 1, YEARS[1] - 1)
        else:
            low, high = integer_range(field if isinstance(field, (models.IntegerField, models.AutoField,
                                                                  models.ForeignKey)) else None)
        filter_.field_class = IntegerField
        filter_.extra.update(min_value=low, max_value=high)
        filter_.get_max_validator = lambda: None
        set_override(filter_, "field", {"type": "integer", "minimum": low, "maximum": high})
    elif isinstance(filter_, django_filters.ModelChoiceFilter):
        filter_.field_class = ModelChoiceField
    elif isinstance(filter_, django_filters.ModelMultipleChoiceFilter):
        filter_.field_class = ModelMultipleChoiceField
    if isinstance(filter_, (django_filters.ChoiceFilter, django_filters.ModelMultipleChoiceFilter)):
        nullable = field is not None and field.null and filter_.method is None
        if not nullable:
            filter_.extra["null_label"] = None


class FilterSet(django_filters.FilterSet):
    """Base of every filter set of the project (see the module's docstring)."""

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        for filter_ in filters.values():
            _guard(cls._meta.model, filter_)
        return filters

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
    except FieldDoesNotExist:
        return False


def errors_detail(filterset) -> tuple[str, dict[str, list[str]]]:
    """("筛选条件有误：入会年份：请输入 1 到 9999 之间的整数。", {"join_year": [...]}) for an invalid filter form."""
    errors = {name: [str(m) for m in messages] for name, messages in filterset.form.errors.items()}
    parts = []
    for name, messages in errors.items():
        field = filterset.form.fields.get(name)
        label = str(field.label) if field is not None and field.label else name
        parts.append(f"{label}（{name}）：{'；'.join(m.rstrip('。') for m in messages)}")
    return "筛选条件有误：" + "；".join(parts) + "。", errors


class FilterBackend(DjangoFilterBackend):
    """The API's filter backend: an invalid filter answers 400 with a Chinese `detail` and the errors by filter."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            detail, errors = errors_detail(filterset)
            raise FilterError(detail, errors)
        return filterset.qs


class FilterError(exceptions.ValidationError):
    """A 400 whose body is {"detail": "筛选条件有误：…", "errors": {filter: [messages]}}."""

    def __init__(self, detail: str, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.message, self.errors = detail, errors
