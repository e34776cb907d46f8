"""{% href 'app:name' %}: the address of a URL name that takes no arguments, remembered per process.

`{% url %}` resolves the name again on every render (about 50 µs each); the member's pages carry a dozen such links
on every visit (the tab bar, the cards' "more" links). An address without arguments depends only on the code (the
URLconf and the script prefix, both in the key), never on data, so remembering it cannot go stale behind another
server: the same memory as the menu's (`accounts.context_processors._href`).
"""
from django import template
from django.urls import get_script_prefix, get_urlconf

from gonghui.accounts.context_processors import _href

register = template.Library()


@register.simple_tag
def href(name: str) -> str:
    return _href(name, get_script_prefix(), get_urlconf())
