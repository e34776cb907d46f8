"""The workers' home API: gonghui/api_urls.py calls register(router); each part registers its viewsets."""
from . import books, rooms

PARTS = (books, rooms)


def register(router) -> None:
    for part in PARTS:
        part.register(router)
