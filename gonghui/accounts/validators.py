import re

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """A password must mix letters and digits (and is at least 10 long, checked by MinimumLengthValidator)."""

    def validate(self, password, user=None):
        if not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
            raise ValidationError("密码必须同时包含字母和数字。", code="password_character_classes")

    def get_help_text(self):
        return "密码必须同时包含字母和数字。"
