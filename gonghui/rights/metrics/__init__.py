"""The rights figures, one module per part (registered as area "rights" by metrics_registry.py)."""
from . import disputes, hazards, injuries, legal, safety, women

PARTS = (disputes, legal, hazards, women, injuries, safety)
METRICS = [m for part in PARTS for m in part.METRICS]
KEY = [code for part in PARTS for code in part.KEY]
CHARTS = [chart for part in PARTS for chart in part.CHARTS]
