"""The funds API: gonghui/api_urls.py calls register(router); each part registers its viewsets."""
from . import dues, employers

PARTS = (employers, dues)


def register(router) -> None:
    for part in PARTS:
        part.register(router)
