"""`{% load gonghui_format %}{{ value|percent }}`: a rate as core.formatting.percent_text ("97.0%", "—")."""
from django import template

from gonghui.core.formatting import percent_text

register = template.Library()


@register.filter
def percent(value) -> str:
    return percent_text(value)
