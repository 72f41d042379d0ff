"""The allow-list keeps what Markdown, its extensions and the plugins make, and nothing that runs."""

import markdown
import pytest
from markdown.extensions.toc import slugify_unicode

from responsive_images.responsive_images import SourceImage, picture_element
from sanitise.sanitise import StartTags, removals, sanitised
from sanitise.static import svg_code, why_unsafe

# The site's Markdown (pelicanconf.py, MARKDOWN), on text using every extension.
EVERYTHING_MARKDOWN_MAKES = """## Titolo {: #titolo lang=en }

Testo[^1] con *enfasi*, **forza**, `codice`, un'abbreviazione UE e un [link](https://example.org "titolo"),
un [indirizzo e-mail](mailto:info@example.org), un [telefono](tel:+39061234567), una [pagina](/progetto/)
e un'[ancora](#titolo).

[^1]: Nota.

*[UE]: Unione europea

Termine
:   Definizione

| a | b |
|---|---|
| 1 | 2 |

```python
x = 1
```

> Citazione

---

1. uno
2. due

![Una piazza](foto.jpg "La piazza"){: .decorativa }
Riga spezzata  
qui.

[TOC]
"""


def site_markdown(text):
    configs = {"markdown.extensions.extra": {}, "markdown.extensions.toc": {"slugify": slugify_unicode}}
    return markdown.Markdown(extensions=list(configs), extension_configs=configs, output_format="html5").convert(text)


def test_everything_markdown_and_its_extensions_make_is_kept():
    html = site_markdown(EVERYTHING_MARKDOWN_MAKES)
    assert removals(html) == []
    assert [tag for tag, _ in StartTags(sanitised(html)).tags] == [tag for tag, _ in StartTags(html).tags]


def test_the_aligned_columns_of_a_table_lose_only_their_style():
    html = site_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert {what for what, _, _ in removals(html)} == {"style"}
    assert "<td>1</td>" in sanitised(html)


def test_the_plugins_html_is_kept():
    image = SourceImage(path=None, digest="0" * 64, format="JPEG", width=1600, height=1200,
                        folder="piazza-0000000000", widths=(480, 960, 1600))
    picture = picture_element(image, {"alt": "Una piazza", "class": "decorativa", "title": "La piazza"},
                              "", "(min-width: 48em) 42rem, 100vw", eager=False)
    document_link = '<a href="/news/fine/dati.csv">I dati</a> <span class="document-info">(CSV, 1 kB)</span>'
    for html in [picture, document_link]:
        assert removals(html) == [], html
        assert sanitised(html) == html


@pytest.mark.parametrize("html, removed", [
    ('<p onclick="alert(1)">x</p>', "onclick"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ('<svg onload="alert(1)"><circle r="5"></circle></svg>', "<svg>"),
    ("<script>alert(1)</script>", "<script>"),
    ("<style>body{display:none}</style>", "<style>"),
    ('<iframe src="https://example.org/"></iframe>', "<iframe>"),
    ('<object data="x.swf"></object>', "<object>"),
    ('<embed src="x.swf">', "<embed>"),
    ('<base href="https://example.org/">', "<base>"),
    ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "<meta>"),
    ('<form action="https://example.org/"><input name="p"></form>', "<form>"),
    ('<p style="position:fixed">x</p>', "style"),
    ('<a href="javascript:alert(1)">x</a>', "href"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "href"),
    ('<a href="&#x6A;ava&#x09;script&colon;alert(1)">x</a>', "href"),
    ('<a href="JAVASCRIPT:alert(1)">x</a>', "href"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "href"),
    ('<a href="vbscript:msgbox(1)">x</a>', "href"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "src"),
    ('<p class="skip-link">finto avviso</p>', "class"),
])
def test_what_could_run_is_removed_and_reported(html, removed):
    assert removed in {what for what, _, _ in removals(html)}
    cleaned = str(sanitised(html)).lower()
    for word in ("onclick", "onerror", "onload", "<script", "<style", "<iframe", "<object", "<embed", "<base",
                 "<meta", "<form", "<input", "<svg", "style=", "javascript", "vbscript", "data:", "skip-link"):
        assert word not in cleaned, (html, cleaned)


def test_text_is_never_double_escaped():
    assert sanitised("<p>Diritti &amp; doveri &lt;b&gt;</p>") == "<p>Diritti &amp; doveri &lt;b&gt;</p>"
    assert sanitised("") == ""


def test_static_files_that_leak_or_run_are_not_published(tmp_path):
    content = tmp_path / "content"
    (content / "extra").mkdir(parents=True)
    (tmp_path / "fuori.txt").write_text("segreto", encoding="utf-8")
    (content / "extra" / "link.txt").symlink_to(tmp_path / "fuori.txt")
    (content / "extra" / "cartella").symlink_to(tmp_path, target_is_directory=True)
    (content / "extra" / ".nascosta").mkdir()
    (content / "extra" / "buono.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="https://example.org/"><circle r="5"/></a></svg>')
    (content / "extra" / "animato.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<a><set attributeName="href" to="javascript:alert(1)"/></a></svg>')
    (content / "extra" / "bomba.svg").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>\n<svg>&a;</svg>')
    assert why_unsafe(content / "extra" / "link.txt", content).startswith("passa per il collegamento «link.txt»")
    assert why_unsafe(content / "extra" / "cartella" / "fuori.txt", content).startswith(
        "passa per il collegamento «cartella»")
    assert why_unsafe(content / "extra" / ".nascosta" / "x.txt", content) == "«.nascosta» è nascosto (comincia con un punto)"
    assert why_unsafe(content / "extra" / "buono.svg", content) is None
    assert svg_code(content / "extra" / "animato.svg") == [(2, "un'animazione che cambia href")]
    assert svg_code(content / "extra" / "bomba.svg")[0] == (2, "una definizione <!ENTITY>")


def test_an_element_the_parser_only_moves_is_not_reported_as_removed():
    # html5ever puts a <p> written inside <table> before the table: moved, not removed.
    assert removals("<table><p>x</p><tr><td>1</td></tr></table>") == []
    assert {what for what, _, _ in removals("<table><script>x</script><tr><td onclick=1>1</td></tr></table>")} == {
        "<script>", "onclick"}
