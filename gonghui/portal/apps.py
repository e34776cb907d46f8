"""The member's side and the officer's desk (issue 9): what members and officers see of every work area in one place.

Work areas plug in by declaration only (DESIGN.md): they do not edit this app, they register with it from their own
`<app>/portal.py` (to-do sources, message kinds, reminders: portal/desk.py, portal/messaging.py).
"""
from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gonghui.portal"
    label = "portal"
    verbose_name = "会员服务与工作台"

    def ready(self):
        from . import desk, member_areas  # noqa: F401 (the portal's own member entries and cards)

        desk.autodiscover()
