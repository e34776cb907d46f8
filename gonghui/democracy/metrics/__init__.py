"""The democracy figures, one module per part (registered as area "democracy" by metrics_registry.py)."""
from . import congress, contracts, openaffairs, opinions, proposals, surveys

PARTS = (congress, proposals, openaffairs, surveys, contracts, opinions)
METRICS = [m for part in PARTS for m in part.METRICS]
KEY = [code for part in PARTS for code in part.KEY]
CHARTS = [chart for part in PARTS for chart in part.CHARTS]
