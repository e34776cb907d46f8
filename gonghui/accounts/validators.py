import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """A password must mix letters and digits (and is at least 10 long, checked by MinimumLengthValidator)."""

    def validate(self, password, user=None):
        if not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
            raise ValidationError("密码必须同时包含字母和数字。", code="password_character_classes")

    def get_help_text(self):
        return "密码必须同时包含字母和数字。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a Chinese message.

    Django 5.2 reworded the "too short" message and its zh-hans catalogue has no translation for the new wording,
    so Django's own validator answers in English. Use this one in AUTH_PASSWORD_VALIDATORS instead.
    """

    def __init__(self, min_length=10):
        super().__init__(min_length=min_length)

    def get_error_message(self):
        return f"密码太短，至少需要{self.min_length}个字符。"

    def get_help_text(self):
        return f"密码至少需要{self.min_length}个字符。"
