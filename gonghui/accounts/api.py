"""POST /api/auth/token/: a username and password give an API token.

The credentials go through `django.contrib.auth.authenticate(request=...)`, so django-axes counts failures and locks
the account name exactly as on the login page, and the audit trail records the failure (`user_login_failed`),
the lockout (`user_locked_out`) and the login (`user_logged_in`, sent here since no session is opened).
"""
from __future__ import annotations

from django.contrib.auth import authenticate, user_logged_in
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from gonghui.core.api import ApiView, DetailSerializer

from . import lockout
from .authentication import token_expired

INVALID_LOGIN = "用户名或密码错误。连续失败多次后账号将被临时锁定。"


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名", max_length=150)
    password = serializers.CharField(label="密码", max_length=128, trim_whitespace=False,
                                     style={"input_type": "password"}, write_only=True)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="以后的请求在请求头中带上 Authorization: Token <token>")
    user_id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()


class ObtainTokenView(ApiView):
    """用户名和密码换取接口令牌。连续失败5次账号将被锁定（与网页登录共用计数），登录与失败均记入审计日志。"""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(summary="获取接口令牌", auth=[], request=TokenRequestSerializer,
                   responses={200: TokenResponseSerializer, 400: DetailSerializer, 403: DetailSerializer},
                   tags=["auth"])
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request=request, username=serializer.validated_data["username"],
                            password=serializer.validated_data["password"])
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": lockout.message_for(request)}, status=status.HTTP_403_FORBIDDEN)
        if user is None:
            return Response({"detail": INVALID_LOGIN}, status=status.HTTP_400_BAD_REQUEST)
        if getattr(user, "must_change_password", False):
            from gonghui.core.api import _password_change_message

            return Response({"detail": _password_change_message()}, status=status.HTTP_403_FORBIDDEN)
        token, _ = Token.objects.get_or_create(user=user)
        if token_expired(token):  # an old token is replaced, not handed out again
            token.delete()
            token = Token.objects.create(user=user)
        # No session is opened, but this is a login: axes resets the failure count, the audit trail records it,
        # and last_login is updated.
        user_logged_in.send(sender=type(user), request=request, user=user)
        return Response({"token": token.key, "user_id": user.pk, "username": user.get_username(),
                         "display_name": str(user)})
