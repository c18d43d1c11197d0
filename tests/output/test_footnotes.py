"""Footnotes on the web page (``alerti18n.output.footnotes``): numbered, with back-links,
right in a right-to-left page, and in the shape pandoc reads back as notes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import lxml.html
import pytest

from alerti18n.output.page import PageInfo
from alerti18n.output.render import parse_markdown, rebuild_document, render_body, render_html
from alerti18n.text.segment import parse_document

SOURCE = """\
The siege has lasted nine months.[^team] Food cannot enter.[^2] Nothing moves.[^team]

- A list item with a note.[^2]

[^team]: Field team report of 12 June. It was checked twice.

    A second paragraph of the note.

[^2]: Figures from the regional hospital.

[^unused]: A note nobody refers to.
"""


def body_of(lang: str, translations: dict[str, str] | None = None, tmp: Path | None = None):
    path = (tmp or Path(".")) / "doc.md"
    doc = parse_document(path, "en", SOURCE)
    rendered = rebuild_document(doc, translations or {}, lang, True, "en")
    html = render_body(parse_markdown(rendered.markdown), lang)
    return html, lxml.html.fragment_fromstring(html, create_parent="body")


def test_references_are_numbered_links_and_notes_a_list_with_back_links() -> None:
    html, body = body_of("en")
    refs = body.xpath("//a[@role='doc-noteref']")
    assert [(a.get("href"), a.get("id"), a.text_content()) for a in refs] == [
        ("#fn1", "fnref1", "1"),
        ("#fn2", "fnref2", "2"),
        ("#fn1", "fnref1-2", "1"),  # the note referred to again keeps its number
        ("#fn2", "fnref2-2", "2"),
    ]
    assert all(a.find("sup") is not None for a in refs)
    (section,) = body.xpath("//section[@role='doc-endnotes']")
    notes = section.xpath("./ol/li")
    assert [li.get("id") for li in notes] == ["fn1", "fn2"]  # the unused note is left out
    assert notes[0].findall("p")[0].text_content().startswith("Field team report")
    backs = [a.get("href") for a in section.xpath(".//a[@role='doc-backlink']")]
    assert backs == ["#fnref1", "#fnref1-2", "#fnref2", "#fnref2-2"]
    assert "[^" not in html and "A note nobody refers to" not in html


def test_a_right_to_left_page_shows_numbers_not_brackets() -> None:
    translations = {
        "The siege has lasted nine months.[^team]": "يستمر الحصار منذ تسعة أشهر.[^team]",
        "Field team report of 12 June.": "تقرير الفريق الميداني في 12 يونيو.",
    }
    html, body = body_of("ar", translations)
    first = body.xpath("//p")[0]
    assert first.text_content().startswith("يستمر الحصار منذ تسعة أشهر.1")
    assert "[" not in first.text_content() and "^" not in first.text_content()
    arrows = {a.text_content() for a in body.xpath("//a[@role='doc-backlink']")}
    assert arrows == {"\u21aa\ufe0e"}  # pointing back, right to left
    assert {a.text_content() for a in body_of("en")[1].xpath("//a[@role='doc-backlink']")} == {
        "\u21a9\ufe0e"
    }
    page = render_html(
        rebuild_document(parse_document(Path("doc.md"), "en", SOURCE), translations, "ar", True),
        PageInfo("doc", "ar", ("en", "ar"), "عنوان", "", dt.date(2023, 9, 22)),
    )
    assert '<html lang="ar" dir="rtl"' in page and 'role="doc-endnotes"' in page


@pytest.mark.pandoc
def test_pandoc_reads_the_page_notes_as_notes() -> None:
    from alerti18n.core.pandoc import run_pandoc

    html, _ = body_of("en")
    ast = json.loads(run_pandoc(["-f", "html", "-t", "json"], html.encode("utf-8")))
    text = json.dumps(ast)
    assert text.count('"t": "Note"') == 4 and '"footnote-back"' not in text
    first_note = next(i for i in ast["blocks"][0]["c"] if i["t"] == "Note")
    assert [block["t"] for block in first_note["c"]] == ["Para", "Para"]
    assert "HorizontalRule" not in text  # the rule above the notes is the section's


@pytest.mark.weasyprint
def test_the_pdf_has_each_note_at_the_foot_of_its_page(tmp_path: Path) -> None:
    """The PDF's notes are footnotes: on the page that refers to them, not at the end."""
    import subprocess

    from support.tools import require_tool

    from alerti18n.output.formats import Page
    from alerti18n.output.pdf import html_to_pdf

    source = SOURCE.replace("- A list item", "\n".join(["Filler paragraph."] * 80) + "\n\n- A list")
    doc = parse_document(tmp_path / "doc.md", "en", source)
    rendered = rebuild_document(doc, {}, "fr", True, "en")
    info = PageInfo("doc", "fr", ("en", "fr"), "Siège", "", None)
    page = Page(doc, {}, "en", rendered, info, tmp_path, tmp_path, (tmp_path, tmp_path))
    assert 'role="doc-endnotes"' in page.html and "doc-endnotes" not in page.print_html
    (tmp_path / "doc.pdf").write_bytes(html_to_pdf(page.print_html, tmp_path))
    pdftotext = require_tool("pdftotext")

    def text(first: int, last: int) -> str:
        pages = ["-f", str(first), "-l", str(last)]
        done = subprocess.run(
            [pdftotext, *pages, str(tmp_path / "doc.pdf"), "-"], capture_output=True
        )
        return " ".join(done.stdout.decode().split())

    assert "1. Field team report of 12 June. It was checked twice." in text(1, 1)
    assert "A second paragraph of the note." in text(1, 1)
    assert "Figures from the regional hospital." in text(1, 1)
    assert "Field team report" not in text(2, 9)


@pytest.mark.parametrize(
    ("lang", "label"), [("ar", "العودة إلى النص"), ("hy", "Վերադառնալ տեքստին")]
)
def test_a_back_link_is_labelled_in_the_page_language(
    tmp_path: Path, lang: str, label: str
) -> None:
    from alerti18n.output.formats import Page

    doc = parse_document(tmp_path / "doc.md", "en", SOURCE)
    rendered = rebuild_document(doc, {}, lang, True, "en")
    info = PageInfo("doc", lang, ("en", lang), "Title", "", None)
    page = Page(doc, {}, "en", rendered, info, tmp_path, tmp_path, (tmp_path, tmp_path))
    body = lxml.html.fragment_fromstring(page.body, create_parent="body")
    labels = {a.get("aria-label") for a in body.xpath("//a[@role='doc-backlink']")}
    assert labels == {label}
