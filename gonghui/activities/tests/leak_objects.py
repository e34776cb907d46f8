"""Union-B activities objects for tests/test_scope_leaks.py: one of every record reachable by id, part by part."""
from __future__ import annotations

from . import leak_events, leak_other


def create(b: dict) -> None:
    for part in (leak_events, leak_other):
        part.create(b)
