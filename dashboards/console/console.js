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

const STATUS_NAMES = {
  NEW: "新预警", ACKNOWLEDGED: "已签收", ASSIGNED: "已指派", VISITED: "已走访",
  VERIFIED: "已核查", CLOSED: "已办结", REOPENED: "重新打开",
};
const ACTION_NAMES = {
  ACKNOWLEDGE: "签收 acknowledge", ASSIGN: "指派 assign", VISIT: "入户走访 visit",
  VERIFY: "核查认定 verify", CLOSE: "办结 close", REOPEN: "重新打开 reopen",
};
const OUTCOME_NAMES = {
  ENROLLED_MEDICAL_ASSISTANCE: "纳入医疗救助 medical assistance", DIBAO: "纳入低保 dibao",
  OTHER_HELP: "其他帮扶 other help", NOT_ELIGIBLE: "不符合条件 not eligible",
};
const ROLE_NAMES = {
  LEADERSHIP: "县领导", COUNTY_OFFICER: "县监测专员", TOWNSHIP_OFFICER: "乡镇监测专员", DATA_ENGINEER: "数据工程师",
};

/** To the login page, coming back here afterwards. */
function toLogin() {
  location.href = "login.html?next=" + encodeURIComponent(location.pathname.replace(/^\//, "") + location.search);
}

let sessionPromise = null;

/** The logged-in user {user, display_name, role, township_code, sees_persons, csrf_token, …} (once per page). */
function session() {
  if (!sessionPromise) sessionPromise = api("api/session");
  return sessionPromise;
}

/** POST /api/... with a JSON body and the session's CSRF token; errors as for api(). */
async function post(path, body) {
  const s = await session();
  return api(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": s.csrf_token },
    body: JSON.stringify(body || {}),
  });
}

/** The user and a logout button in the header; the queue link only for the roles that may see it. */
async function initNav() {
  const s = await session();
  const nav = document.querySelector("nav.top");
  if (!nav) return s;
  if (!s.sees_persons) nav.querySelectorAll('a[href="queue.html"]').forEach((a) => a.remove());
  const who = document.createElement("span");
  who.className = "who";
  who.innerHTML = `<span data-testid="user">${esc(s.display_name)} · ${esc(ROLE_NAMES[s.role] || s.role)}</span>
    <button type="button" id="logout" data-testid="logout">退出 logout</button>`;
  nav.appendChild(who);
  document.getElementById("logout").onclick = async () => {
    try { await post("api/logout"); } finally { location.href = "login.html"; }
  };
  return s;
}

/** GET (or `init`) /api/...; shows or clears the red banner; 401 goes to the login page. */
async function api(path, init) {
  let response;
  try {
    response = await fetch(path, Object.assign({ cache: "no-store", credentials: "same-origin" }, init || {}));
  } catch (e) {
    throw showBanner(new ApiError("控制台服务不可达 / console server unreachable", 0, true));
  }
  let body = null;
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  if (response.status === 503 && body && body.error === "search_unreachable") {
    throw showBanner(new ApiError("搜索引擎不可达 / search engine unreachable: " + body.search_url, 503, true));
  }
  if (response.status === 401 && !(init && init.noLoginRedirect)) {
    toLogin();
    throw new ApiError("请登录 / login required", 401, false);
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

/** A warning's status, with the overdue flag (service level missed) when the job set it. */
function statusBadge(w) {
  const status = w.status || "NEW";
  return `<span class="status" data-testid="status">${esc(STATUS_NAMES[status] || status)}</span>`
    + (w.overdue ? ' <span class="overdue" data-testid="overdue">超期 overdue</span>' : "");
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
