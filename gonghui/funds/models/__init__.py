"""The funds models, one module per part (see gonghui/funds/__init__.py)."""
from .dues import *  # noqa: F401,F403
from .employers import *  # noqa: F401,F403
from .ledger import *  # noqa: F401,F403
from .allocation import *  # noqa: F401,F403
from .budget import *  # noqa: F401,F403
from .rules import *  # noqa: F401,F403
from .audit import *  # noqa: F401,F403
