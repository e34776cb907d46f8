"""Funds on the member's phone and the officer's desk: imported by PortalConfig.ready() (desk.autodiscover);
each part declares its own entries, cards, to-dos, messages and reminders."""
from . import dues  # noqa: F401
from . import ledger  # noqa: F401,E402
from . import audit  # noqa: F401,E402
