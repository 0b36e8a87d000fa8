// 数据看板 charts (ECharts), drawn from the page's chart-data JSON.
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const short = (name) => name.replace(/总工会$/, "").replace(/工会(委员会)?$/, "");
  const labels = data.labels.map(short);
  const base = {
    animation: false,
    grid: { left: 48, right: 48, top: 36, bottom: 64 },
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    textStyle: { fontFamily: "system-ui, 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif" },
  };
  const categories = { type: "category", data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } };
  const charts = [];
  function draw(id, option) {
    const el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return;
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(Object.assign({}, base, option));
    charts.push(chart);
  }
  draw("chart-members", {
    xAxis: categories, yAxis: { type: "value", name: "人", minInterval: 1 },
    series: [
      { name: "会员人数", type: "bar", data: data.members, itemStyle: { color: "#c0392b" } },
      { name: "农民工会员", type: "bar", data: data.migrant_members, itemStyle: { color: "#e67e22" } },
    ],
  });
  draw("chart-rate", {
    xAxis: categories, yAxis: { type: "value", name: "%", max: 100 },
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null ? "—" : v + "%") },
    series: [{ name: "建会率", type: "bar", data: data.establishment_rate, itemStyle: { color: "#2e86c1" },
               label: { show: labels.length <= 12, position: "top", fontSize: 10,
                        formatter: (p) => (p.value === null ? "" : p.value + "%") } }],
  });
  draw("chart-monthly", {
    xAxis: { type: "category", data: data.months },
    yAxis: [{ type: "value", name: "个", minInterval: 1 }, { type: "value", name: "人", minInterval: 1 }],
    series: [
      { name: "新建基层工会", type: "line", data: data.new_unions, yAxisIndex: 0, itemStyle: { color: "#2e86c1" } },
      { name: "新发展会员", type: "bar", data: data.new_members, yAxisIndex: 1, itemStyle: { color: "#c0392b" } },
    ],
  });
  draw("chart-fund", {
    xAxis: categories, yAxis: { type: "value", name: "个", minInterval: 1 },
    series: [{ name: "尚未建会", type: "bar", data: data.fund_open, itemStyle: { color: "#d35400" },
               label: { show: labels.length <= 12, position: "top", fontSize: 10 } }],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  window.addEventListener("beforeprint", () => charts.forEach((c) => c.resize()));
})();
