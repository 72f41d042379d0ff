// What Decap CMS needs to know about this site, beyond config.yml:
// - the "pelican" format: Pelican's "Key: value" lines, a blank line, then the text;
// - the preview: the site's stylesheet and its «In breve» box;
// - photos: the "Foto" block with required alternative text, checked again before saving;
// - text fields follow the writing direction of what is typed (Arabic is right-to-left).
// The build (plugins/cms_config) passes what it knows of the site in data-site.
(function () {
  "use strict";
  var site = JSON.parse(document.currentScript.getAttribute("data-site"));
  var CMS = window.CMS;
  var h = window.h;

  // --- The "pelican" format ------------------------------------------------------------
  // As Python-Markdown's meta extension reads it (plugins/content_check: META_LINE).
  var META_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var CONTINUATION = /^[ ]{4,}(.*)$/;
  // Not front matter: the order the file had its fields in (so that saving a file nobody
  // changed gives the same bytes), and whether it is an Italian original (originals have a
  // Date, translations may not: the collections' filters tell them apart by this).
  var ORDER = "_order";
  var ORIGINAL = "_original";
  // A file saved on Windows has CRLF line endings: read as LF (as the checker and Pelican
  // read it) and written back with CRLF, so that saving changes only what was edited.
  var NEWLINE = "_newline";

  // Numbers stay text as written (9.1900 is not rewritten as 9.19); Decap compares them as numbers.
  function parseValue(key, value) {
    if (site.slugLists.indexOf(key) >= 0) {
      return value.split(",").map(function (slug) { return slug.trim(); }).filter(Boolean);
    }
    return value;
  }

  function fromFile(text) {
    var windows = text.indexOf("\r\n") >= 0;
    var lines = text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n").split("\n");
    var fields = {};
    var order = [];
    var key = null;
    var index = 0;
    for (; index < lines.length && lines[index].trim(); index++) {
      var match = META_LINE.exec(lines[index]);
      var continuation = CONTINUATION.exec(lines[index]);
      if (match) {
        key = match[1].toLowerCase();
        fields[key] = match[2];
        order.push(key);
      } else if (continuation && key) {
        fields[key] += " " + continuation[1].trim();
      }
    }
    var data = {};
    order.forEach(function (name) { data[name] = parseValue(name, fields[name]); });
    data.body = lines.slice(index + 1).join("\n");
    data[ORDER] = order;
    data[ORIGINAL] = "date" in fields;
    data[NEWLINE] = windows ? "\r\n" : "\n";
    return data;
  }

  function formatValue(value) {
    if (value === null || value === undefined) {
      return "";
    }
    if (Array.isArray(value)) {
      return value.map(String).filter(Boolean).join(", ");
    }
    // One line per field: a line break would end the header.
    return String(value).replace(/\s*\n\s*/g, " ").trim();
  }

  function toFile(data, sortedKeys) {
    var keys = (data[ORDER] || []).concat(sortedKeys || [], Object.keys(data));
    var lines = [];
    var written = {};
    keys.forEach(function (key) {
      var value = formatValue(data[key]);
      if (written[key] || key === "body" || key.charAt(0) === "_" || value === "") {
        return;
      }
      written[key] = true;
      lines.push(key.charAt(0).toUpperCase() + key.slice(1) + ": " + value);
    });
    var text = lines.join("\n") + "\n\n" + (data.body || "").replace(/\r\n?/g, "\n");
    return data[NEWLINE] === "\r\n" ? text.replace(/\n/g, "\r\n") : text;
  }

  CMS.registerCustomFormat("pelican", "md", { fromFile: fromFile, toFile: toFile });

  // --- Preview: the page as the site shows it --------------------------------------------
  CMS.registerPreviewStyle(site.stylesheet);

  function Preview(props) {
    var data = props.entry.get("data");
    var language = site.collections[props.collection.get("name")];
    var summary = data.get("summary");
    return h("div", { className: "page-width", lang: language.lang, dir: language.dir },
      h("main", { className: "main" },
        h("article", { className: "content" },
          h("h1", {}, data.get("title")),
          summary ? h("div", { className: "in-brief" },
            h("p", { className: "in-brief__title" }, site.inBrief[language.lang]),
            h("div", { className: "in-brief__text" }, summary)) : null,
          h("div", { className: "prose" }, props.widgetFor("body")))));
  }

  Object.keys(site.collections).forEach(function (name) {
    CMS.registerPreviewTemplate(name, Preview);
  });

  // --- Photos with alternative text ------------------------------------------------------
  // Replaces Decap's own image block, whose alternative text is optional.
  var IMAGE = /^!\[([^\]]*)\]\(([^)\s]+)\)$/;
  CMS.registerEditorComponent({
    id: "image",
    label: "Foto",
    fields: [
      { name: "image", label: "Foto (JPEG o PNG)", widget: "image" },
      { name: "alt", label: "Testo alternativo (obbligatorio)", widget: "string",
        hint: "Che cosa mostra la foto, in una frase, per chi non la vede." },
    ],
    pattern: IMAGE,
    fromBlock: function (match) { return { alt: match[1], image: match[2] }; },
    toBlock: function (data) { return "![" + (data.alt || "").trim() + "](" + (data.image || "") + ")"; },
    toPreview: function (data, getAsset, fields) {
      var field = fields && fields.find(function (f) { return f.get("widget") === "image"; });
      return h("img", { src: getAsset(data.image, field).toString(), alt: data.alt || "" });
    },
  });

  // --- The checker's rules, before saving -------------------------------------------------
  // What the content check refuses in one file is refused here too, with its words: the
  // patterns, messages and limits come from the checker, generated into rules.js at each build
  // (plugins/cms_config/editor_rules.py). What needs the whole site (links to other pages,
  // duplicate titles) is shown after saving, from the live preview's problems.
  var RULES = window.LGNETEA_RULES;

  function rule(pair) { return new RegExp(pair[0], pair[1] + "g"); }

  var fill = RULES.fill;

  function withoutCode(text) {
    return RULES.code.reduce(function (blanked, pair) {
      return blanked.replace(rule(pair), function (code) { return code.replace(/[^\n]/g, " "); });
    }, text);
  }

  function eachMatch(pair, text, action) {
    var pattern = rule(pair);
    var match;
    while ((match = pattern.exec(text))) {
      action(match);
    }
  }

  // As content_check.check_body, check_image_file (its name) and image_address_problem do.
  function bodyProblems(body) {
    var problems = [];
    var text = withoutCode(body);
    var previous = 1;
    eachMatch(RULES.heading.pattern, text, function (match) {
      var level = match.groups.hashes.length;
      if (level === 1) {
        problems.push(RULES.heading.one);
      } else if (level > previous + 1) {
        problems.push(fill(RULES.heading.skip, { text: match.groups.text, previous: "#".repeat(previous),
                                                 level: "#".repeat(level), expected: "#".repeat(previous + 1) }));
      }
      previous = Math.max(level, 1);
    });
    eachMatch(RULES.htmlImage.pattern, text, function (match) {
      problems.push(fill(RULES.htmlImage.message, { tag: match[1].toLowerCase() }));
    });
    eachMatch(RULES.vagueLink.pattern, text, function (match) {
      var said = match.groups.text.split(/\s+/).join(" ").replace(/^[ .:!»«"']+|[ .:!»«"']+$/g, "").toLowerCase();
      if (RULES.vagueLink.texts.indexOf(said) >= 0) {
        problems.push(fill(RULES.vagueLink.message, { text: match.groups.text }));
      }
    });
    eachMatch(RULES.image.pattern, text, function (match) {
      var src = match.groups.src;
      var decorative = match.groups.attrs && match.groups.attrs.indexOf(".decorativa") >= 0;
      if (!match.groups.alt.trim() && !decorative) {
        problems.push(fill(RULES.image.alt, { src: src }) +
                      " (nell'editor: il campo «Testo alternativo» del blocco «Foto»)");
      }
      if (rule(RULES.image.intrasite).test(src)) {
        return;
      }
      if (rule(RULES.image.notAFile).test(src)) {
        problems.push(fill(RULES.image.address, { target: src }));
        return;
      }
      var dot = src.lastIndexOf(".");
      var suffix = dot > src.lastIndexOf("/") ? src.slice(dot) : "";
      if (RULES.image.suffixes.indexOf(suffix.toLowerCase()) < 0) {
        problems.push(fill(RULES.image.suffix, { suffix: suffix || "niente" }));
      }
    });
    return problems;
  }

  function placeholderProblems(file) {
    var problems = [];
    eachMatch(RULES.placeholder.pattern, file, function (match) {
      problems.push(fill(RULES.placeholder.message, { placeholder: match[0] }));
    });
    return problems;
  }

  function problemsBeforeSaving(data) {
    return bodyProblems(data.get("body") || "").concat(placeholderProblems(toFile(data.toJS())));
  }

  // --- After saving, what only the whole site shows (local mode) ---------------------------
  // The live preview (`make serve`) writes what each build found into problemi.json: broken
  // links to other pages, duplicate titles. Once the save is built, the editor shows it.
  var PROBLEMS_WAIT = 30000;  // ms: a full build of the site, on a slow machine

  function problemsPanel() {
    var panel = document.getElementById("lgnetea-problemi");
    if (!panel) {
      panel = document.createElement("section");
      panel.id = "lgnetea-problemi";
      panel.setAttribute("role", "status");
      panel.setAttribute("aria-label", "Controllo del sito dopo il salvataggio");
      panel.style.cssText = "position:fixed;inset-inline:0;inset-block-end:0;z-index:1000;max-block-size:40vh;" +
        "overflow:auto;padding:0.75rem 1rem;background:#fff;color:#1a1a1a;border-block-start:3px solid #b00020;" +
        "font:16px/1.4 sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,0.2)";
      document.body.appendChild(panel);
    }
    return panel;
  }

  function showSiteProblems(report) {
    var panel = problemsPanel();
    var problems = report.problems.concat(report.warnings);
    panel.textContent = "";
    panel.style.borderBlockStartColor = problems.length ? "#b00020" : "#1b7a3a";
    var heading = document.createElement("h2");
    heading.style.cssText = "font-size:1.1rem;margin:0 0 0.5rem";
    heading.textContent = report.problems.length ?
      "Salvato, ma il sito non si costruisce: correggi e salva di nuovo" :
      report.warnings.length ? "Salvato. Il sito segnala:" : "Salvato: il sito non segnala problemi";
    panel.appendChild(heading);
    if (problems.length) {
      var list = document.createElement("ul");
      problems.forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem;
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Chiudi";
    close.addEventListener("click", function () { panel.remove(); });
    panel.appendChild(close);
  }

  function awaitSiteProblems(savedAt) {
    var deadline = Date.now() + PROBLEMS_WAIT;
    (function poll() {
      fetch("problemi.json", { cache: "no-store" }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (report) {
        if (report && report.built * 1000 >= savedAt) {
          showSiteProblems(report);
        } else if (Date.now() < deadline) {
          window.setTimeout(poll, 300);
        }
      }, function () {
        if (Date.now() < deadline) {
          window.setTimeout(poll, 300);
        }
      });
    }());
  }

  if (site.localBackend) {
    var savingSince = 0;
    CMS.registerEventListener({ name: "preSave", handler: function (event) {
      savingSince = Date.now();
      return event.entry.get("data");
    } });
    CMS.registerEventListener({ name: "postSave", handler: function () { awaitSiteProblems(savingSince); } });
  }

  // --- The address of a new entry ----------------------------------------------------------
  // Decap keeps only ASCII letters of the title, so an Arabic or Cyrillic title had no address
  // and could not be saved. The title is transliterated instead (npm transliteration, served
  // as transliteration.js): «سكن جديد» → skn-jdyd, «Perché è chiuso?» → perche-e-chiuso. The
  // collections' slug is {{fields._address}}; fields starting with "_" are not written to the file.
  var ADDRESS = "_address";

  function address(title) {
    return window.transliteration.slugify(title || "", { lowercase: true, separator: "-" }) || "voce";
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      var problems = problemsBeforeSaving(data);
      if (problems.length) {
        throw new Error("la voce non è stata salvata. Correggi prima: " + problems.join(" • "));
      }
      return data.set(ADDRESS, address(data.get("title")));
    },
  });

  // --- Deleting an entry offers to delete its own files (local mode) ------------------------
  // Photos and documents linked by name beside the entry («![…](casa-k3x9q2.jpg)»,
  // «[Relazione](relazione.pdf)») that no other file of content/ names: asked, then deleted
  // through decap-server. (In GitHub mode the editor cannot reach the repository's other files
  // from here; the clerk deletes them in «Media».)
  var LINKED_FILE = new RegExp("\\]\\(\\s*<?([^)\\s>/:#?]+\\.(?:" + site.fileExtensions.join("|") + "))>?\\s*\\)", "gi");

  function linkedFiles(body) {
    var names = [];
    var match;
    LINKED_FILE.lastIndex = 0;
    while ((match = LINKED_FILE.exec(body))) {
      if (names.indexOf(match[1]) < 0) {
        names.push(match[1]);
      }
    }
    return names;
  }

  function localBackend(action, params) {
    return fetch(site.localBackend, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ action: action, params: Object.assign({ branch: "main" }, params) }),
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("il server locale dell'editor risponde " + response.status);
      }
      return response.json();
    });
  }

  function offerToDeleteOwnFiles(entry) {
    var path = entry.get("path");
    var names = linkedFiles(entry.getIn(["data", "body"]) || "");
    if (!site.localBackend || !path || !names.length) {
      return Promise.resolve();
    }
    var folder = path.slice(0, path.lastIndexOf("/") + 1);
    return Promise.all(site.folders.map(function (other) {
      return localBackend("entriesByFolder", { folder: other, extension: "md", depth: 1 });
    })).then(function (lists) {
      var others = [].concat.apply([], lists).filter(function (file) { return file.file.path !== path; })
        .map(function (file) { return file.data; }).join("\n");
      var own = names.filter(function (name) { return others.indexOf(name) < 0; });
      if (!own.length || !window.confirm(
        "La voce usa questi file, che nessun'altra pagina usa:\n\n" + own.join("\n") +
        "\n\nVuoi eliminarli insieme alla voce? (OK: sì, elimina anche i file. Annulla: i file restano.)")) {
        return undefined;
      }
      return localBackend("deleteFiles", { paths: own.map(function (name) { return folder + name; }),
                                           options: { commitMessage: "Elimina i file di «" + path + "»" } });
    });
  }

  // Decap announces the deletion of an entry as "preUnpublish" (in local mode nothing else does).
  CMS.registerEventListener({
    name: "preUnpublish",
    handler: function (event) { return offerToDeleteOwnFiles(event.entry); },
  });

  // --- Italian throughout ---------------------------------------------------------------
  // Decap's Italian leaves some texts in English or misspelt: ours, over its own. (The code
  // block's label and the «replace?» question are not in its catalogue: see DECAP_PATCHES.)
  var ITALIAN = {
    collection: {
      collectionTop: { viewAsList: "Vista a elenco", viewAsGrid: "Vista a griglia" },
      entries: { unpublishedHeader: "Voci non pubblicate" },
    },
    editor: {
      editorControl: { field: { widgetLabel: "campo %{widgetLabel}" } },
      editorWidgets: {
        markdown: {
          linkPrompt: "Inserisci l'indirizzo del collegamento",
          strikethrough: "Barrato",
          markdown: "Testo con i segni (Markdown)",
          toggleMode: { rich: "Passa al testo formattato", markdown: "Passa al testo con i segni (Markdown)" },
        },
        datetime: { setToNow: "Metti la data di oggi" },
        object: { expand: "Apri", collapse: "Chiudi" },
      },
    },
    mediaLibrary: {
      mediaLibraryModal: { upload: "Carica", download: "Scarica", close: "Chiudi" },
    },
    ui: { settingsDropdown: { account: "Menu dell'account" } },
  };

  function merged(base, over) {
    var result = Object.assign({}, base);
    Object.keys(over).forEach(function (key) {
      result[key] = typeof over[key] === "object" ? merged(base[key] || {}, over[key]) : over[key];
    });
    return result;
  }

  CMS.registerLocale("it", merged(CMS.getLocale("it"), ITALIAN));
  var codeBlock = CMS.getEditorComponents().get("code-block");
  if (codeBlock) {
    CMS.registerEditorComponent(Object.assign({}, codeBlock, { label: "Blocco di codice" }));
  }

  // --- «Adesso» is today in Rome ------------------------------------------------------------
  // Decap's button takes the date in UTC (or in the computer's time zone): just after midnight
  // in Rome that is yesterday. The site's dates are Italian ones.
  var ROME_DATE = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome", year: "numeric",
                                                     month: "2-digit", day: "2-digit" });  // YYYY-MM-DD
  var setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-testid=now-button]");
    var input = button && button.parentElement.parentElement.querySelector("input[type=date]");
    if (!input) {
      return;
    }
    event.stopImmediatePropagation();
    setValue.call(input, ROME_DATE.format(new Date()));  // as if typed: React hears the input event
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, true);

  // --- The sign-in screen says whose editor it is ----------------------------------------------
  var LOGIN_TITLE = "LGNetEA – Redazione del sito";

  function nameTheLoginScreen() {
    var login = document.querySelector("[class*=-StyledAuthenticationPage]");
    if (login && !login.querySelector(".lgnetea-login-title")) {
      var title = document.createElement("h1");
      title.className = "lgnetea-login-title";
      title.textContent = LOGIN_TITLE;
      login.insertBefore(title, login.children[1] || null);  // under the mark, above the button
    }
  }

  // --- Writing direction ----------------------------------------------------------------
  // Every text field takes the direction of its text: Arabic right-to-left, the rest left-to-right.
  // (The same watch of the page names the sign-in screen when Decap shows it.)
  new MutationObserver(function () {
    nameTheLoginScreen();
    document.querySelectorAll("input:not([dir]), textarea:not([dir]), [contenteditable]:not([dir])")
      .forEach(function (element) { element.setAttribute("dir", "auto"); });
  }).observe(document.documentElement, { childList: true, subtree: true });

  // Everything is registered (manual-init.js held Decap back until now). In local mode the
  // site is the live preview that serves this page, at whatever address and port it has:
  // «Guarda Live» opens the entry's page there. (Given a config of ours, Decap ignores
  // config.yml unless served as YAML: the build writes it as JSON, read here whole.)
  if (site.localBackend) {
    fetch("config.yml", { cache: "no-store" }).then(function (response) { return response.json(); })
      .then(function (config) {
        var here = window.location.origin;
        CMS.init({ config: Object.assign(config, { load_config_file: false, site_url: here, display_url: here }) });
      });
  } else {
    CMS.init();
  }
})();
