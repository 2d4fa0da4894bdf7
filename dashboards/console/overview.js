// Leadership overview (领导总览): reads /api/overview and /api/trend every 5 seconds.
"use strict";

const LEVELS_HIGH_FIRST = ["RED", "YELLOW", "BLUE"];
const params = new URLSearchParams(location.search);
const yearParam = params.get("year") ? "?year=" + encodeURIComponent(params.get("year")) : "";
const axisStyle = { axisLabel: { color: "#c7d4f0", fontSize: 13 }, axisLine: { lineStyle: { color: "#3a4f7a" } }, splitLine: { lineStyle: { color: "#23365e" } } };
const charts = { townships: chartOn("chart-townships"), trend: chartOn("chart-trend"), categories: chartOn("chart-categories") };

function stackedSeries(rows) {
  return LEVELS_HIGH_FIRST.slice().reverse().map((level) => ({
    name: LEVEL_NAMES[level] + " " + level.toLowerCase(),
    type: "bar",
    stack: "persons",
    barMaxWidth: 26,
    itemStyle: { color: LEVEL_COLORS[level] },
    data: rows.map((r) => r[level]),
  }));
}

function renderOverview(o) {
  setText("year", o.year);
  setText("county", o.county_name ? o.county_name + " · " : "");
  setText("as-of", o.as_of ? fmtTime(o.as_of) : "—");
  for (const level of LEVELS_HIGH_FIRST) setText("kpi-" + level, fmtInt(o.levels[level].persons));
  setText("kpi-warned", fmtInt(o.warned.persons));
  setText("kpi-self-pay", o.warned.self_pay_text);
  for (const c of ["ASSISTED", "ORDINARY"]) {
    const cat = o.categories[c];
    setText(`cat-${c}-warned`, fmtInt(cat.warned) + " 人");
    for (const level of LEVELS_HIGH_FIRST) setText(`cat-${c}-${level}`, fmtInt(cat[level]));
    setText(`cat-${c}-self-pay`, cat.warned_self_pay_text);
  }
  const rows = o.townships.slice().sort((a, b) => b.warned - a.warned || a.code.localeCompare(b.code));
  document.querySelector("#township-table tbody").innerHTML = rows.map((t) => `
    <tr data-township="${esc(t.code)}">
      <td>${esc(t.name)}</td>
      ${LEVELS_HIGH_FIRST.map((l) => `<td class="num" data-level="${l}">${fmtInt(t[l])}</td>`).join("")}
      <td class="num" data-level="warned"><b>${fmtInt(t.warned)}</b></td>
      <td class="num" data-level="self-pay">${esc(t.warned_self_pay_text)}</td>
    </tr>`).join("") || '<tr><td colspan="6" class="empty">暂无数据 / no data yet</td></tr>';
  document.querySelector("#township-table tfoot").innerHTML = `
    <tr data-township="total"><th>全县合计 <span class="en">county</span></th>
      ${LEVELS_HIGH_FIRST.map((l) => `<th class="num">${fmtInt(o.levels[l].persons)}</th>`).join("")}
      <th class="num">${fmtInt(o.warned.persons)}</th><th class="num">${esc(o.warned.self_pay_text)}</th></tr>`;

  if (charts.townships) {
    const byWarned = o.townships.slice().sort((a, b) => a.warned - b.warned);
    charts.townships.setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { textStyle: { color: "#c7d4f0" }, top: 0 },
      grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1, ...axisStyle },
      yAxis: { type: "category", data: byWarned.map((t) => t.name), ...axisStyle },
      series: stackedSeries(byWarned),
    });
  }
  if (charts.categories) {
    const cats = ["ASSISTED", "ORDINARY"];
    charts.categories.setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1, ...axisStyle },
      yAxis: { type: "category", data: cats.map((c) => CATEGORY_NAMES[c]), ...axisStyle },
      series: stackedSeries(cats.map((c) => o.categories[c])),
    });
  }
}

function renderTrend(t) {
  if (!charts.trend) return;
  charts.trend.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { textStyle: { color: "#c7d4f0" }, top: 0 },
    grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: t.weeks.map((w) => w.week.substring(5)), ...axisStyle },
    yAxis: { type: "value", minInterval: 1, ...axisStyle },
    series: stackedSeries(t.weeks),
  });
  document.getElementById("chart-trend").dataset.total = String(t.weeks.reduce((s, w) => s + w.total, 0));
}

initNav().catch(() => {});
every(5000, async () => {
  const [overview, trend] = await Promise.all([api("api/overview" + yearParam), api("api/trend" + yearParam)]);
  renderOverview(overview);
  renderTrend(trend);
  setText("refreshed", new Date().toLocaleTimeString("zh-CN", { hour12: false }));
});
