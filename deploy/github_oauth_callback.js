// The end of the sign-in pop-up (deploy/github_oauth.py): Decap CMS's handshake with the editor.
// 1. Tell the window that opened the pop-up, if its origin is an allowed one, that the sign-in is
//    ready ("authorizing:github"); a message to another origin is dropped by the browser.
// 2. When the editor answers with the same words, from an allowed origin, post the outcome
//    ("authorization:github:success:{...}" or ":error:{...}") to that origin alone.
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("decap-handshake").textContent);
  var ready = "authorizing:" + data.provider;
  if (!window.opener) {
    return; // opened by hand, not by the editor: nothing to tell
  }
  window.addEventListener("message", function (event) {
    if (event.data === ready && data.origins.indexOf(event.origin) !== -1) {
      window.opener.postMessage(data.message, event.origin);
    }
  });
  data.origins.forEach(function (origin) {
    window.opener.postMessage(ready, origin);
  });
})();
