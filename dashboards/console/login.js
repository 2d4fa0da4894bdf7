// Login (登录): POST /api/login, then back to the page asked for (or the role's start page).
"use strict";

const next = new URLSearchParams(location.search).get("next") || "";

function startPage(role) {
  return role === "COUNTY_OFFICER" || role === "TOWNSHIP_OFFICER" ? "queue.html" : "index.html";
}

/** Only pages of this console (no scheme, no host, no "//"): the login never sends the user elsewhere. */
function safeNext(path) {
  return /^[a-z]+\.html(\?[^#]*)?$/.test(path) ? path : null;
}

document.getElementById("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const error = document.getElementById("login-error");
  error.hidden = true;
  try {
    const s = await api("api/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ user: document.getElementById("user").value, password: document.getElementById("password").value }),
      noLoginRedirect: true,
    });
    location.href = safeNext(next) || startPage(s.role);
  } catch (err) {
    hideBanner();
    error.textContent = err.status === 401 ? "用户名或密码错误 / wrong user name or password" : err.message;
    error.hidden = false;
  }
});
