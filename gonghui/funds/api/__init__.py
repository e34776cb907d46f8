"""The funds API: gonghui/api_urls.py calls register(router); each part registers its viewsets."""
from . import budget, dues, employers

PARTS = (employers, dues, budget)


def register(router) -> None:
    for part in PARTS:
        part.register(router)
