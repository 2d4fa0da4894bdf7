// Person page (个人详情): ledger per year and level history; the one page with the full person number.
"use strict";

const psn = new URLSearchParams(location.search).get("psn") || "";
setText("psn-no", psn);

function render(p) {
  const latest = p.ledger[0] || p.history[p.history.length - 1] || {};
  const facts = [
    ["人员编号 person no.", p.psn_no], ["姓名 name", latest.psn_name_masked], ["身份证号 ID no.", latest.certno_masked],
    ["类别 category", (CATEGORY_NAMES[latest.category] || latest.category || "") + (latest.identity ? " · " + latest.identity : "")],
    ["乡镇 township", latest.township_name], ["村 village", latest.village_name],
    ["县 county", latest.county_name], ["登记缺失 registry missing", latest.registry_missing ? "是 yes" : "否 no"],
  ];
  document.getElementById("facts").innerHTML = facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v || "—")}</dd>`).join("");
  document.querySelector("#ledger tbody").innerHTML = p.ledger.map((y) => `
    <tr data-year="${esc(y.year)}"><td>${esc(y.year)}</td><td>${levelBadge(y.level)}</td><td class="num">${esc(fmtAmount(y.annual_self_pay_text))}</td>
      <td class="num">${esc(y.settlements_counted)}</td><td>${esc(fmtTime(y.first_blue_time))}</td><td>${esc(fmtTime(y.first_yellow_time))}</td>
      <td>${esc(fmtTime(y.first_red_time))}</td><td>${esc(fmtTime(y.last_setl_time))}</td><td>${esc(y.policy_version)}</td></tr>`).join("")
    || '<tr><td colspan="9" class="empty">暂无台账 / no ledger row</td></tr>';
  document.querySelector("#history tbody").innerHTML = p.history.map((w) => `
    <tr data-testid="history-row"><td>${esc(fmtTime(w.event_time))}</td><td>${esc(w.year)}</td><td>${levelBadge(w.from_level)} → ${levelBadge(w.to_level)}</td>
      <td class="num">${esc(fmtAmount(w.annual_self_pay_text))}</td><td>${esc(TRIGGER_NAMES[w.trigger] || w.trigger)}</td><td>${esc(w.setl_id)}</td><td>${esc(w.status)}</td></tr>`).join("")
    || '<tr><td colspan="7" class="empty">无级别变化 / no level change</td></tr>';
}

every(10000, async () => {
  try {
    render(await api("api/persons/" + encodeURIComponent(psn)));
    document.getElementById("not-found").hidden = true;
  } catch (e) {
    if (e.status === 404) {
      hideBanner();
      document.getElementById("not-found").hidden = false;
    } else {
      throw e;
    }
  }
});
