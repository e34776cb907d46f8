// 统计分析: draws the dashboard's charts (ECharts) from the JSON the page carries; every bar, point and slice
// opens the list of its records.
(function () {
  "use strict";
  const source = document.getElementById("dashboard-charts");
  if (!source || typeof echarts === "undefined") return;
  const charts = JSON.parse(source.textContent);
  const colors = ["#b71c1c", "#f59e0b", "#2563eb", "#059669", "#7c3aed", "#db2777", "#0891b2", "#65a30d"];
  const number = (v) => (v === null || v === undefined ? null : Number(v));
  // Category labels slant when they would not fit side by side (months, or long Chinese names).
  const crowded = (chart) => chart.categories.length > 6 || chart.categories.join("").length > 5 * chart.categories.length;
  const drawn = [];

  function option(chart) {
    if (chart.kind === "pie") {
      const s = chart.series[0];
      return {
        animation: false, color: colors,
        tooltip: {trigger: "item", renderMode: "richText", formatter: (p) => `${p.name}：${p.value}${s.unit}（${p.percent}%）`},
        legend: {type: "scroll", bottom: 0},
        series: [{name: s.name, type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
                  data: chart.categories.map((name, i) => ({name, value: number(s.data[i])}))
                    .filter((d) => d.value !== null)}],
      };
    }
    return {
      animation: false, color: colors,
      tooltip: {trigger: "axis", renderMode: "richText"},
      legend: chart.series.length > 1 ? {top: 0} : undefined,
      grid: {left: 60, right: 20, top: chart.series.length > 1 ? 30 : 15, bottom: 40, containLabel: true},
      xAxis: {type: "category", data: chart.categories, axisLabel: {interval: 0, rotate: crowded(chart) ? 30 : 0}},
      yAxis: {type: "value", minInterval: 1},
      series: chart.series.map((s) => ({
        name: s.name, type: chart.kind === "line" ? "line" : "bar", data: s.data.map(number),
        connectNulls: true, barMaxWidth: 36, cursor: "pointer",
      })),
    };
  }

  charts.forEach((chart) => {
    const el = document.querySelector(`[data-chart="${chart.code}"]`);
    if (!el) return;
    const instance = echarts.init(el);
    instance.setOption(option(chart));
    instance.on("click", (params) => {
      const s = chart.series[chart.kind === "pie" ? 0 : params.seriesIndex];
      const index = chart.kind === "pie" ? chart.categories.indexOf(params.name) : params.dataIndex;
      const url = s && s.urls[index];
      if (url) window.location.href = url;
    });
    el.dataset.rendered = "1";
    drawn.push(instance);
  });
  window.addEventListener("resize", () => drawn.forEach((c) => c.resize()));
})();
