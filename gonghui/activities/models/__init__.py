"""The activities models, one module per part (see gonghui/activities/__init__.py)."""
from .events import *  # noqa: F401,F403
