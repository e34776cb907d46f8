// The home page's two charts (ECharts, from the JSON the page carries in <script type="application/json">).
(function () {
  const trend = JSON.parse(JSON.parse(document.getElementById("trend-data").textContent));
  const composition = JSON.parse(JSON.parse(document.getElementById("composition-data").textContent));
  const charts = [
    echarts.init(document.getElementById("chart-trend")), echarts.init(document.getElementById("chart-composition"))];
  charts[0].setOption({
    animation: false, tooltip: {trigger: "axis", renderMode: "richText"}, grid: {left: 50, right: 20, top: 20, bottom: 30},
    xAxis: {type: "category", data: trend.months}, yAxis: {type: "value", minInterval: 1},
    series: [{name: "会员", type: "line", smooth: true, areaStyle: {opacity: .15}, data: trend.members, color: "#b71c1c"}]
  });
  charts[1].setOption({
    animation: false, tooltip: {trigger: "item", renderMode: "richText"}, legend: {bottom: 0},
    series: [{type: "pie", radius: ["40%", "70%"], data: composition, color: ["#b71c1c", "#f59e0b"]}]
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
