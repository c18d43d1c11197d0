"""alerti18n.output.page: the title, publisher and published line every format and the index
page show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support.projects import cli, small_project

from alerti18n.language.glossary import Glossary, Term
from alerti18n.language.pagestrings import ui
from alerti18n.output.page import (
    PageInfo,
    document_date,
    document_title,
    translated_publisher,
    translated_title,
)
from alerti18n.po.pofile import read_po, write_po


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
