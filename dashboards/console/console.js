// medwarn console: helpers shared by the pages (API access, the unreachable banner, formatting).
"use strict";

const LEVEL_NAMES = { RED: "红", YELLOW: "黄", BLUE: "蓝", NONE: "无" };
const LEVEL_COLORS = { RED: "#e5484d", YELLOW: "#f5b700", BLUE: "#3b82f6", NONE: "#8b95a7" };
const CATEGORY_NAMES = { ASSISTED: "帮扶对象", ORDINARY: "普通参保群众" };
const TRIGGER_NAMES = { SETTLEMENT: "结算", REVERSAL: "冲销", REGISTRY_CHANGE: "身份变更" };

/** An error the API answered; `unreachable` when the search engine (or the console) cannot be reached. */
class ApiError extends Error {
  constructor(message, status, unreachable) {
    super(message);
    this.status = status;
    this.unreachable = unreachable;
  }
}

/** GET /api/...; shows or clears the red banner. */
async function api(path) {
  let response;
  try {
    response = await fetch(path, { cache: "no-store" });
  } catch (e) {
    throw showBanner(new ApiError("控制台服务不可达 / console server unreachable", 0, true));
  }
  let body = null;
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  if (response.status === 503 && body && body.error === "search_unreachable") {
    throw showBanner(new ApiError("搜索引擎不可达 / search engine unreachable: " + body.search_url, 503, true));
  }
  if (!response.ok) {
    const message = body && body.message ? body.message : "HTTP " + response.status;
    throw showBanner(new ApiError("请求失败 / request failed: " + message, response.status, false));
  }
  hideBanner();
  return body;
}

function showBanner(error) {
  const banner = document.getElementById("banner");
  if (banner) {
    banner.querySelector(".text").textContent = error.message;
    banner.querySelector(".retry").textContent = error.unreachable ? "正在重试 / retrying …" : "";
    banner.classList.remove("hidden");
  }
  return error;
}

function hideBanner() {
  const banner = document.getElementById("banner");
  if (banner) banner.classList.add("hidden");
}

/** Runs `load` now and every `ms` milliseconds, whether it succeeded or not (keeps retrying). */
function every(ms, load) {
  const run = async () => {
    try {
      await load();
      document.body.dataset.loaded = "true";
      document.body.dataset.loads = String(Number(document.body.dataset.loads || 0) + 1);
    } catch (e) {
      document.body.dataset.error = e.message;
      if (!(e instanceof ApiError)) console.error(e);
    } finally {
      setTimeout(run, ms);
    }
  };
  run();
}

function fmtInt(n) {
  return Number(n).toLocaleString("en-US");
}

function esc(s) {
  return String(s == null ? "" : s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function levelBadge(level) {
  return `<span class="lv lv-${esc(level)}">${esc(LEVEL_NAMES[level] || level)}</span>`;
}

/** "2025-03-04T10:15:00+08:00" → "2025-03-04 10:15" (the documents' times are China time). */
function fmtTime(iso) {
  if (!iso) return "";
  const m = /^(\d{4}-\d\d-\d\d)(?:T(\d\d:\d\d))?/.exec(String(iso));
  return m ? (m[2] ? m[1] + " " + m[2] : m[1]) : String(iso);
}

/** An exact amount text "1234567.89" → "1,234,567.89" (grouping only: no arithmetic on money). */
function fmtAmount(text) {
  if (text == null || text === "") return "";
  const [whole, fraction] = String(text).split(".");
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (fraction !== undefined ? "." + fraction : "");
}

function setText(id, text) {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
}

/** An ECharts instance on `id`, or null (and a notice) when the chart library was not bundled. */
function chartOn(id) {
  const el = document.getElementById(id);
  if (typeof echarts === "undefined") {
    el.innerHTML = '<div class="chart-missing">图表库未打包 / chart library (ECharts) missing: rebuild with npm</div>';
    return null;
  }
  const chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "canvas" });
  window.addEventListener("resize", () => chart.resize());
  return chart;
}
