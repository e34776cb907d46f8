"""The achievements API: gonghui/api_urls.py calls register(router); each part registers its viewsets."""
from . import competitions, honours, innovation, suggestions

PARTS = (suggestions, honours, competitions, innovation)


def register(router) -> None:
    for part in PARTS:
        part.register(router)
