"""The rights API: gonghui/api_urls.py calls register(router); each part registers its viewsets."""
from . import disputes, hazards, legal

PARTS = (hazards, disputes, legal)


def register(router) -> None:
    for part in PARTS:
        part.register(router)
