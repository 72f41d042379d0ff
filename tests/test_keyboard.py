"""Keyboard use: the skip link comes first, every control is reachable with Tab in
document order, and every control shows where the focus is, readably, in the light and
the dark palette."""

import re

import pytest

PAGES = ["", "comuni/latina/", "comuni/", "ar/comuni/latina/", "cerca/"]
FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'
MAX_TABS = 300
SKIP_LINK = {"it": "Vai al contenuto", "ar": "انتقل إلى المحتوى"}

ACTIVE = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(),
          href: el.getAttribute("href"), index: el.dataset.tabIndex ?? null};
}"""

# Numbers every rendered focusable element in document order (data-tab-index)
# and returns, per number, a short description and its style without focus.
MARK_CONTROLS = r"""([selector, styleOf]) => {
  const style = new Function("el", "return (" + styleOf + ")(el)");
  const name = el => el.tagName.toLowerCase() + [...el.classList].slice(0, 1).map(c => "." + c).join("");
  const describe = el => {
    const text = el.textContent.trim().replace(/\s+/g, " ").slice(0, 40);
    const region = el.closest("main") || el.closest("header, nav, footer");
    return `<${name(el)}> "${text}" in ${region ? name(region) : "body"}`;
  };
  // A group of radio buttons is one Tab stop (the arrow keys move within it): its first one counts.
  const firstOfGroup = el => el.type !== "radio"
    || el.form.querySelector(`input[type=radio][name="${el.name}"]`) === el;
  return [...document.querySelectorAll(selector)]
    .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
    .filter(firstOfGroup)
    .map((el, index) => {
      el.dataset.tabIndex = String(index);
      return {index: String(index), control: describe(el), style: style(el)};
    });
}"""

# What can make focus visible: background, box shadow, an outline or border that is drawn.
FOCUS_STYLE = """el => {
  const s = getComputedStyle(el);
  const line = side => {
    const [style, width, color] = ["Style", "Width", "Color"].map(part => s[side + part]);
    return style !== "none" && parseFloat(width) > 0 && color !== "rgba(0, 0, 0, 0)"
      ? `${style} ${width} ${color}` : "none";
  };
  return {background: s.backgroundColor, shadow: s.boxShadow, outline: line("outline"),
          border: ["borderTop", "borderRight", "borderBottom", "borderLeft"].map(line).join(", ")};
}"""


def press_tab_through(page):
    """Press Tab until focus comes back to an element already visited; the data-tab-index sequence."""
    visited = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        index = page.evaluate(ACTIVE)["index"]
        if index is not None and index in visited:
            return visited
        if index is not None:
            visited.append(index)
    pytest.fail(f"focus did not come back round after {MAX_TABS} Tab presses: {visited}")


@pytest.mark.parametrize("path", PAGES)
def test_first_tab_reaches_skip_link_which_moves_focus_to_main(page, base_url, path):
    """The first Tab lands on "Vai al contenuto" (in the page's language); Enter moves focus into <main>."""
    page.goto(base_url + path)
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE)
    label = SKIP_LINK.get(path.split("/")[0], SKIP_LINK["it"])
    assert (first["tag"], first["text"], first["href"]) == ("a", label, "#contenuto"), (
        f"first Tab on /{path} focused {first}")
    assert page.locator(".skip-link").evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    ), "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    target = page.evaluate(ACTIVE)
    assert (target["tag"], target["id"]) == ("main", "contenuto"), f"after Enter focus is on {target}"
    page.keyboard.press("Tab")
    after = page.evaluate("""() => !!(document.querySelector("#contenuto").compareDocumentPosition(
        document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)""")
    assert after, "the next Tab after the skip link must continue in the content, not in the header"


@pytest.mark.parametrize("path", PAGES)
def test_every_control_is_reachable_with_tab_in_document_order(page, base_url, path):
    """Tab visits every visible link, button and field once, in the order they appear."""
    page.goto(base_url + path)
    controls = page.evaluate(MARK_CONTROLS, [FOCUSABLE, FOCUS_STYLE])
    reached = press_tab_through(page)
    names = {control["index"]: control["control"] for control in controls}
    missing = [names[index] for index in names if index not in reached]
    assert len(controls) > 15, f"only {len(controls)} controls found on /{path}"
    assert missing == [], f"not reachable with Tab on /{path}: {missing}"
    assert reached == sorted(reached, key=int), (
        f"focus order on /{path} differs from the reading order: {[names[i] for i in reached]}")


def contrast(foreground, background):
    """WCAG contrast ratio of two computed colours ("rgb(r, g, b)")."""
    def luminance(colour):
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("path, scheme", [(path, "light") for path in PAGES]
                         + [("comuni/", "dark"), ("ar/comuni/latina/", "dark")])
def test_focus_is_visible_on_every_control(page, base_url, path, scheme):
    """Each control reached with Tab looks different from its unfocused self, and a control
    that takes a background of its own on focus keeps its text readable (4.5:1)."""
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + path)
    controls = {c["index"]: c for c in page.evaluate(MARK_CONTROLS, [FOCUSABLE, FOCUS_STYLE])}
    invisible, checked = [], []
    for _ in range(len(controls)):
        page.keyboard.press("Tab")
        index = page.evaluate(ACTIVE)["index"]
        if index is None:
            continue
        focused = page.evaluate(f"() => ({FOCUS_STYLE})(document.activeElement)")
        control = controls[index]
        checked.append(control["control"])
        if focused == control["style"]:
            invisible.append(f"{control['control']}: {focused}")
        text = page.evaluate("() => getComputedStyle(document.activeElement).color")
        if "rgba" not in focused["background"] and contrast(text, focused["background"]) < 4.5:
            invisible.append(f"{control['control']}: text {text} on {focused['background']}")
    kinds = ["a.skip-link", "a.language-switcher__link", "a.main-nav__link", "button.text-size__button", "in main"]
    for kind in kinds:
        assert any(kind in name for name in checked), f"no {kind} was checked on /{path}: {checked}"
    assert invisible == [], "focus not visible (style same as unfocused):\n" + "\n".join(invisible)


def test_the_feedback_answers_are_chosen_with_the_arrow_keys(page, base_url):
    """Tab reaches «Sì»; the arrow key moves to «No» and chooses it, as in any radio group."""
    page.goto(base_url + "comuni/latina/")
    page.focus("input[name=utile][value=si]")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "no"
    assert page.is_checked("input[name=utile][value=no]")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "feedback-motivo"
