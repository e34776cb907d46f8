"""The democracy models, one module per part (see gonghui/democracy/__init__.py)."""
from .congress import *  # noqa: F401,F403
from .contracts import *  # noqa: F401,F403
from .openaffairs import *  # noqa: F401,F403
from .opinions import *  # noqa: F401,F403
from .proposals import *  # noqa: F401,F403
from .surveys import *  # noqa: F401,F403
