"""The democracy API: gonghui/api_urls.py calls register(router); each part registers its viewsets."""
from . import congress, contracts, openaffairs, opinions, proposals, surveys

PARTS = (congress, proposals, openaffairs, surveys, contracts, opinions)


def register(router) -> None:
    for part in PARTS:
        part.register(router)
