"""Union-B democracy objects for tests/test_scope_leaks.py: one of every record reachable by id, part by part."""
from __future__ import annotations

from . import leak_congress, leak_contracts, leak_openaffairs, leak_opinions, leak_proposals, leak_surveys


def create(b: dict) -> None:
    for part in (leak_congress, leak_proposals, leak_openaffairs, leak_surveys, leak_contracts, leak_opinions):
        part.create(b)
