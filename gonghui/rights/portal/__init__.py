"""Rights on the member's phone and the officer's desk: imported by PortalConfig.ready() (desk.autodiscover);
each part declares its own entries, cards, to-dos, messages and reminders."""
from . import disputes, hazards, women  # noqa: F401
