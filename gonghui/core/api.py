"""API helpers shared by every app's endpoints.

Every app's viewsets derive from `ScopedViewSet` (or `ApiView` for a plain endpoint):

* the audit trail learns who is acting. DRF authenticates inside the view (token or session), after
  `RequestContextMiddleware` has run with an anonymous user for token requests, so `initial()` sets the actor
  again — source "api" — for the rest of the request, and `finalize_response()` resets it;
* a user who must change their password is held back (the page middleware cannot see token users);
* reads go through the app's selectors (404 outside scope); a write on an object the user may see but not change
  answers 403 through `forbid()`;
* a ServiceError answers 400 with its Chinese message, a ConflictError (stale `version`) 409.
"""
from __future__ import annotations

import logging

from django.core import signals
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView, set_rollback
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.viewsets import GenericViewSet

from .context import Actor, reset_actor, set_actor
from .errors import ConflictError
from .filters import FilterError

NO_PERMISSION = "您没有办理此项业务的权限。"
NOT_FOUND = "未找到该记录。"
NO_SUCH_ADDRESS = "未找到该接口地址或记录（记录编号须为数字）。"
INVALID_DATA = "提交的数据有误："
INVALID_JSON = "请求内容不是有效的 JSON。"
SERVER_ERROR = "服务器内部错误，已记录在日志中。请稍后再试；如果问题持续，请联系系统管理员。"

logger = logging.getLogger("django.request")


def _messages(detail, path: str = "") -> list[str]:
    """DRF's nested error detail (dicts by field, lists, list items by index) as "field.sub：message" lines."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            key = "" if key in ("non_field_errors", "__all__") else str(key)
            out += _messages(value, f"{path}.{key}" if path and key else path or key)
        return out
    if isinstance(detail, list):
        out = []
        for item in detail:
            out += _messages(item, path)
        return out
    return [f"{path}：{detail}" if path else str(detail)]


def _sentence(messages: list[str]) -> str:
    """Messages as one sentence: "name：该字段是必填项；phone：手机号应为11位。" (no "。；")."""
    return "；".join(m.rstrip("。；") for m in messages) + "。"


def _errors(detail) -> dict[str, list[str]]:
    """{field: [messages]} for the `errors` member (a nested field's messages under its top-level name)."""
    if not isinstance(detail, dict):
        return {}
    return {str(key): [m for m in _messages(value)] for key, value in detail.items()}


def exception_handler(exc, context):
    """Every error answer is JSON with a Chinese `detail` (docs/API.md, "Errors").

    A service's ValidationError becomes a 400 (409 for a stale version) with its Chinese messages; a serializer's
    or filter's ValidationError a 400 with `detail` (every message, with its field) and `errors` (by field); an
    exception that is not an API error a logged 500 with a `detail` that tells nothing of the code.
    """
    if isinstance(exc, ConflictError):
        return Response({"detail": "；".join(exc.messages), "code": "conflict"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        data = {"detail": "；".join(exc.messages)}
        if hasattr(exc, "error_dict"):
            data["errors"] = {field: [m for error in errors for m in error.messages]
                              for field, errors in exc.error_dict.items()}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        # The same answer whether the record does not exist or lies outside the user's scope.
        return Response({"detail": NOT_FOUND}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, FilterError):
        return Response({"detail": exc.message, "errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ValidationError):
        data = {"detail": INVALID_DATA + _sentence(_messages(exc.detail))}
        if errors := _errors(exc.detail):
            data["errors"] = errors
        set_rollback()
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(INVALID_JSON)
    response = drf_exception_handler(exc, context)
    if response is None:
        return server_error(exc, context)
    if not isinstance(response.data, dict) or not isinstance(response.data.get("detail"), str):
        response.data = {"detail": _sentence(_messages(response.data))}
    return response


def server_error(exc, context):
    """An unexpected exception inside an API view: logged with its traceback, answered with a JSON 500."""
    request = getattr(context.get("request"), "_request", None)
    set_rollback()
    # Whoever listens for failed requests (error reports; the test client, which re-raises) still hears of it.
    signals.got_request_exception.send(sender=None, request=request)
    logger.error("Internal Server Error: %s", getattr(request, "path", "?"),
                 exc_info=(type(exc), exc, exc.__traceback__), extra={"status_code": 500, "request": request})
    response = Response({"detail": SERVER_ERROR}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    response._has_been_logged = True  # django.utils.log.log_response: logged once, above, with the traceback
    return response


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema for logged-in users (SERVE_PERMISSIONS); anonymous → 401, in JSON like every error
    (the schema's own renderers are YAML first)."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return response


@csrf_exempt  # it changes nothing; a POST with a session cookie gets the JSON 404, not the CSRF failure page
def not_found(request, *args, **kwargs):
    """/api/ addresses that match no endpoint (a mistyped path, a non-numeric id): a JSON 404, never a page."""
    response = JsonResponse({"detail": NO_SUCH_ADDRESS}, status=404, json_dumps_params={"ensure_ascii": False})
    return response


def forbid(message: str = NO_PERMISSION):
    """403 for a write on a record the user may see but not change (they already know it exists)."""
    raise exceptions.PermissionDenied(message)


class DetailSerializer(serializers.Serializer):
    """The shape of every error answer (for the schema)."""

    detail = serializers.CharField(help_text="错误说明（中文）")
    code = serializers.CharField(required=False, help_text="错误代码，如 conflict（记录已被他人修改）")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   help_text="按字段或筛选条件列出的错误")


def _password_change_message() -> str:
    from gonghui.accounts import middleware

    return getattr(middleware, "PASSWORD_CHANGE_MESSAGE", "请先修改密码。")


class ActorMixin:
    """Sets the audit actor once DRF has authenticated the request, for the rest of the request."""

    _actor_token = None

    def initial(self, request, *args, **kwargs):
        from .middleware import client_ip

        self.perform_authentication(request)
        user = request.user if request.user is not None and request.user.is_authenticated else None
        self._reset_actor()
        self._actor_token = set_actor(Actor(user=user, ip=client_ip(request), source="api"))
        if user is not None and getattr(user, "must_change_password", False):
            raise exceptions.PermissionDenied(_password_change_message())
        super().initial(request, *args, **kwargs)

    def _reset_actor(self):
        token, self._actor_token = self._actor_token, None
        if token is not None:
            reset_actor(token)

    def finalize_response(self, request, response, *args, **kwargs):
        try:
            return super().finalize_response(request, response, *args, **kwargs)
        finally:
            self._reset_actor()

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            # An uncaught exception skips finalize_response; never leave the actor behind.
            self._reset_actor()


class ApiView(ActorMixin, APIView):
    """A plain endpoint with the audit actor set."""


class ScopedViewSet(ActorMixin, GenericViewSet):
    """Base of every viewset. Subclasses read through their selectors; ids are numbers only."""

    lookup_value_converter = "int"  # with the router's path converters: /api/people/<int:pk>/

    @property
    def schema_only(self) -> bool:
        """True while drf-spectacular inspects the view (there is no real user then)."""
        return getattr(self, "swagger_fake_view", False)

    def flag(self, name: str) -> bool:
        return self.request.query_params.get(name, "").lower() in {"1", "true", "yes", "on"}

    def respond(self, serializer_class, instance, *, status_code=status.HTTP_200_OK, many=False):
        return Response(serializer_class(instance, many=many, context=self.get_serializer_context()).data,
                        status=status_code)
