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

from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.viewsets import GenericViewSet

from .context import Actor, reset_actor, set_actor
from .errors import ConflictError

NO_PERMISSION = "您没有办理此项业务的权限。"
NOT_FOUND = "未找到该记录。"


def exception_handler(exc, context):
    """A service's ValidationError becomes a 400 (409 for a stale version) with its Chinese messages."""
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
    return drf_exception_handler(exc, context)


def forbid(message: str = NO_PERMISSION):
    """403 for a write on a record the user may see but not change (they already know it exists)."""
    raise exceptions.PermissionDenied(message)


class DetailSerializer(serializers.Serializer):
    """The shape of every error answer (for the schema)."""

    detail = serializers.CharField()


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
