"""Figures of dues (会费): filled by the dues part."""
METRICS: list = []
KEY: list[str] = []
CHARTS: list = []
