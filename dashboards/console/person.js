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
    <tr data-testid="history-row" data-warning="${esc(w.warning_id)}"><td>${esc(fmtTime(w.event_time))}</td><td>${esc(w.year)}</td><td>${levelBadge(w.from_level)} → ${levelBadge(w.to_level)}</td>
      <td class="num">${esc(fmtAmount(w.annual_self_pay_text))}</td><td>${esc(TRIGGER_NAMES[w.trigger] || w.trigger)}</td><td>${esc(w.setl_id)}</td><td>${statusBadge(w)}</td>
      <td>${esc(w.assignee || "")}</td><td>${esc(OUTCOME_NAMES[w.outcome] || w.outcome || "")}</td></tr>${trail(w)}`).join("")
    || '<tr><td colspan="9" class="empty">无级别变化 / no level change</td></tr>';
  renderTriageChoices(p.history);
  renderSettlements(p);
}

/** The settlements the job received for this person (medwarn-settlements), newest first. */
function renderSettlements(p) {
  const list = Array.isArray(p.settlements) ? p.settlements : [];
  const total = p.settlements_total || 0;
  document.querySelector("#settlements tbody").innerHTML = list.map((s) => `
    <tr data-testid="settlement-row" data-setl="${esc(s.setl_id)}" class="${s.reversal ? "reversal" : ""}"><td>${esc(fmtTime(s.setl_time))}</td><td>${esc(s.year)}</td>
      <td>${esc(s.setl_id)}</td><td class="num">${esc(fmtAmount(s.psn_part_amt_text))}</td><td class="num">${esc(fmtAmount(s.fulamt_ownpay_amt_text))}</td>
      <td>${esc(s.init_setl_id || "")}</td></tr>`).join("")
    || '<tr><td colspan="6" class="empty">暂无结算 / no settlement received</td></tr>';
  document.getElementById("settlements-note").textContent = total > list.length
    ? `共 ${total} 笔，显示最近 ${list.length} 笔 / ${total} settlements, the latest ${list.length} shown`
    : `共 ${total} 笔（含退费）/ ${total} settlements received, reversals included`;
}

/** The audit trail of a warning (history written by the monitoring job), oldest first. */
function trail(w) {
  const h = Array.isArray(w.history) ? w.history : [];
  if (!h.length) return "";
  return `<tr><td colspan="9"><table class="data trail" data-testid="trail"><tbody>${h.map((a) => `
    <tr data-testid="trail-row"><td>${esc(fmtTime(a.action_time))}</td><td>${esc(ACTION_NAMES[a.action] || a.action)}</td>
      <td>${esc(a.actor)} (${esc(ROLE_NAMES[a.actor_role] || a.actor_role)})</td><td>${esc(a.assignee || "")}</td>
      <td>${esc(OUTCOME_NAMES[a.outcome] || a.outcome || "")}</td><td>${esc(a.note || "")}</td></tr>`).join("")}</tbody></table></td></tr>`;
}

let warnings = [];

function options(select, entries, keep) {
  const value = keep ? select.value : "";
  select.innerHTML = entries.map(([v, label]) => `<option value="${esc(v)}">${esc(label)}</option>`).join("");
  if (value && entries.some(([v]) => v === value)) select.value = value;
}

function renderTriageChoices(history) {
  warnings = history;
  options(document.getElementById("triage-warning"), history.slice().reverse().map((w) =>
    [w.warning_id, `${w.year} #${w.sequence} ${LEVEL_NAMES[w.from_level]}→${LEVEL_NAMES[w.to_level]} · ${STATUS_NAMES[w.status || "NEW"] || w.status}`]), true);
}

async function loadAssignees() {
  const w = warnings.find((x) => x.warning_id === document.getElementById("triage-warning").value);
  if (!w || !w.township_code) return;
  const officers = await api("api/officers?township=" + encodeURIComponent(w.township_code));
  options(document.getElementById("triage-assignee"), officers.map((o) => [o.name, `${o.display_name} (${o.name})`]), true);
}

function initTriage(s) {
  if (!s.triage_enabled) return;
  document.getElementById("triage-card").hidden = false;
  options(document.getElementById("triage-action"), Object.entries(ACTION_NAMES));
  options(document.getElementById("triage-outcome"), Object.entries(OUTCOME_NAMES));
  const form = document.getElementById("triage");
  const sync = () => {
    const action = form.elements.action.value;
    document.getElementById("assignee-field").hidden = action !== "ASSIGN";
    document.getElementById("outcome-field").hidden = action !== "VERIFY";
    if (action === "ASSIGN") loadAssignees().catch(() => {});
  };
  form.elements.action.addEventListener("change", sync);
  form.elements.warning.addEventListener("change", sync);
  sync();
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const action = form.elements.action.value;
    const body = { action };
    if (action === "ASSIGN") body.assignee = form.elements.assignee.value;
    if (action === "VERIFY") body.outcome = form.elements.outcome.value;
    if (form.elements.note.value.trim()) body.note = form.elements.note.value;
    const result = document.getElementById("triage-result");
    try {
      const r = await post("api/warnings/" + encodeURIComponent(form.elements.warning.value) + "/actions", body);
      result.className = "ok";
      result.textContent = `已提交 / submitted: ${ACTION_NAMES[r.action]} · ${fmtTime(r.action_time)} · ${r.action_id}`;
      form.elements.note.value = "";
    } catch (err) {
      result.className = "error";
      result.textContent = err.message;
    }
  });
}

initNav().then(initTriage).catch(() => {});

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
