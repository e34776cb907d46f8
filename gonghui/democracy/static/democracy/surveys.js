// 问卷结果: draws each question's and the evaluation's chart (ECharts) from the JSON the page carries.
(function () {
  "use strict";
  const source = document.getElementById("survey-charts");
  if (!source || typeof echarts === "undefined") return;
  const charts = JSON.parse(source.textContent);
  const colors = ["#b71c1c", "#f59e0b", "#2563eb", "#059669", "#7c3aed"];
  const drawn = [];
  charts.forEach((chart) => {
    const el = document.querySelector(`[data-survey-chart="${chart.id}"]`);
    if (!el) return;
    const stacked = chart.kind === "stack";
    const instance = echarts.init(el);
    instance.setOption({
      animation: false, color: stacked ? ["#059669", "#f59e0b", "#b71c1c"] : colors,
      tooltip: {trigger: "axis", renderMode: "richText"},
      legend: stacked ? {top: 0} : undefined,
      grid: {left: 40, right: 20, top: stacked ? 30 : 15, bottom: 30, containLabel: true},
      xAxis: {type: "category", data: chart.categories,
              axisLabel: {interval: 0, rotate: chart.categories.join("").length > 6 * chart.categories.length ? 30 : 0}},
      yAxis: {type: "value", minInterval: 1},
      series: chart.series.map((s) => ({name: s.name, type: "bar", data: s.data, barMaxWidth: 40,
                                        stack: stacked ? "grade" : undefined,
                                        label: {show: !stacked, position: "top"}})),
    });
    el.dataset.rendered = "1";
    drawn.push(instance);
  });
  window.addEventListener("resize", () => drawn.forEach((c) => c.resize()));
})();
