"""The funds figures, one module per part (registered as area "funds" by metrics_registry.py)."""
from . import allocation, budget, dues, employers, ledger

PARTS = (employers, dues, allocation, ledger, budget)
METRICS = [m for part in PARTS for m in part.METRICS]
KEY = [code for part in PARTS for code in part.KEY]
CHARTS = [chart for part in PARTS for chart in part.CHARTS]
