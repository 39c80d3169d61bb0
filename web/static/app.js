// keepwarm: the desk's live reply clocks. Each .clock carries the instant
// its message arrived (data-since, Unix seconds) and its target (seconds);
// the server renders the value, this keeps it ticking and marks it late.
(function () {
  "use strict";
  function fmt(s) {
    if (s < 0) s = 0;
    var m = Math.floor(s / 60), h = Math.floor(s / 3600), d = Math.floor(s / 86400);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    if (s < 60) return s + "s";
    if (s < 3600) return m + "m " + two(s % 60) + "s";
    if (s < 172800) return h + "h " + two(Math.floor(s % 3600 / 60)) + "m";
    return d + "d " + Math.floor(s % 86400 / 3600) + "h";
  }
  // The server's clock may differ from the browser's (and a replayed
  // --now certainly does): tick from the server's time of rendering.
  var skew = 0;
  function sync() {
    var meta = document.querySelector("meta[name=server-now]");
    if (meta) skew = parseInt(meta.content, 10) * 1000 - Date.now();
  }
  function tick() {
    var now = Math.floor((Date.now() + skew) / 1000);
    document.querySelectorAll(".clock[data-since]").forEach(function (el) {
      var waited = now - parseInt(el.dataset.since, 10);
      el.textContent = fmt(waited);
      var li = el.closest("li");
      if (li && waited > parseInt(el.dataset.target || "0", 10)) li.classList.add("late");
    });
  }
  document.addEventListener("DOMContentLoaded", function () { sync(); tick(); setInterval(tick, 1000); });
  document.addEventListener("htmx:afterSettle", function () { sync(); tick(); });
  // A form refused (400, 409...) says why beside its button and keeps what
  // was typed; any other refusal shows its page with the reason, as it
  // would without JavaScript, instead of being dropped by htmx.
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr.status < 400) return;
    var cfg = e.detail.requestConfig || {};
    var form = cfg.elt && cfg.elt.closest ? cfg.elt.closest("form") : null;
    if (form && cfg.verb === "post" && e.detail.xhr.status < 500) {
      var doc = new DOMParser().parseFromString(e.detail.xhr.responseText || "", "text/html");
      var reason = doc.querySelector("section.notice p");
      if (reason && reason.textContent.trim()) {
        e.detail.shouldSwap = false; e.detail.isError = false;
        var box = form.querySelector(".refused");
        if (!box) {
          box = document.createElement("p");
          box.className = "refused error";
          box.setAttribute("role", "alert");
          form.appendChild(box);
        }
        box.textContent = reason.textContent.trim();
        box.scrollIntoView({ block: "nearest" });
        return;
      }
    }
    e.detail.shouldSwap = true; e.detail.isError = false;
  });
  // htmx requests carry the page's CSRF token too.
  document.addEventListener("htmx:configRequest", function (e) {
    var meta = document.querySelector("meta[name=csrf-token]");
    if (meta && meta.content) e.detail.headers["X-CSRF-Token"] = meta.content;
  });
})();
