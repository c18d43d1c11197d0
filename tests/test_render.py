"""Rebuilding documents: identity with empty catalogs, changes only inside segments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import CORPUS_MD, REPO

from alerti18n.render import PageInfo, autonym, render_html, render_text, translate_document
from alerti18n.segment import _parser, parse_document

CORPUS = sorted(CORPUS_MD.glob("*.md")) + [REPO / "source" / "sos-alert-artsakh-2.md"]


def structure(text: str) -> list[tuple]:
    """Block structure of a Markdown text: token kinds, nesting, and non-translatable content."""
    result = []
    for token in _parser().parse(text):
        keep = token.content if token.type in ("fence", "code_block", "html_block") else ""
        result.append((token.type, token.tag, token.level, token.markup, token.info, keep))
    return result


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_identity_rebuild(path: Path) -> None:
    doc = parse_document(path)
    rendered = translate_document(doc, {}, "fr")
    assert rendered.markdown.encode("utf-8") == path.read_bytes()
    assert rendered.fallbacks == rendered.total == len({s.text for s in doc.segments})


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_transformed_rebuild_changes_only_translatable_text(path: Path) -> None:
    doc = parse_document(path)
    translations = {s.text: s.text.swapcase() for s in doc.segments}
    out = translate_document(doc, translations, "fr").markdown
    source = doc.text
    # outside the segments' spans every byte is the source's, in order
    expected, at = [], 0
    for seg in doc.segments:
        expected += [source[at : seg.start], translations[seg.text]]
        at = seg.end
    expected.append(source[at:])
    if doc.front_matter_span is None:
        assert out == "".join(expected)
        assert structure(out) == structure(source)
    # code, HTML blocks and every other non-translatable byte survive
    lines = source.split("\n")
    for token in _parser().parse(source):
        if token.type in ("fence", "code_block", "html_block"):
            assert "\n".join(lines[token.map[0] : token.map[1]]) in out


def test_no_msgid_holds_code_or_only_a_url() -> None:
    for path in CORPUS:
        doc = parse_document(path)
        blocks = [t for t in _parser().parse(doc.text) if t.type in ("fence", "code_block")]
        code_lines = set()
        for token in blocks:
            code_lines.update(range(token.map[0] + 1, token.map[1] + 1))
        for seg in doc.segments:
            assert seg.line not in code_lines, (path.name, seg.text)
            assert "{{#" not in seg.text
            assert not seg.text.startswith(("http://", "https://")) or " " in seg.text


def test_html_page_and_text(tmp_path: Path) -> None:
    doc = parse_document(REPO / "source" / "sos-alert-artsakh-2.md")
    first = doc.segments[2]
    rendered = translate_document(doc, {first.text: "Texte <b>gras</b> traduit."}, "fr", True)
    info = PageInfo(
        doc="sos-alert-artsakh-2",
        lang="fr",
        languages=("en", "hy", "fr"),
        title="Alerte",
        publisher="Institut Lemkin",
        date=dt.date(2023, 9, 22),
    )
    html = render_html(rendered, info)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr" dir="ltr">' in html
    assert (
        "<p>Texte &lt;b&gt;gras&lt;/b&gt; traduit." in html
    )  # tags the source did not have are text
    assert "22 septembre 2023" in html
    assert '<a href="../hy/sos-alert-artsakh-2.html" hreflang="hy" lang="hy">Հայերեն</a>' in html
    assert 'aria-current="page">Français' in html
    text = render_text(translate_document(doc, {first.text: "Texte *traduit*."}, "fr"))
    assert "Texte traduit." in text and "*" not in text
    assert text.startswith("SOS Alert - Artsakh #2\n======================\n")


def test_autonyms() -> None:
    assert [autonym(x) for x in ("hy", "en", "fr")] == ["Հայերեն", "English", "Français"]


def test_page_is_offline_printable_and_armenian_ready() -> None:
    doc = parse_document(REPO / "source" / "sos-alert-artsakh-2.md")
    info = PageInfo(
        doc="sos-alert-artsakh-2",
        lang="hy",
        languages=("en", "hy", "fr"),
        title='Ահազանգ <b>"x"</b>',
        publisher="Լեմկինի ինստիտուտ & Co",
        date=dt.date(2023, 9, 22),
        notices=("Նախնական <tarberak>",),
    )
    html = render_html(translate_document(doc, {}, "hy", True), info)
    assert '<html lang="hy" dir="ltr">' in html
    # nothing may be fetched: a CSP forbids it and no URL outside the page is referenced
    assert "default-src 'none'" in html and "http://" not in html.split("<main>")[0]
    assert '"Noto Sans Armenian"' in html and '[lang|="hy"]' in html
    assert "@media print" in html and "@page" in html
    assert (
        "<title>Ահազանգ &lt;b&gt;&#34;x&#34;&lt;/b&gt; — Լեմկինի ինստիտուտ &amp; Co</title>" in html
    )
    assert "Նախնական &lt;tarberak&gt;" in html
    assert '<time datetime="2023-09-22">' in html and "22 սեպտեմբերի, 2023 թ." in html
    for lang in ("en", "hy", "fr"):
        assert f'<link rel="alternate" hreflang="{lang}"' in html
    assert '<a href="../index.html">Բոլոր փաստաթղթերը</a>' in html
