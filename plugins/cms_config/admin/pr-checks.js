// GitHub mode: what the checks of the whole site found in the entry being edited, in the editor.
// Each save of the editorial workflow is a branch cms/<collection>/<slug> with a pull request;
// the workflow's `preview` job sets the commit status CMS_PREVIEW_CONTEXT on it
// (deploy/pr_preview.py): «N problemi da correggere: <the first>», linked to the page that lists
// them, or «Anteprima pronta», linked to the preview. Decap shows only «Visualizza l'anteprima»
// when it is ready; this box says the rest, and asks again every 30 seconds.
// Only with the github backend and the editorial workflow; the token is Decap's own.
"use strict";
(function () {
  var POLL_MS = 30000;
  var TEXTS = {
    pending: ["Controllo in corso", null],
    success: ["Controlli superati", "Apri l'anteprima"],
    failure: ["Da correggere prima di pubblicare", "Apri l'elenco dei problemi"],
    error: ["Anteprima non riuscita", "Apri il registro"],
  };
  var box = null;

  function entryOnScreen() {
    var match = /^#\/collections\/([^/]+)\/entries\/([^/?]+)/.exec(window.location.hash);
    return match && { collection: match[1], slug: decodeURIComponent(match[2]) };
  }

  function token() {
    try {
      return JSON.parse(window.localStorage.getItem("decap-cms-user")).token || null;
    } catch (error) {
      return null;
    }
  }

  function show(status) {
    if (!status) {
      if (box) box.hidden = true;
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "lgnetea-pr-checks";
      box.setAttribute("role", "status");
      box.style.cssText = "position:fixed;inset-block-end:0.75rem;inset-inline-end:0.75rem;z-index:500;" +
        "max-inline-size:min(30rem,calc(100vw - 1.5rem));padding:0.75rem 1rem;border-radius:6px;" +
        "background:#fff;color:#1a1a1a;border:2px solid #1a1a1a;font:1rem/1.4 sans-serif;" +
        "box-shadow:0 2px 8px rgba(0,0,0,.3);overflow-wrap:anywhere";
      document.body.appendChild(box);
    }
    var text = TEXTS[status.state] || TEXTS.pending;
    box.hidden = false;
    box.style.borderColor = status.state === "success" ? "#1d6b2c" : status.state === "pending" ? "#1a1a1a" : "#a30000";
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = text[0] + ". ";
    box.appendChild(title);
    box.appendChild(document.createTextNode(status.description || ""));
    if (text[1] && /^https:\/\//.test(status.target_url || "")) {
      var link = document.createElement("a");
      link.href = status.target_url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.textContent = text[1];
      link.style.cssText = "display:block;margin-block-start:0.25rem;color:#0b4f9c";
      box.appendChild(link);
    }
  }

  function check(backend) {
    var entry = entryOnScreen();
    var key = token();
    if (!entry || !key) {
      show(null);
      return;
    }
    var branch = "cms/" + entry.collection + "/" + entry.slug;
    var api = (backend.api_root || "https://api.github.com").replace(/\/$/, "");
    window.fetch(api + "/repos/" + backend.repo + "/commits/" + encodeURIComponent(branch) + "/status", {
      headers: { Authorization: "token " + key, Accept: "application/vnd.github+json" },
    })
      .then(function (response) { return response.ok ? response.json() : { statuses: [] }; })
      .then(function (combined) {
        show(combined.statuses.filter(function (status) {
          return status.context === backend.preview_context;
        })[0]);
      })
      .catch(function () { show(null); });
  }

  window.fetch("config.yml")
    .then(function (response) { return response.json(); }) // plugins/cms_config writes it as JSON
    .then(function (config) {
      var backend = config.backend || {};
      if (backend.name !== "github" || config.publish_mode !== "editorial_workflow" || !backend.preview_context) {
        return;
      }
      window.addEventListener("hashchange", function () { check(backend); });
      window.setInterval(function () { check(backend); }, POLL_MS);
      check(backend);
    })
    .catch(function () { /* no configuration: Decap itself says so */ });
})();
