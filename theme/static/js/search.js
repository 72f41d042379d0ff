/* Search page: runs the query in ?q= with Pagefind (the index the build made,
 * one per language: Pagefind picks the page's <html lang>) and lists the
 * results. Without JavaScript the page still shows its list of main pages. */
(function () {
  "use strict";
  var box = document.querySelector("[data-search-results]");
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  if (!box || !query) {
    return;
  }
  document.getElementById("search-query").value = query;
  var status = box.querySelector("[data-search-status]");
  var list = box.querySelector("[data-search-list]");

  function say(name, count) {
    status.textContent = box.getAttribute("data-message-" + name)
      .replace("{query}", query).replace("{count}", count);
  }

  box.hidden = false;
  import(box.getAttribute("data-pagefind"))
    .then(function (pagefind) {
      /* Result addresses under the site's own path, for a site published in a sub-folder. */
      return pagefind.options({ baseUrl: box.getAttribute("data-base-url") }).then(function () {
        return pagefind.search(query);
      });
    })
    .then(function (search) {
      return Promise.all(search.results.slice(0, 10).map(function (result) { return result.data(); }));
    })
    .then(function (pages) {
      pages.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        var excerpt = document.createElement("p");
        link.href = page.url;
        link.textContent = page.meta.title;
        excerpt.innerHTML = page.excerpt; /* Pagefind escapes the text; only <mark> is markup */
        item.append(link, excerpt);
        list.append(item);
      });
      say(pages.length ? "some" : "none", pages.length);
    }, function () {
      say("error"); /* no index: the live preview does not make one */
    });
}());
