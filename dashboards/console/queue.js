// Warning queue (预警待办): NEW warnings with filters and paging; masked personal data only.
"use strict";

const form = document.getElementById("filters");
const state = Object.fromEntries(new URLSearchParams(location.search));
state.page = Number(state.page || 1);
for (const name of ["township", "level", "category"]) if (state[name]) form.elements[name].value = state[name];

function query() {
  const q = new URLSearchParams();
  for (const name of ["township", "level", "category", "year"]) if (state[name]) q.set(name, state[name]);
  if (state.page > 1) q.set("page", state.page);
  return q.toString();
}

function render(data) {
  setText("queue-total", fmtInt(data.total));
  const select = form.elements.township;
  const chosen = state.township || "";
  select.innerHTML = '<option value="">全部 all</option>' + data.townships.map((t) =>
    `<option value="${esc(t.code)}">${esc(t.name)} (${fmtInt(t.count)})</option>`).join("");
  if (chosen && !data.townships.some((t) => t.code === chosen)) select.insertAdjacentHTML("beforeend", `<option value="${esc(chosen)}">${esc(chosen)}</option>`);
  select.value = chosen;
  document.getElementById("counts").innerHTML = ["RED", "YELLOW", "BLUE"].map((l) =>
    `<span>${levelBadge(l)} <b data-testid="queue-count-${l}">${fmtInt(data.levels[l])}</b></span>`).join("");
  document.querySelector("#queue tbody").innerHTML = data.rows.map((r) => `
    <tr class="clickable" data-testid="queue-row" data-person="${esc(r.person)}" data-level="${esc(r.to_level)}">
      <td>${levelBadge(r.to_level)}</td><td>${esc(fmtTime(r.event_time))}</td><td>${esc(r.psn_name_masked)}</td>
      <td>${esc(r.certno_masked)}</td><td>${esc(r.psn_no_masked)}</td><td>${esc(CATEGORY_NAMES[r.category] || r.category)}${r.identity ? " · " + esc(r.identity) : ""}</td>
      <td>${esc(r.township_name)} / ${esc(r.village_name)}</td><td class="num">${esc(fmtAmount(r.annual_self_pay_text))}</td>
      <td>${levelBadge(r.from_level)} → ${levelBadge(r.to_level)}</td><td>${esc(TRIGGER_NAMES[r.trigger] || r.trigger)}</td>
      <td>${statusBadge(r)}</td><td>${esc(r.assignee || "")}</td><td>${actionCell(r)}</td>
    </tr>`).join("") || '<tr><td colspan="13" class="empty">没有待办预警 / no open warnings</td></tr>';
  const pages = Math.max(1, Math.ceil(data.total / data.size));
  setText("page", `第 ${data.page} / ${pages} 页`);
  document.getElementById("prev").disabled = data.page <= 1;
  document.getElementById("next").disabled = data.page >= pages;
}

/** Actions published in this page, by warning id (the index shows them once the job applied them). */
const submitted = {};

function actionCell(r) {
  if (submitted[r.warning_id]) return `<span class="ok" data-testid="action-result">已提交 ${esc(submitted[r.warning_id])} / submitted</span>`;
  if (!triageEnabled) return "";
  if (r.status === "NEW" || r.status === "REOPENED") {
    return `<button type="button" class="ack" data-testid="ack-button" data-warning="${esc(r.warning_id)}">签收 acknowledge</button>`;
  }
  return '<span class="more">打开处置 / open to act →</span>';
}

let triageEnabled = false;

async function load() {
  render(await api("api/queue?" + query()));
}

form.addEventListener("change", () => {
  for (const name of ["township", "level", "category"]) state[name] = form.elements[name].value;
  state.page = 1;
  history.replaceState(null, "", "?" + query());
  load().catch(() => {});
});
document.getElementById("prev").onclick = () => { state.page--; history.replaceState(null, "", "?" + query()); load().catch(() => {}); };
document.getElementById("next").onclick = () => { state.page++; history.replaceState(null, "", "?" + query()); load().catch(() => {}); };
document.querySelector("#queue tbody").addEventListener("click", async (e) => {
  const ack = e.target.closest("button.ack");
  if (ack) {
    ack.disabled = true;
    try {
      await post("api/warnings/" + encodeURIComponent(ack.dataset.warning) + "/actions", { action: "ACKNOWLEDGE" });
      submitted[ack.dataset.warning] = "签收";
      ack.outerHTML = `<span class="ok" data-testid="action-result">已提交 签收 / submitted</span>`;
    } catch (err) {
      ack.disabled = false;
    }
    return;
  }
  const row = e.target.closest("tr[data-person]");
  if (row) location.href = "person.html?psn=" + encodeURIComponent(row.dataset.person);
});

initNav().then((s) => { triageEnabled = s.triage_enabled; every(10000, load); }).catch(() => {});
