"""Figures of this part: METRICS (gonghui.core.metrics.Metric/Ratio), KEY (dashboard's key figures), CHARTS
(reports.registry.ChartSpec). Codes start with "democracy."."""
METRICS: list = []
KEY: list[str] = []
CHARTS: list = []
