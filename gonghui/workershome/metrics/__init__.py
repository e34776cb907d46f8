"""The workers' home figures, one module per part (registered as area "workershome" by metrics_registry.py)."""
from . import accreditation, books, equipment, rooms

PARTS = (books, equipment, rooms, accreditation)
METRICS = [m for part in PARTS for m in part.METRICS]
KEY = [code for part in PARTS for code in part.KEY]
CHARTS = [chart for part in PARTS for chart in part.CHARTS]
