"""The activities models, one module per part (see gonghui/activities/__init__.py)."""
from .events import *  # noqa: F401,F403
from .meetings import *  # noqa: F401,F403
from .publicity import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403
