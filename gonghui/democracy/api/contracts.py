"""API of this part: register(router) adds its viewsets (called through api.register)."""


def register(router) -> None:
    pass
