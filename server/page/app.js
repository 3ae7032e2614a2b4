// Placeholder: pairs with the one-time code from the address's fragment, then forgets it.
"use strict";
const status = document.getElementById("status");

async function pair() {
  const code = new URLSearchParams(location.hash.slice(1)).get("k");
  history.replaceState(null, "", location.pathname);
  if (code) {
    await fetch("/api/pair", {method: "POST", headers: {"Content-Type": "application/json"},
                              body: JSON.stringify({code, device: navigator.platform || "browser"})});
  }
  const r = await fetch("/api/session");
  status.textContent = r.ok ? "Paired." : "Not paired: open the address that diary serve printed.";
}

document.getElementById("log").addEventListener("click", async () => {
  const r = await fetch("/api/episodes", {method: "POST", headers: {"Content-Type": "application/json"}, body: "{}"});
  status.textContent = r.ok ? "Saved." : "Not saved.";
});
pair();
