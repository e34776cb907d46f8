"""The rights models, one module per part (see gonghui/rights/__init__.py)."""
from .disputes import *  # noqa: F401,F403
from .hazards import *  # noqa: F401,F403
from .legal import *  # noqa: F401,F403
from .screening import *  # noqa: F401,F403
from .women import *  # noqa: F401,F403
from .injuries import *  # noqa: F401,F403
from .safety import *  # noqa: F401,F403
