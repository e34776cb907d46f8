"""Union-B objects of this part for tests/test_scope_leaks.py (called by leak_objects.create)."""


def create(b: dict) -> None:
    pass
