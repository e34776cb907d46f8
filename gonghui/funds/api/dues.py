"""API of dues: register(router) adds its viewsets (called through api.register)."""


def register(router) -> None:
    pass
