// Live reload for `digest serve` (builder/preview/server.py injects <script src="/.digest/reload.js">).
// Every status event carries the last good build number and the last build's problems:
// reload when the number moves on, show an overlay (text only, never HTML) while it failed.
(() => {
  "use strict";
  const build = Number(document.currentScript.dataset.build);
  let box = null;
  function show(lines) {
    if (!box) {
      box = document.createElement("div");
      box.id = "digest-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.94);color:#fff;font:15px/1.5 monospace;padding:2em";
      document.documentElement.appendChild(box);
    }
    const title = document.createElement("h2");
    title.textContent = "digest serve: the last rebuild failed (showing the last good site)";
    const list = document.createElement("pre");
    list.style.whiteSpace = "pre-wrap";
    list.textContent = lines.join("\n");
    box.replaceChildren(title, list);
  }
  const source = new EventSource("/.digest/events");
  source.addEventListener("status", (event) => {
    const status = JSON.parse(event.data);
    if (status.problems.length) { show(status.problems); return; }
    if (status.build !== build) { source.close(); location.reload(); return; }
    if (box) { box.remove(); box = null; }
  });
})();
