"""Markdown fidelity on the whole CommonMark specification (the 652 examples of spec 0.31.2).

Every example of the spec is taken as a source document and goes through
the real pipeline functions: ``parse_document`` (segmentation), then
``rebuild_document`` (the rebuild), then the page renderer's Markdown
parser. Three properties are checked on all 652 examples:

* identity: built from an empty catalog, the document is the source, byte
  for byte;
* structure: with every sentence translated by ``swap_text`` (the case of
  every letter outside markup swapped, so the markup is what a careful
  translator keeps), the rendered HTML has the same structure as the
  source's (see ``html_structure``), and the same text up to letter case and
  whitespace;
* hostile translations: with translations that begin with block syntax
  (``# ``, ``> ``, ``- ``, ``1. ``, ``[x]: /url``) and hold a hard line break
  followed by block syntax, the HTML structure is still the source's, but
  for the ``<br>`` the new hard breaks add.

Examples that cannot keep their structure are listed, with the reason, in
``EXCEPTIONS``; the tests fail if one of them starts to pass.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support.testdata import COMMONMARK_SPEC
from support.tools import msgfmt_check, require_testdata

from alerti18n.output.render import _markdown, parse_markdown, rebuild_document
from alerti18n.text.segment import HARD_BREAK, Document, parse_document


@cache
def examples() -> list[dict]:
    """The spec's examples, as markdown-it-py's source distribution ships them (testdata.py)."""
    return json.loads(require_testdata(COMMONMARK_SPEC).read_text(encoding="utf-8"))


#: Examples whose HTML structure legitimately changes once translated, and why.
EXCEPTIONS: dict[int, str] = {
    491: "'[link](<foo\\nbar>)' is text only because a line break falls inside '<...>'; "
    "a msgid undoes line wrapping (segment.py's rules), so the translation reads and "
    "renders as a link",
}

#: Where a translation may keep markup: code spans, tags and autolinks, entities, link
#: targets and labels, backslash escapes (hard breaks included), directives.
_MARKUP = [
    re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL),
    re.compile(r"<[^<>]*>"),
    re.compile(r"&#?[0-9A-Za-z]+;"),
    re.compile(r"\]\[[^\]]*\]"),
    re.compile(r"\\.", re.DOTALL),
    re.compile(r"\{\{.*?\}\}", re.DOTALL),
]
HOSTILE_STARTS = ("# ", "> ", "- ", "+ ", "1. ", "2) ", "[zz9]: /url ")


def _link_targets(text: str) -> list[tuple[int, int]]:
    """Spans of ``](target "title")``: balanced parentheses, backslash escapes skipped."""
    spans = []
    for match in re.finditer(r"\]\(", text):
        depth, at = 1, match.end()
        while at < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[at], 0)
            at += 2 if text[at] == "\\" else 1
        spans.append((match.start(), at))
    return spans


def swap_text(msgid: str) -> str:
    """A translation that keeps all markup: the case of every other letter swapped."""
    kept = [False] * len(msgid)
    spans = [m.span() for pattern in _MARKUP for m in pattern.finditer(msgid)]
    for start, end in spans + _link_targets(msgid):
        kept[start:end] = [True] * (end - start)
    return "".join(c if keep else c.swapcase() for c, keep in zip(msgid, kept, strict=True))


def hostile(msgid: str, number: int) -> str:
    """A translation that starts with block syntax and has a hard break before more of it."""
    first = HOSTILE_STARTS[number % len(HOSTILE_STARTS)]
    second = HOSTILE_STARTS[(number + 1) % len(HOSTILE_STARTS)]
    return f"{first}{swap_text(msgid)}{HARD_BREAK}{second}end"


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(("<", tag, *sorted(_attribute(name, value) for name, value in attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("/", tag))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _attribute(name: str, value: str | None) -> tuple[str, str]:
    """Link targets exactly; other attribute values (alt, title...) up to case and spaces."""
    if name in ("href", "src"):
        return name, value or ""
    return name, " ".join((value or "").split()).casefold()


def html_structure(html: str) -> list[tuple]:
    """The HTML structure compared: every start and end tag in order, with its attributes.

    Raw HTML in the Markdown counts as well as the tags Markdown makes.
    """
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser.tags


def html_text(html: str) -> str:
    """The HTML's text (entities decoded), whitespace runs made one space, case folded."""
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.text).split()).casefold()


def to_html(markdown: str) -> str:
    """HTML as the pages are rendered (CommonMark, raw HTML, tables, front matter)."""
    md = _markdown()
    return md.renderer.render(parse_markdown(markdown), md.options, {})


@cache
def source_document(number: int) -> Document:
    example = examples()[number - 1]
    assert example["example"] == number
    return parse_document(Path(f"example-{number}.md"), "en", example["markdown"])


def rebuild(number: int, translate) -> str:  # noqa: ANN001 - msgid -> msgstr
    doc = source_document(number)
    translations = {s.text: translate(s.text) for s in doc.segments}
    return rebuild_document(doc, translations, "fr", for_html=True).markdown


def test_the_data_is_the_whole_specification() -> None:
    assert [e["example"] for e in examples()] == list(range(1, 653))
    assert set(EXCEPTIONS) <= {e["example"] for e in examples()}


#: Examples the link rule (alerti18n.text.links) changes, each with a warning: tags that run
#: or load something (script, style), images that are not the project's (absolute paths),
#: autolinks with other schemes than http, https, mailto, tel, and a src on a custom element.
LINK_RULE = {170, 172, 173, 176, 178, 572, 574, 575, 579, 581, 596, 598, 599, 601, 609, 617}


def test_empty_catalog_rebuilds_every_example_byte_for_byte() -> None:
    """Byte for byte, once the link rule has taken out what it refuses (with a warning)."""
    differ, cleaned = [], set()
    for example in examples():
        doc = source_document(example["example"])
        rendered = rebuild_document(doc, {}, "fr")
        if rendered.markdown != doc.text or rendered.fallbacks != rendered.total:
            differ.append(example["example"])
        if doc.text != example["markdown"]:
            cleaned.add(example["example"])
            assert doc.warnings and doc.cleaned
    assert differ == []
    assert cleaned == LINK_RULE


def test_translated_examples_keep_their_html_structure_and_text() -> None:
    changed_structure, changed_text, untouched = [], [], []
    for example in examples():
        number = example["example"]
        doc = source_document(number)
        markdown = rebuild(number, swap_text)
        if any(swap_text(s.text) != s.text for s in doc.segments) and markdown == doc.text:
            untouched.append(number)
        source_html, html = to_html(doc.text), to_html(markdown)
        if html_structure(html) != html_structure(source_html):
            changed_structure.append(number)
        elif html_text(html) != html_text(source_html):
            changed_text.append(number)
    assert untouched == []
    assert changed_structure == sorted(EXCEPTIONS)
    assert changed_text == []


def test_hostile_translations_keep_the_html_structure() -> None:
    changed = []
    for example in examples():
        number = example["example"]
        source = html_structure(to_html(source_document(number).text))
        html = to_html(rebuild(number, lambda msgid, n=number: hostile(msgid, n)))
        without_new_breaks = [tag for tag in html_structure(html) if tag[1] != "br"]
        if without_new_breaks != [tag for tag in source if tag[1] != "br"]:
            changed.append(number)
    assert changed == sorted(EXCEPTIONS)


def test_a_leading_dash_block_that_is_not_a_mapping_is_markdown() -> None:
    """Spec example 96: '---', a setext heading, more: Markdown, not front matter."""
    doc = source_document(96)
    assert doc.front_matter_span is None and doc.front_matter == {}
    assert [s.text for s in doc.segments] == ["Foo", "Bar", "Baz"]
    assert to_html(doc.text) == examples()[95]["html"]
    # a translation that reads as YAML ("key: value") does not turn the block into front matter
    out = rebuild_document(doc, {"Foo": "Alerte : Artsakh"}, "fr").markdown
    assert out == "***\nAlerte : Artsakh\n---\nBar\n---\nBaz\n"
    assert to_html(out) == examples()[95]["html"].replace("Foo", "Alerte : Artsakh")


@pytest.mark.parametrize(
    ("text", "line"),
    [("---\ntitle: a: b\n---\n\nText.\n", 2), ("---\n# note\nkey: [open\n---\nText.\n", 3)],
    ids=["bad-value", "unclosed-list"],
)
def test_invalid_yaml_in_a_mapping_is_still_an_error(text: str, line: int) -> None:
    from alerti18n.core.errors import SourceError

    with pytest.raises(SourceError, match="invalid YAML front matter") as info:
        parse_document(Path("doc.md"), "en", text)
    assert info.value.format_message().startswith(f"doc.md:{line}:")


@pytest.mark.parametrize(
    ("source", "msgid"),
    [
        ("One line  \nand the next.\n", "One line\\\nand the next."),
        ("One line\\\nand the next.\n", "One line\\\nand the next."),
        ("> Quoted  \n> text.\n", "Quoted\\\ntext."),
        ("`code  \nspan` and text.\n", "`code span` and text."),
        ("An escaped backslash\\\\\nis no break.\n", "An escaped backslash\\\\ is no break."),
    ],
    ids=["spaces", "backslash", "quote", "code-span", "escaped-backslash"],
)
def test_hard_breaks_are_visible_in_msgids(source: str, msgid: str) -> None:
    assert [s.text for s in parse_document(Path("d.md"), "en", source).segments] == [msgid]


def test_hard_break_between_sentences_stays_in_the_source() -> None:
    doc = parse_document(Path("d.md"), "en", "First sentence.\\\nSecond sentence.\n")
    assert [s.text for s in doc.segments] == ["First sentence.", "Second sentence."]
    out = rebuild_document(doc, {"First sentence.": "Un.", "Second sentence.": "Deux."}, "fr")
    assert out.markdown == "Un.\\\nDeux.\n"


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        ("Line one  \nline two.\n", "Ligne un\\\nligne deux.", "Ligne un\\\nligne deux.\n"),
        ("> Line one  \n> line two.\n", "Un\\\ndeux.", "> Un\\\n> deux.\n"),
        ("- Line one  \n  line two.\n", "Un\\\n- deux.", "- Un\\\n  \\- deux.\n"),
        ("Line one  \nline two.\n", "Ligne  \nun.", "Ligne\\\nun.\n"),
        ("Title  \nover lines\n===\n", "Titre\\\nsur deux", "Titre\\\nsur deux\n===\n"),
        ("| a |\n|---|\n| Cell text |\n", "Une\\\ncellule", "| a |\n|---|\n| Une cellule |\n"),
        ("# Heading\n", "Titre\\\nlong", "# Titre long\n"),
    ],
    ids=["paragraph", "quote", "list-item", "spaces", "setext", "table-cell", "atx-heading"],
)
def test_rebuild_writes_hard_breaks_back(source: str, translation: str, expected: str) -> None:
    doc = parse_document(Path("d.md"), "en", source)
    target = doc.segments[-1]
    out = rebuild_document(doc, {target.text: translation}, "fr").markdown
    assert out == expected
    assert html_structure(to_html(out)) == html_structure(to_html(source))


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        ("Text here.\n", "# pas un titre", "\\# pas un titre\n"),
        ("Text here.\n", "> pas une citation", "\\> pas une citation\n"),
        ("Text here.\n", "- pas une liste", "\\- pas une liste\n"),
        ("Text here.\n", "1. pas une liste", "1\\. pas une liste\n"),
        ("Text here.\n", "2023. aastal", "2023\\. aastal\n"),
        ("Text here.\n", "<div>pas du HTML", "\\<div>pas du HTML\n"),
        ("Text here.\n", "[x]: /url 'pas un lien'", "\\[x]: /url 'pas un lien'\n"),
        ("Text here.\n", "``` pas du code", "\\``` pas du code\n"),
        ("Some text.\nMore text.\n", "=====", "Some text.\n\\=====\n"),
        ("- Item text.\n", "# pas un titre", "- \\# pas un titre\n"),
        ("Para.\n\n> Quoted text.\n", "- pas une liste", "Para.\n\n> \\- pas une liste\n"),
        ("# Heading\n", "C #", "# C \\#\n"),
        ("Text here.\n", "Texte avec \\", "Texte avec \\\\\n"),
        ("Text here.\n", "<b>gras</b> ici", "<b>gras</b> ici\n"),
        ("Text here.\n", "2 000 personnes", "2 000 personnes\n"),
        ("Mid. Text here.\n", "# au milieu", "Mid. # au milieu\n"),
    ],
    ids=[
        "heading",
        "quote",
        "bullet",
        "ordered",
        "ordered-year",
        "html-block",
        "reference",
        "fence",
        "setext-underline",
        "in-list-item",
        "in-quote",
        "atx-closing-sequence",
        "trailing-backslash",
        "inline-html-kept",
        "digits-kept",
        "mid-line-kept",
    ],
)
def test_translated_lines_never_start_a_block(source: str, translation: str, expected: str) -> None:
    doc = parse_document(Path("d.md"), "en", source)
    target = doc.segments[-1]
    out = rebuild_document(doc, {target.text: translation}, "fr").markdown
    assert out == expected
    assert html_structure(to_html(out)) == html_structure(to_html(source)) or "<b>" in expected


def test_a_hard_break_goes_through_the_whole_cycle(tmp_path: Path) -> None:
    """extract → PO (msgfmt accepts it) → translated → build: the page keeps its <br>."""
    from alerti18n.core.config import load_project
    from alerti18n.po.pofile import read_po, write_po
    from alerti18n.stages.build import build
    from alerti18n.stages.extract import extract
    from alerti18n.stages.init import init_project
    from alerti18n.stages.update import update

    root = tmp_path / "project"
    init_project(root, "en", ["fr"])
    (root / "source" / "example.md").unlink()
    (root / "source" / "address.md").write_text(
        "# Contact\n\n> Lemkin Institute  \n> Washington, DC\n", encoding="utf-8"
    )
    project = load_project(root)
    extract(project)
    update(project)
    po_path = root / "locales" / "fr" / "address.po"
    po = read_po(po_path)
    entry = next(e for e in po if e.msgid == "Lemkin Institute\\\nWashington, DC")
    assert '"Lemkin Institute\\\\\\n"' in po_path.read_text(encoding="utf-8")
    entry.msgstr = "Institut Lemkin\\\nWashington (DC)"
    write_po(po, po_path, root)
    msgfmt_check(po_path)
    build(project, formats=("md", "html"))
    built = (root / "build" / "fr" / "address.md").read_text(encoding="utf-8")
    assert built.endswith("> Institut Lemkin\\\n> Washington (DC)\n")
    html = (root / "build" / "fr" / "address.html").read_text(encoding="utf-8")
    assert "<blockquote>\n<p>Institut Lemkin<br />\nWashington (DC)</p>\n</blockquote>" in html
