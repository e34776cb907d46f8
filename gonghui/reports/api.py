"""JSON API of the figures (/api/reports/...): the catalogue of registered figures and their values.

    GET /api/reports/metrics/                        the figures the user may see: code, label, unit, how it counts
    GET /api/reports/figures/?org=ID&period=2025     values of a subtree for a period, with 同比
        [&codes=members.members,care.condolence.visits]   only these (default: all the user may see)
        [&children=1]                                     and each child union's value (one query per figure)

Scoping is the dashboard's: an organisation outside the user's scope answers 404; a figure of an area the user may
not see on that organisation (e.g. care figures without care.stats) is refused with 403 when asked for by code and
left out otherwise. Values use the documents' JSON form: a count as a number, money as a string ("132400.00"), a rate
as {numerator, denominator, percent}; an absent figure is null.
"""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gonghui.accounts.scope import Perm, can_on_org, has_perm, orgs_in_scope
from gonghui.core.api import ApiView, DetailSerializer
from gonghui.core.metrics import by_child_many, child_names, compare_many

from . import registry
from .documents import value_to_json
from .periods import PeriodError, parse

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class MetricSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    counts = serializers.CharField(help_text="events | people | households | sum | rate")
    stock = serializers.BooleanField(help_text="期末存量（按期间最后一天的状态）")
    note = serializers.CharField()
    area = serializers.CharField()
    area_label = serializers.CharField()


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.JSONField(help_text="本期数值；无记录为 null")
    previous = serializers.JSONField(help_text="上年同期数值（同比）；无记录为 null")
    change = serializers.CharField(allow_null=True, help_text="本期减上年同期（比率为百分点）")
    change_percent = serializers.CharField(allow_null=True, help_text="同比增减百分比")
    children = serializers.ListField(child=serializers.DictField(), required=False,
                                     help_text="各下级工会的数值：[{path, name, value}]")


class FiguresSerializer(serializers.Serializer):
    org = serializers.DictField()
    period = serializers.DictField()
    previous_period = serializers.DictField()
    figures = FigureSerializer(many=True)


def _area_row(area) -> dict:
    return {"area": area.code, "area_label": area.label}


def _visible_areas(user, org=None):
    """Areas whose figures the user may see (on `org`, or anywhere in their scope)."""
    if org is None:
        return [a for a in registry.by_area() if has_perm(user, a.figures_perm)]
    return [a for a in registry.by_area() if can_on_org(user, a.figures_perm, org)]


class MetricCatalogueView(ApiView):
    """已登记的统计指标（当前用户有权查看的工作领域）。"""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="统计指标目录", responses={200: MetricSerializer(many=True), **_errors}, tags=["reports"])
    def get(self, request):
        if not has_perm(request.user, Perm.REPORT_VIEW):
            raise exceptions.PermissionDenied("您没有查看统计数据的权限。")
        rows = [{"code": m.code, "label": m.label, "unit": m.unit, "counts": m.counts,
                 "stock": bool(getattr(m, "stock", False)), "note": m.note, **_area_row(area)}
                for area in _visible_areas(request.user) for m in area.metrics]
        return Response(rows)


def _period_json(period) -> dict:
    return {"key": period.key, "label": period.label, "start": period.start.isoformat(),
            "end": period.end.isoformat()}


def _number(value) -> str | None:
    return None if value is None else str(value)


class FiguresView(ApiView):
    """一个组织（含下级）在某期间的统计数字及上年同期（同比）。"""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="统计数字",
        parameters=[
            OpenApiParameter("org", OpenApiTypes.INT, required=True, description="组织编号"),
            OpenApiParameter("period", OpenApiTypes.STR, required=True,
                             description="期间：2025、2025H1、2025Q3、2025-03 或 2025-03-01..2025-06-30"),
            OpenApiParameter("codes", OpenApiTypes.STR, description="指标代码，逗号分隔；默认全部有权查看的指标"),
            OpenApiParameter("children", OpenApiTypes.BOOL, description="同时给出各下级工会的数值"),
        ],
        responses={200: FiguresSerializer, **_errors}, tags=["reports"],
    )
    def get(self, request):
        params = request.query_params
        org_id = params.get("org", "")
        if not org_id.isdigit():
            raise exceptions.ValidationError({"detail": "请用参数 org 指定组织编号（数字）。"})
        org = get_object_or_404(orgs_in_scope(request.user, Perm.REPORT_VIEW), pk=int(org_id))
        try:
            period = parse(params.get("period", ""))
        except PeriodError as error:
            raise exceptions.ValidationError({"detail": str(error)}) from None
        visible = {m.code: m for area in _visible_areas(request.user, org) for m in area.metrics}
        codes = [c.strip() for c in params.get("codes", "").split(",") if c.strip()]
        if codes:
            unknown = [c for c in codes if c not in registry.default]
            if unknown:
                raise exceptions.ValidationError({"detail": f"未知指标：{'、'.join(unknown)}"})
            hidden = [c for c in codes if c not in visible]
            if hidden:
                raise exceptions.PermissionDenied(f"您无权查看这些指标：{'、'.join(hidden)}")
            metrics = [visible[c] for c in codes]
        else:
            metrics = list(visible.values())
        comparisons = compare_many(metrics, org, period)
        children = params.get("children", "").lower() in {"1", "true", "yes", "on"}
        if children:  # one query per shared source for every child union, and one for their names
            per_child = by_child_many(metrics, org, period.start, period.end)
            names = child_names(org, {path for values in per_child.values() for path in values})
        figures = []
        for metric in metrics:
            comparison = comparisons[metric.code]
            row = {"code": metric.code, "label": metric.label, "unit": metric.unit,
                   "value": value_to_json(comparison.current), "previous": value_to_json(comparison.previous),
                   "change": _number(comparison.change), "change_percent": _number(comparison.change_percent)}
            if children:
                row["children"] = [{"path": path, "name": names.get(path, org.name), "value": value_to_json(value)}
                                   for path, value in sorted(per_child[metric.code].items())]
            figures.append(row)
        previous = period.previous_year()
        return Response({"org": {"id": org.pk, "code": org.code, "name": org.name},
                         "period": _period_json(period), "previous_period": _period_json(previous),
                         "figures": figures})
