"""API token authentication with an age limit.

DRF's tokens never expire; a token copied into a script or a leaked log would open the API for good. Here a token
older than GONGHUI_TOKEN_DAYS days (settings.API_TOKEN_MAX_AGE, 30 days by default) is refused with a Chinese
message and deleted, and the holder asks POST /api/auth/token/ for a new one. A new password ends every token too
(accounts.services.password_change).
"""
from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

EXPIRED = "接口令牌已过期，请重新获取令牌（POST /api/auth/token/）。"


def token_expired(token) -> bool:
    return timezone.now() - token.created > settings.API_TOKEN_MAX_AGE


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(EXPIRED)
        return user, token
