"""Reads of the asset register and stock-takes (HOME_VIEW scope)."""
from __future__ import annotations

from django.db.models import QuerySet

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import Asset, StockTake


def assets(user, perm: str = Perm.HOME_VIEW, *, within=None) -> QuerySet[Asset]:
    qs = Asset.objects.filter(org_q(user, perm)).select_related("org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def stocktakes(user, perm: str = Perm.HOME_VIEW) -> QuerySet[StockTake]:
    return StockTake.objects.filter(org_q(user, perm)).select_related("org")
