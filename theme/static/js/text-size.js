/* Text-size control (-A A +A).
 * Loaded in <head> without defer, so the saved size is applied to <html>
 * before the first paint (no flash of the wrong size). The control itself is
 * laid out from the first paint and wired once the document is parsed; without
 * JavaScript it stays hidden and browser zoom remains the way to enlarge text. */
(function () {
  "use strict";
  var STORAGE_KEY = "lgnetea-text-size";
  var root = document.documentElement;
  /* The sizes offered, in percent, from the TEXT_SIZES setting; the first is the default. */
  var sizes = root.getAttribute("data-text-sizes").split(",").map(Number);

  function load() {
    try {
      return parseInt(window.localStorage.getItem(STORAGE_KEY), 10);
    } catch (error) {
      return NaN; /* storage disabled: keep the default size */
    }
  }

  function save(size) {
    try {
      window.localStorage.setItem(STORAGE_KEY, String(size));
    } catch (error) { /* storage disabled: the size lasts for this page only */ }
  }

  /* Everything is sized in rem, so scaling the root font scales the whole layout. */
  function apply(size) {
    root.style.fontSize = size === sizes[0] ? "" : size + "%";
  }

  var index = Math.max(sizes.indexOf(load()), 0);
  apply(sizes[index]);
  /* style.css lays the control out under this class from the first paint: no layout shift. */
  root.classList.add("has-text-size");

  function setUp() {
    var control = document.querySelector("[data-text-size-control]");
    if (!control) {
      return;
    }
    var status = control.querySelector("[data-text-size-status]");
    var buttons = control.querySelectorAll("[data-text-size-step]");

    function render() {
      var size = sizes[index];
      apply(size);
      status.textContent = size + "%";
      Array.prototype.forEach.call(buttons, function (button) {
        var step = Number(button.getAttribute("data-text-size-step"));
        if (step === 0) {
          button.setAttribute("aria-pressed", String(index === 0));
        } else {
          /* aria-disabled rather than disabled: the button keeps focus at the end of the range. */
          var next = index + step;
          button.setAttribute("aria-disabled", String(next < 0 || next >= sizes.length));
        }
      });
    }

    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var step = Number(button.getAttribute("data-text-size-step"));
        index = step === 0 ? 0 : Math.min(Math.max(index + step, 0), sizes.length - 1);
        save(sizes[index]);
        render();
      });
    });
    render();
    control.hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
