"""The achievements figures, one module per part (registered as area "achievements" by metrics_registry.py)."""
from . import charts, competitions, honours, innovation, suggestions

PARTS = (suggestions, competitions, honours, innovation)
METRICS = [m for part in PARTS for m in part.METRICS]
KEY = [code for part in PARTS for code in part.KEY]
CHARTS = [chart for part in PARTS for chart in part.CHARTS] + charts.CHARTS
