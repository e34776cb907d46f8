"""Union-B funds objects for tests/test_scope_leaks.py: one of every record reachable by id, part by part."""
from __future__ import annotations

from . import leak_budget, leak_dues, leak_employers, leak_ledger


def create(b: dict) -> None:
    for part in (leak_employers, leak_dues, leak_ledger, leak_budget):
        part.create(b)
