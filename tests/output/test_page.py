"""alerti18n.output.page: the title, publisher and published line every format and the index
page show."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from support.projects import cli, small_project

from alerti18n.language.glossary import Glossary, Term
from alerti18n.language.pagestrings import SHIPPED, ui
from alerti18n.output.page import (
    PageInfo,
    document_date,
    document_title,
    translated_publisher,
    translated_title,
)
from alerti18n.po.pofile import read_po, write_po

#: The languages alerti18n ships page strings for.
SHIPPED_LANGUAGES = sorted(p.stem for p in SHIPPED.glob("*.po"))


def test_titles_are_normalised_the_same_way_in_every_language() -> None:
    assert document_title({"title": "Road\n  closed "}, "road") == "Road closed"
    assert document_title({}, "road") == document_title(None, "road") == "road"
    assert translated_title({"Road closed": " Route\n fermée "}, "Road closed") == "Route fermée"
    assert translated_title({}, "Road closed") == "Road closed"


def test_the_publisher_takes_the_glossarys_form() -> None:
    glossary = Glossary((Term("Red Cross", {"fr": "Croix-Rouge"}, "", "error"),), "en")
    meta = {"publisher": "Red Cross", "date": dt.date(2024, 3, 5)}
    assert translated_publisher(meta, "fr", glossary) == "Croix-Rouge"
    assert translated_publisher(meta, "hy", glossary) == "Red Cross"
    assert document_date(meta) == dt.date(2024, 3, 5) and document_date({"date": "x"}) is None


def test_the_published_line_is_a_page_string_or_the_publisher_alone() -> None:
    day = dt.date(2024, 3, 5)
    info = PageInfo("d", "fr", ("en", "fr"), "Titre", "Croix-Rouge", day)
    assert info.published == ui("fr", "published", publisher="Croix-Rouge", date=day)
    assert "Croix-Rouge" in info.published
    assert PageInfo("d", "fr", ("en", "fr"), "Titre", "Croix-Rouge", None).published == (
        "Croix-Rouge"
    )


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_the_published_line_leaves_out_what_is_missing(lang: str) -> None:
    """No "Published by  on …" (issue #23): without a publisher the line is the date alone
    (a page string of its own), without a date the publisher alone, without both nothing."""
    day = dt.date(2019, 9, 14)
    date_only = PageInfo("d", lang, (lang,), "T", "", day).published
    assert date_only == ui(lang, "published-date", date=day)
    assert date_only.lang == lang  # every shipped language translates it
    assert ui(lang, "published", publisher="", date=day) not in date_only
    assert ui(lang, "published-date", date=day) != ui("en", "published-date", date=day) or (
        lang == "en"
    )
    assert PageInfo("d", lang, (lang,), "T", "Amnesty", None).published == "Amnesty"
    assert PageInfo("d", lang, (lang,), "T", "", None).published == ""
    assert PageInfo("d", lang, (lang,), "T", " ", None).published == ""


def test_the_page_and_the_index_show_the_same_title(tmp_path: Path) -> None:
    text = "---\ntitle: Road\n  closed\ndate: 2024-03-05\n---\n\nStay inside.\n"
    root = small_project(tmp_path, text)
    path = root / "locales" / "fr" / "alert.po"
    po = read_po(path)
    po.find("Road closed").msgstr = "Route\nfermée"
    write_po(po, path)
    cli(root, "build", "--format", "html")
    page = (root / "build" / "fr" / "alert.html").read_text("utf-8")
    index = (root / "build" / "index.html").read_text("utf-8")
    assert "<title>Route fermée" in page and "Route fermée" in index
    assert "<title>Road closed" in (root / "build" / "en" / "alert.html").read_text("utf-8")


@pytest.mark.pandoc
@pytest.mark.weasyprint
@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ("date: 2019-09-14\n", "date"),
        ("publisher: Croix-Rouge\n", "publisher"),
        ("", "nothing"),
    ],
)
def test_every_format_leaves_out_what_the_document_does_not_give(
    tmp_path: Path, fields: str, shown: str
) -> None:
    """The web page, PDF, DOCX and ODT of a document without a publisher, a date or both
    (issue #23: "Éditeur : , 14 septembre 2019")."""
    import zipfile

    import docx
    from support.tools import require_tool

    root = small_project(tmp_path, f"---\ntitle: Road closed\n{fields}---\n\nStay inside.\n")
    cli(root, "build", "--format", "html,pdf,docx,odt")
    day = dt.date(2019, 9, 14)
    line = {
        "date": ui("fr", "published-date", date=day),
        "publisher": "Croix-Rouge",
        "nothing": "",
    }[shown]
    label = ui("fr", "published", publisher="", date=day).split("{")[0].split(" ")[0]  # Éditeur
    out = root / "build" / "fr"
    html = (out / "alert.html").read_text("utf-8")
    pdftotext = require_tool("pdftotext")
    pdf = subprocess.run(
        [pdftotext, str(out / "alert.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    word = "\n".join(p.text for p in docx.Document(str(out / "alert.docx")).paragraphs)
    odt = zipfile.ZipFile(out / "alert.odt").read("content.xml").decode("utf-8")
    for name, text in (("html", html), ("pdf", pdf), ("docx", word), ("odt", odt)):
        assert label not in text, (name, text)
        if line:
            assert line in " ".join(text.split()), (name, line)
    assert ('<footer class="meta">' in html) == bool(line)
