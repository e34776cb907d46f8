"""The activities figures, one module per part (registered as area "activities" by metrics_registry.py)."""
from . import events, other

PARTS = (events, other)
METRICS = [m for part in PARTS for m in part.METRICS]
KEY = [code for part in PARTS for code in part.KEY]
CHARTS = [chart for part in PARTS for chart in part.CHARTS]
