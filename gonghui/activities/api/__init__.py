"""The activities API: gonghui/api_urls.py calls register(router); each part registers its viewsets."""
from . import events, other

PARTS = (events, other)


def register(router) -> None:
    for part in PARTS:
        part.register(router)
