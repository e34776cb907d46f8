"""The funds API: gonghui/api_urls.py calls register(router); each part registers its viewsets."""
from . import budget, dues, employers, ledger

PARTS = (employers, dues, ledger, budget)


def register(router) -> None:
    for part in PARTS:
        part.register(router)
