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
    </tr>`).join("") || '<tr><td colspan="10" class="empty">没有新预警 / no NEW warnings</td></tr>';
  const pages = Math.max(1, Math.ceil(data.total / data.size));
  setText("page", `第 ${data.page} / ${pages} 页`);
  document.getElementById("prev").disabled = data.page <= 1;
  document.getElementById("next").disabled = data.page >= pages;
}

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
document.querySelector("#queue tbody").addEventListener("click", (e) => {
  const row = e.target.closest("tr[data-person]");
  if (row) location.href = "person.html?psn=" + encodeURIComponent(row.dataset.person);
});

every(10000, load);
