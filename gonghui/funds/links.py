"""The ledger's link point (收支账的关联点): how other areas' records become proposed ledger entries.

An area never writes to the ledger. It declares, in its own `gonghui/<app>/ledger_links.py` (imported at start-up
by `FundsConfig.ready()`, like `portal.py` and `metrics_registry.py`), a `LedgerSource`: which of its records cost or
bring money, and how each reads as an entry. `services.ledger.ledger_propose` asks every source for the records of a
union in a period and stores each as a *proposed* entry (待入账) keyed by `Proposal.key` — unique in the union, so a
record is proposed once however often the sources are read, and booked at most once. The treasurer books it (with a
voucher number) or refuses it with a reason; a refused proposal stays refused.

```python
# gonghui/care/ledger_links.py
from gonghui.funds import links
from gonghui.funds.models import Category

def paid_assistance(org, start, end):          # the union's own records in [start, end]
    for a in Assistance.objects.filter(org=org, status="disbursed", disbursed_on__range=(start, end)):
        yield links.Proposal(key=f"care.assistance:{a.pk}", entry_date=a.disbursed_on, amount=a.amount,
                             category=Category.RIGHTS, subcategory="困难职工帮扶", summary=f"…",
                             counterparty=a.person.name, url=reverse("care:assistance_detail", args=[a.pk]))

links.register(links.LedgerSource("care.assistance", "帮扶救助发放", paid_assistance))
```

Rules a source keeps: it reads only `org`'s own records (not its subtree: each union keeps its own books), with a
fixed number of queries whatever their number; `key` starts with the source's key; `amount` is a positive Decimal
to the fen; a record that should not cost money (a visit without a gift) is simply not yielded.
"""
from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.utils.module_loading import module_has_submodule

MODULE = "ledger_links"


@dataclass(frozen=True)
class Proposal:
    key: str
    entry_date: datetime.date
    amount: Decimal
    category: str
    summary: str
    subcategory: str = ""
    counterparty: str = ""
    url: str = ""


@dataclass(frozen=True)
class LedgerSource:
    key: str
    label: str
    collect: Callable[..., Iterable[Proposal]]  # collect(org, start, end) -> proposals


_SOURCES: dict[str, LedgerSource] = {}


def register(source: LedgerSource) -> LedgerSource:
    if ":" in source.key:
        raise ValueError(f"a ledger source key has no colon: {source.key}")
    _SOURCES[source.key] = source
    return source


def sources() -> list[LedgerSource]:
    return list(_SOURCES.values())


def source_of(key: str) -> LedgerSource | None:
    """The source a proposal's key (``care.assistance:812``) came from."""
    return _SOURCES.get(key.split(":", 1)[0])


def autodiscover() -> list[str]:
    imported = []
    for config in apps.get_app_configs():
        if config.name.startswith("gonghui.") and module_has_submodule(config.module, MODULE):
            importlib.import_module(f"{config.name}.{MODULE}")
            imported.append(f"{config.name}.{MODULE}")
    return imported
