"""The workers' home on the member's phone and the officer's desk: imported by PortalConfig.ready()
(desk.autodiscover); each part declares its own entries, to-dos, messages and reminders."""
from . import books, rooms  # noqa: F401
