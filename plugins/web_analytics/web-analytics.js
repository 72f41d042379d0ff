// Web Analytics Italia (Matomo), written to the site only when WEB_ANALYTICS_ITALIA's site_id
// is set (plugins/web_analytics). No cookie: disableCookies comes before anything is sent.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = "https://" + script.dataset.host + "/";
  var queue = (window._paq = window._paq || []);
  queue.push(["disableCookies"]);
  queue.push(["setTrackerUrl", base + "matomo.php"]);
  queue.push(["setSiteId", script.dataset.siteId]);
  queue.push(["trackPageView"]);
  queue.push(["enableLinkTracking"]);
  var tracker = document.createElement("script");
  tracker.async = true;
  tracker.src = base + "matomo.js";
  document.head.appendChild(tracker);
})();
