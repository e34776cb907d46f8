"""The OpenAPI schema as the API answers: the schema class and postprocessing hook named in settings.

Kept apart from core.api: drf_spectacular.views imports DEFAULT_SCHEMA_CLASS while it is being imported, and
core.api imports drf_spectacular.views (SchemaView).
"""
from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


def _blank_model_choice(field) -> bool:
    """A read-only ChoiceField of a ModelSerializer over a model field that may be blank ("" = not yet set)."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", "")
    if model is None or not source or "." in source:
        return False
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:  # a property or a method: nothing to learn here
        return False
    return bool(getattr(model_field, "blank", False) and getattr(model_field, "choices", None))


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, truer to what the API answers.

    DRF drops `allow_blank` from read-only model fields (ModelSerializer.include_extra_kwargs), so a choice column
    that is "" until something happens (`Assistance.disburse_method` before the payment, `Membership.end_reason`
    of a current membership) was documented as its choices only, and every such answer broke the schema.
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if (isinstance(field, serializers.ChoiceField) and field.read_only and not field.allow_blank
                and _blank_model_choice(field)):
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)


ERROR_RESPONSES = {
    "400": "请求参数或提交的数据有误（筛选条件、字段校验、业务规则），detail 说明原因，errors 按字段列出",
    "401": "未登录，或接口令牌无效、已过期",
    "403": "没有办理此项业务的权限，须先修改密码，或账号已被锁定",
    "404": "记录不存在或不在您的范围内，或接口地址不存在",
    "409": "记录已被他人修改（version 已过期），请重新读取后再提交",
    "415": "不支持的请求内容类型（请用 application/json）",
    "429": "请求过于频繁，请稍后再试",
}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the errors it can answer, all as `Detail`.

    400 where the operation takes parameters or a body; 401 unless it needs no login; 403 and 404 everywhere
    (permissions, a password to change; scope, an address that matches nothing); 409 for PATCH (a stale
    `version`); 415 where there is a body; 429 for the token endpoint (login attempts are limited).
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Detail"] = {
        "type": "object",
        "description": "每个错误回答的格式：detail 为中文说明；errors 按字段列出（校验错误时）。",
        "properties": {
            "detail": {"type": "string", "description": "错误说明（中文）"},
            "code": {"type": "string", "description": "错误代码，如 conflict（记录已被他人修改）"},
            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                       "description": "按字段或筛选条件列出的错误"},
        },
        "required": ["detail"],
    }
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            codes = ["403", "404"]
            if operation.get("parameters") or operation.get("requestBody"):
                codes.append("400")
            if operation.get("security") not in ([], [{}]):
                codes.append("401")
            if operation.get("requestBody"):
                codes.append("415")
            if method == "patch":
                codes.append("409")
            if path.endswith("/auth/token/"):
                codes.append("429")
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(code, {"description": ERROR_RESPONSES[code]})
                responses[code]["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}
                if responses[code].get("description", "") in ("", "No response body"):
                    responses[code]["description"] = ERROR_RESPONSES[code]
    return result
