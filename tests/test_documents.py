"""A document placed next to a page and linked from it is published, its link labelled in each language."""

from pypdf import PdfWriter

from tests.conftest import build_site
from tests.html import read
from tests.test_content_check import make_content


def test_a_linked_pdf_is_published_once_and_labelled_in_each_language(tmp_path):
    content = make_content(tmp_path)
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": "Relazione finale"})
    pdf = content / "comuni" / "relazione.pdf"
    writer.write(pdf)
    pdf.write_bytes(pdf.read_bytes().ljust(12_345, b"\n"))  # blank lines after %%EOF: still a valid PDF
    latina = content / "comuni" / "latina.md"
    latina.write_text(latina.read_text(encoding="utf-8") + "\nLa [relazione finale]({attach}relazione.pdf).\n",
                      encoding="utf-8")
    (content / "comuni" / "latina.en.md").write_text(
        "Title: Latina\nSummary: A town of the network.\n\nThe [final report](relazione.pdf).\n", encoding="utf-8")
    (content / "comuni" / "bozza.pdf").write_bytes(b"not linked")
    output = tmp_path / "output"
    result = build_site(output, content=content)
    assert result.returncode == 0, result.stdout + result.stderr

    assert (output / "comuni" / "relazione.pdf").read_bytes() == (content / "comuni" / "relazione.pdf").read_bytes()
    assert not list(output.rglob("bozza.pdf")), "a document nobody links is not published"
    for path, text in (("comuni/latina/", "relazione finale (PDF, 12\u00a0kB)"),
                       ("en/comuni/latina/", "final report (PDF, 12\u00a0kB)")):
        [link] = [a for a in read(output, path).find_all("a") if a["attrs"]["href"].endswith(".pdf")]
        assert link["attrs"]["href"] == "/comuni/relazione.pdf"
        assert link["text"] == text
