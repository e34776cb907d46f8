"""The workers' home models, one module per part (see gonghui/workershome/__init__.py)."""
from .accreditation import *  # noqa: F401,F403
from .assets import *  # noqa: F401,F403
from .books import *  # noqa: F401,F403
from .equipment import *  # noqa: F401,F403
from .rooms import *  # noqa: F401,F403
from .ereading import *  # noqa: F401,F403
