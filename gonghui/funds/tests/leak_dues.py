"""Union-B dues objects for tests/test_scope_leaks.py (called by leak_objects.create): filled by the dues part."""


def create(b: dict) -> None:
    pass
