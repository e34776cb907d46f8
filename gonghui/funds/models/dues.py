"""Dues (会费): filled by the dues part."""
__all__: list[str] = []
