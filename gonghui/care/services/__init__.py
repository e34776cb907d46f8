"""Every change to care records. Services take keyword arguments only, the first being `actor`: the user acting
(checked against their scope: `Perm.CARE_EDIT` / `CARE_APPROVE` on the record's union; out of scope answers a
ServiceError that does not say whether the record exists). `actor=None` is the system itself (commands, demo data)
and skips the scope check; views and the API always pass `request.user`.

Each service validates, runs in a transaction, raises `gonghui.core.errors.ServiceError` with a Chinese message,
and is audited (AuditedModel signals; bulk writes through `audit.record_bulk`).
"""
from .assistance import *  # noqa: F401,F403
from .assistance import __all__ as _assistance
from .campaigns import *  # noqa: F401,F403
from .campaigns import __all__ as _campaigns
from .condolence import *  # noqa: F401,F403
from .condolence import __all__ as _condolence
from .hardship import *  # noqa: F401,F403
from .hardship import __all__ as _hardship
from .health import *  # noqa: F401,F403
from .health import __all__ as _health
from .rulesets import *  # noqa: F401,F403
from .rulesets import __all__ as _rulesets

__all__ = [*_assistance, *_campaigns, *_condolence, *_hardship, *_health, *_rulesets]
