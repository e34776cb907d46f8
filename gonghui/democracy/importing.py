"""The democracy importers on the core import engine (found by autodiscover_modules("importing")): one module per
part that has one."""
from . import importing_congress  # noqa: F401
