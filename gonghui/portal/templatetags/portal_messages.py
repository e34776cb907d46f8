from django import template

from gonghui.portal import messaging

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context) -> int:
    """The signed-in user's unread message count (one COUNT query per page, on an index)."""
    request = context.get("request")
    return messaging.unread_count(getattr(request, "user", None)) if request is not None else 0
