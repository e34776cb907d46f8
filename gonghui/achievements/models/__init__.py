"""The achievements models, one module per part (see gonghui/achievements/__init__.py)."""
from .honours import *  # noqa: F401,F403
from .suggestions import *  # noqa: F401,F403
from .competitions import *  # noqa: F401,F403
from .innovation import *  # noqa: F401,F403
