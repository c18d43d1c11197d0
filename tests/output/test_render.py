"""Rebuilding documents: identity with empty catalogs, changes only inside segments."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from babel.dates import format_date
from support.projects import BASIC
from support.testdata import COMMONMARK_SPEC
from support.tools import CORPUS_MD, require_testdata, shared_files

from alerti18n.output.page import PageHistory, PageInfo
from alerti18n.output.render import (
    _markdown,
    autonym,
    escape_new_html,
    rebuild_document,
    render_html,
)
from alerti18n.output.text import render_text
from alerti18n.text.segment import _parser, parse_document

#: The basic fixture project's first document (tests/roots/basic).
NOTICE = BASIC / "source" / "field-hospital.md"
CORPUS = [
    *(pytest.param(p, marks=pytest.mark.needs_shared) for p in shared_files(CORPUS_MD, "*.md")),
    *sorted((BASIC / "source").glob("*.md")),
]


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
    rendered = rebuild_document(doc, {}, "fr")
    assert rendered.markdown.encode("utf-8") == path.read_bytes()
    assert rendered.fallbacks == rendered.total == len({s.text for s in doc.segments})


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_transformed_rebuild_changes_only_translatable_text(path: Path) -> None:
    doc = parse_document(path)
    translations = {s.text: s.text.swapcase() for s in doc.segments}
    out = rebuild_document(doc, translations, "fr").markdown
    source = doc.text
    # outside the segments' spans every byte is the source's, in order
    expected, at = [], 0
    for seg in doc.segments:
        text = translations[seg.text]
        if seg.block == "title":  # written back as a YAML (JSON) string
            text = json.dumps(text, ensure_ascii=False)
        expected += [source[at : seg.start], text]
        at = seg.end
    expected.append(source[at:])
    if doc.front_matter_span is not None:  # the front matter's lang names the new language
        expected = [re.sub(r"(?m)^lang: en$", "lang: fr", "".join(expected), count=1)]
    assert out == "".join(expected)
    assert structure(out) == structure(source)
    assert doc.segments and out != source
    # every line that holds no segment (blank lines, fences and code, HTML, table rules, front
    # matter keys) is in the output, unchanged and in order
    touched = {
        n
        for seg in doc.segments
        for n in range(source.count("\n", 0, seg.start), source.count("\n", 0, seg.end) + 1)
    }
    source_lines = source.split("\n")
    kept = [line for n, line in enumerate(source_lines) if n not in touched]
    if doc.front_matter_span is not None:
        kept = [re.sub(r"^lang: en$", "lang: fr", line) for line in kept]
    assert kept, "a document of more than one block has lines without segments"
    out_lines = iter(out.split("\n"))
    assert all(line in out_lines for line in kept)  # a subsequence of the output's lines
    # code and HTML blocks survive whole (where the document has any)
    for token in _parser().parse(source):
        if token.type in ("fence", "code_block", "html_block"):
            assert "\n".join(source_lines[token.map[0] : token.map[1]]) in out


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_no_msgid_holds_code_or_only_a_url(path: Path) -> None:
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
    doc = parse_document(NOTICE)
    first = doc.segments[2]
    rendered = rebuild_document(doc, {first.text: "Texte <b>gras</b> traduit."}, "fr", True)
    info = PageInfo(
        doc="field-hospital",
        lang="fr",
        languages=("en", "hy", "fr"),
        title="Hôpital",
        publisher="Réseau de secours côtier",
        date=dt.date(2023, 9, 22),
    )
    html = render_html(rendered, info)
    assert (
        html.startswith("<!DOCTYPE html>")
        and '<html lang="fr" dir="ltr" data-script="Latn">' in html
    )
    assert (
        "<p>Texte &lt;b&gt;gras&lt;/b&gt; traduit." in html
    )  # tags the source did not have are text
    assert format_date(dt.date(2023, 9, 22), "long", locale="fr") in html
    assert (
        '<a href="../hy/field-hospital.html" hreflang="hy" lang="hy" '
        'data-script="Armn">Հայերեն</a>' in html
    )
    assert 'aria-current="page">Français' in html
    text = render_text(rebuild_document(doc, {first.text: "Texte *traduit*."}, "fr"))
    assert "Texte traduit." in text and "*" not in text
    title = "A field hospital opens in the northern district"
    assert text.startswith(f"{title}\n{'=' * len(title)}\n")


def test_autonyms() -> None:
    assert [autonym(x) for x in ("hy", "en", "fr")] == ["Հայերեն", "English", "Français"]


def test_georgian_autonym_keeps_its_mkhedruli_letter() -> None:
    """Georgian's titlecase is the letter itself: no Mtavruli capital (U+1C90...)."""
    assert autonym("ka") == "ქართული"
    assert not any("\u1c90" <= c <= "\u1cbf" for c in autonym("ka"))
    assert autonym("ru") == "Русский" and autonym("am") == "አማርኛ"


def test_cjk_sentences_join_without_a_space(tmp_path: Path) -> None:
    source = tmp_path / "doc.md"
    source.write_text(
        "# Title\n\nWe arrived. Then we gave out water.\nThen food.\n\n> One. Two.\n",
        encoding="utf-8",
    )
    doc = parse_document(source)
    ja = {
        "Title": "タイトル",
        "We arrived.": "私たちは到着した。",
        "Then we gave out water.": "次に水を配った。",
        "Then food.": "それから食料。",
        "One.": "一。",
        "Two.": "二。",
    }
    markdown = rebuild_document(doc, ja, "ja").markdown
    assert "私たちは到着した。次に水を配った。それから食料。" in markdown
    assert "> 一。二。" in markdown and "# タイトル\n\n" in markdown
    # Korean writes a space between sentences; so does Japanese after a Latin full stop
    ko = {"We arrived.": "우리는 도착했다.", "Then we gave out water.": "그다음 물을 나눠 주었다."}
    assert "도착했다. 그다음" in rebuild_document(doc, ko, "ko").markdown
    mixed = {**ja, "We arrived.": "We arrived (arrivé)."}
    assert "(arrivé). 次に" in rebuild_document(doc, mixed, "ja").markdown


def test_page_is_offline_printable_and_armenian_ready() -> None:
    doc = parse_document(NOTICE)
    info = PageInfo(
        doc="field-hospital",
        lang="hy",
        languages=("en", "hy", "fr"),
        title='Ահազանգ <b>"x"</b>',
        publisher="Լեմկինի ինստիտուտ & Co",
        date=dt.date(2023, 9, 22),
        notices=("Նախնական <tarberak>",),
    )
    html = render_html(rebuild_document(doc, {}, "hy", True), info)
    assert '<html lang="hy" dir="ltr" data-script="Armn">' in html
    # nothing may be fetched: a CSP forbids it and no URL outside the page is referenced
    assert "default-src 'none'" in html and "http://" not in html.split("<main>")[0]
    assert '"Noto Sans Armenian"' in html and '[data-script="Armn"]' in html
    assert "@media print" in html and "@page" in html
    assert (
        "<title>Ահազանգ &lt;b&gt;&#34;x&#34;&lt;/b&gt; — Լեմկինի ինստիտուտ &amp; Co</title>" in html
    )
    assert "Նախնական &lt;tarberak&gt;" in html
    assert '<time datetime="2023-09-22">' in html
    assert format_date(dt.date(2023, 9, 22), "long", locale="hy") in html
    for lang in ("en", "hy", "fr"):
        assert f'<link rel="alternate" hreflang="{lang}"' in html
    assert '<a href="../index.html">Բոլոր փաստաթղթերը</a>' in html


def test_a_publisher_in_another_script_is_isolated_from_the_date() -> None:
    """On an Arabic page a Latin publisher sits in <bdi>, so the date's day stays with its month."""
    doc = parse_document(NOTICE)
    info = PageInfo(
        doc="field-hospital",
        lang="ar",
        languages=("en", "ar"),
        title="تنبيه",
        publisher="Lemkin Institute & Co",
        date=dt.date(2024, 5, 11),
    )
    html = render_html(rebuild_document(doc, {}, "ar", True), info)
    footer = html.split("<footer", 1)[1]
    assert "<bdi>Lemkin Institute &amp; Co</bdi>" in footer
    assert format_date(dt.date(2024, 5, 11), "long", locale="ar") in footer
    no_date = render_html(rebuild_document(doc, {}, "ar", True), replace(info, date=None))
    assert "<bdi>Lemkin Institute &amp; Co</bdi>" in no_date.split("<footer", 1)[1]


def test_an_outdated_page_links_to_the_original_and_ends_with_its_versions() -> None:
    """The release's page history (stages.editions): the notice and its link after the other
    notices, the change log after the text; page strings escaped like every other."""
    doc = parse_document(NOTICE)
    history = PageHistory(
        notice="Cette traduction correspond à la version 1 <b>du</b> 3 mars 2025.",
        original="Lire l’original mis à jour (anglais)",
        label="Historique des versions",
        changes=("Version 1 du 3 mars 2025. Première publication.",),
    )
    info = PageInfo(
        doc="sub/field-hospital",
        lang="fr",
        languages=("en", "fr"),
        title="Alerte",
        publisher="",
        date=None,
        notices=("Version provisoire.",),
        history=history,
    )
    html = render_html(rebuild_document(doc, {}, "fr", True), info)
    draft, outdated = re.findall(r'<p class="notice[^"]*" role="note">(.*?)</p>', html)
    assert draft == "Version provisoire."
    assert outdated == (
        "Cette traduction correspond à la version 1 &lt;b&gt;du&lt;/b&gt; 3 mars 2025. "
        '<a href="../../en/sub/field-hospital.html" hreflang="en">'
        "Lire l’original mis à jour (anglais)</a>"
    )
    changes = html.split("</main>", 1)[1].split("<footer", 1)[0]
    assert '<h2 id="version-history">Historique des versions</h2>' in changes
    assert "<li>Version 1 du 3 mars 2025. Première publication.</li>" in changes
    plain = render_html(rebuild_document(doc, {}, "fr", True), replace(info, history=None))
    assert 'class="notice outdated"' not in plain and 'class="changes"' not in plain


@pytest.mark.parametrize(
    "translation",
    [
        'Texte <img src="a<b" onerror="alert(1)"> traduit.',  # "<" in a quoted attribute
        "Texte [x](`a) <script>alert(1)</script>` traduit.",  # a backtick in a destination
        "Texte [x][<script>] <!-- a -- <b> --> <?x <i> ?> traduit.",
    ],
    ids=["quoted-attribute", "backtick-in-destination", "label-comment-instruction"],
)
def test_a_translation_adds_no_html(translation: str) -> None:
    """Whatever the Markdown around it, a tag the source does not have renders as text."""
    escaped = escape_new_html(translation, "Text <b>bold</b>.")
    tokens = _markdown().parseInline(escaped)[0].children or []
    assert not [t.content for t in tokens if t.type == "html_inline"]
    assert escape_new_html("Texte <b>gras</b>.", "Text <b>bold</b>.") == "Texte <b>gras</b>."


def test_escaping_leaves_what_is_no_tag() -> None:
    # not tags in CommonMark ("<" and a non-ASCII letter, or a space): left as written
    assert escape_new_html("-display <écran> < a >", "-display <display>") == (
        "-display <écran> < a >"
    )
    assert escape_new_html("\\<script> x", "x") == "\\<script> x"  # an escaped "<"


def test_no_spec_example_adds_html_to_a_translation() -> None:
    """Every line of every CommonMark example, as a translation of a source without HTML."""
    examples = json.loads(require_testdata(COMMONMARK_SPEC).read_text(encoding="utf-8"))
    leaks = []
    for example in examples:
        for line in example["markdown"].split("\n"):
            for block in _markdown().parseInline(escape_new_html(line, "Text.")):
                leaks += [t.content for t in block.children or [] if t.type == "html_inline"]
    assert len(examples) == 652 and leaks == []


def test_the_title_opens_the_page_unless_the_body_opens_with_it(tmp_path: Path) -> None:
    """A document imported from Word has its title in the front matter only: the page shows
    it; one that opens with its own level-one heading is not given a second."""
    info = PageInfo("alert", "fr", ("en", "fr"), "Alerte sur le siège", "", None)
    path = tmp_path / "alert.md"
    for body in ("# Alerte sur le siège\n\nTexte.\n", "Texte.\n"):
        path.write_text(f"---\ntitle: Alert\n---\n\n{body}", encoding="utf-8")
        html = render_html(rebuild_document(parse_document(path), {}, "fr", True), info)
        main = html.split("<main>")[1]
        assert main.count("<h1>") == 1 and "<h1>Alerte sur le siège</h1>" in main


def test_a_footnote_keeps_its_structure_and_its_line_breaks(tmp_path: Path) -> None:
    """A translated note that starts like a block (``# ``, ``- ``) stays the note's text, and
    a hard line break in it stays one, written inside the note."""
    source = (
        "Text.[^1]\n\n[^1]: Field team report.\n\n"
        "<dl>\n<dt>\n\nTerm\n\n</dt>\n<dd>\n\nDef.\n\n</dd>\n</dl>\n"
    )
    path = tmp_path / "doc.md"
    path.write_text(source, encoding="utf-8")
    doc = parse_document(path)
    translations = {
        "Field team report.": "# Rapport de l’équipe\\\nde terrain.",
        "Def.": "- Définition\\\nsur deux lignes.",
    }
    markdown = rebuild_document(doc, translations, "fr").markdown
    assert "[^1]: \\# Rapport de l’équipe\\\n      de terrain." in markdown
    html = render_html(
        rebuild_document(doc, translations, "fr", True),
        PageInfo("doc", "fr", ("en", "fr"), "T", "", None),
    )
    assert "<h1>Rapport" not in html and "# Rapport de l’équipe<br />" in html
    assert "<dd>\n<p>- Définition<br />\nsur deux lignes.</p>" in html
