"""The achievements API: gonghui/api_urls.py calls register(router); each part registers its viewsets."""
from . import honours, suggestions

PARTS = (suggestions, honours)


def register(router) -> None:
    for part in PARTS:
        part.register(router)
