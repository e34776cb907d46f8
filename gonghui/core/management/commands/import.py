"""`gonghui import KIND FILE --org CODE …`, `gonghui import --list`, `gonghui import --sweep` (core.importing)."""
from gonghui.core.importing.command import ImportCommand as Command  # noqa: F401
