"""One parse for a document's pages: the same tokens as a parse of each page's own text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token
from support.projects import BASIC
from support.testdata import COMMONMARK_SPEC
from support.tools import CORPUS_MD, require_testdata, shared_files

from alerti18n.output import render
from alerti18n.output.pageparse import MARKS, PageParses, _inert
from alerti18n.output.render import parse_markdown, rebuild_document
from alerti18n.text.segment import Document, parse_document

SEGMENT_GOLDENS = sorted((Path(__file__).parents[1] / "data" / "segment").glob("*.md"))
DOCUMENTS = [
    *(pytest.param(p, marks=pytest.mark.needs_shared) for p in shared_files(CORPUS_MD, "*.md")),
    *sorted((BASIC / "source").glob("*.md")),
    *SEGMENT_GOLDENS,
]


def shape(tokens: list[Token] | None) -> list[tuple[Any, ...]] | None:
    """Everything a writer may read of the tokens.

    A text token's ``markup`` and ``info`` are left out: they tell which escape or entity
    opened a run of text that markdown-it joined (``text_join``), and no writer reads them
    (markdown-it's text rule and ``output/text.py`` read a text token's content). So is an
    empty text token (left where an emphasis run was taken apart): it writes nothing.
    """
    if tokens is None:
        return None
    return [
        (
            t.type,
            t.tag,
            t.nesting,
            t.attrs,
            t.map,
            t.level,
            t.content,
            "" if t.type == "text" else t.markup,
            "" if t.type == "text" else t.info,
            t.meta,
            t.block,
            t.hidden,
            shape(t.children),
        )
        for t in tokens
        if t.type != "text" or t.content
    ]


def page_text(doc: Document, translations: dict[str, str], lang: str, source: str = "en") -> str:
    return rebuild_document(doc, translations, lang, for_html=True, source_lang=source).markdown


def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts markdown-it parses from now on."""
    texts: list[str] = []
    parse: Callable[[str], list[Token]] = render.markdown_tokens

    def counting(text: str) -> list[Token]:
        texts.append(text)
        return parse(text)

    monkeypatch.setattr(render, "markdown_tokens", counting)
    return texts


def assert_pages_read_alike(
    doc: Document, translations: dict[str, str], source: str = "en"
) -> PageParses:
    """Each page's tokens from the shared parses are those of its own text's parse."""
    parses = PageParses()
    for lang, given_translations in ((source, {}), ("hy", translations), ("fr", {})):
        text = page_text(doc, given_translations, lang, source)
        shared = parses.tokens(doc, given_translations, lang, source, text)
        assert shape(shared) == shape(parse_markdown(text)), (lang, text)
    return parses


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: getattr(p, "name", str(p)))
def test_every_page_reads_as_its_own_parse(path: Path) -> None:
    doc = parse_document(path, "en", path.read_text(encoding="utf-8"))
    every_other = {s.text: s.text.upper() for s in doc.segments[::2]}
    assert_pages_read_alike(doc, {})
    assert_pages_read_alike(doc, every_other)


def test_an_untranslated_page_and_the_source_page_take_one_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = BASIC / "source" / "field-hospital.md"
    doc = parse_document(path, "en", path.read_text(encoding="utf-8"))
    texts = counted(monkeypatch)
    assert_pages_read_alike(doc, {})
    # the comparison's own parses are parse_markdown's: three pages, one shared parse
    marked = [text for text in texts if MARKS[0] in text]
    assert len(marked) == 1 and len(texts) == 1 + 3


def test_every_commonmark_example_reads_as_its_own_parse() -> None:
    """The spec's 652 examples as documents: every edge the spec has, at sentence ends."""
    examples = json.loads(require_testdata(COMMONMARK_SPEC).read_text(encoding="utf-8"))
    shared = 0
    for example in examples:
        doc = parse_document(Path("example.md"), "en", example["markdown"])
        if not doc.segments:
            continue
        parses = assert_pages_read_alike(doc, {})
        shared += bool(parses._marked and any(v is not None for v in parses._marked.values()))
    assert shared > 300  # most examples share one parse; the rest are parsed apart


#: Sentences whose edges touch what a mark could change: emphasis and strikethrough runs,
#: code, links, brackets, backslashes, entities, inline HTML, trailing spaces.
EDGES = ["*", "**", "_", "__", "~~", "`", "[", "]", "(", ")", "!", "\\", "&amp;", "<b>", "</b>"]
WORDS = ["Alert", "water", "x", "“Quoted”", "(see", "it)", "Zone 3", "ok."]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
    head = draw(st.sampled_from(["", *EDGES]))
    tail = draw(st.sampled_from(["", *EDGES]))
    end = draw(st.sampled_from([".", "!", "?", ".*", "._", ".`", ".]", ".\\"]))
    return f"{head}{' '.join(words)}{tail}{end}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        line = " ".join(draw(st.lists(sentences(), min_size=1, max_size=4)))
        prefix = draw(st.sampled_from(["", "- ", "> ", "# ", "1. ", "| "]))
        trailing = draw(st.sampled_from(["", "  ", " "]))
        blocks.append(f"{prefix}{line}{trailing}")
    if draw(st.booleans()):
        blocks.append("[ref]: https://example.org")
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=300, deadline=None)
@given(documents(), st.integers(0, 3))
def test_pages_read_alike_at_any_sentence_edge(text: str, step: int) -> None:
    doc = parse_document(Path("generated.md"), "en", text)
    translations = {s.text: f"Tr {s.text}" for s in doc.segments[:: step + 1]} if step else {}
    assert_pages_read_alike(doc, translations)


def test_a_document_holding_a_mark_is_parsed_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = parse_document(Path("marks.md"), "en", f"One sentence {MARKS[0]}here. Another one.\n")
    texts = counted(monkeypatch)
    assert_pages_read_alike(doc, {})
    assert not any(MARKS[1] in text for text in texts)  # no text was parsed with marks
    # the source page and the marked page each parsed on its own, then the three comparisons
    assert len(texts) == 2 + 3


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("zh", "**第一句。****第二句。**\n"),
        ("zh", "第一句。**强调**第二句。\n"),
        ("ja", "*一つ目。*二つ目。__三つ目。__\n"),
        ("ja", "一つ目は`a`。`b`は二つ目。\n"),
    ],
)
def test_sentences_that_touch_read_alike(source: str, text: str) -> None:
    """In a script whose sentences follow one another without a space, two marks meet
    between two runs of emphasis marks, which without them are one run."""
    doc = parse_document(Path("touching.md"), source, text)
    assert len(doc.segments) > 1
    assert_pages_read_alike(doc, {}, source)


@pytest.mark.parametrize(
    "text",
    [
        "Foo.  {c}\nBar.",  # the spaces of a hard line break
        "Foo\\{c} *bar*",  # a backslash escapes what follows it
        "&{o}amp; x",  # an entity
        "&amp{c}; x",
        "<{o}b> x",  # a tag or an autolink
        "x{c}> y",
        "!{o}[alt](a.png)",  # an image, a link
        "[a]{c}[b]",
        "[a]{c}(b)",
        "**a**{c}{o}**b**",  # one run of emphasis marks without the marks
        "[One.{c} {o}Two.]",  # inside a link's label
        "a{o}_b_",  # the run can open next to a mark, not next to "a"
        "{o}**`code`**",  # the run can close next to a mark, not at the line's start
    ],
)
def test_marks_that_markdown_would_read_otherwise_are_not_inert(text: str) -> None:
    assert not _inert(text.format(o=MARKS[0], c=MARKS[1]))


@pytest.mark.parametrize(
    "text",
    [
        "{o}Foo.{c} {o}Bar.{c}\n",
        "{o}**Note**: read this.{c}\n",
        "{o}`code` runs.{c} {o}[A link](a.html) too.{c}\n",
        "- {o}_Item_ one.{c}\n",
        "> {o}Quoted, *emphasised*.{c}\n",
    ],
)
def test_marks_at_ordinary_sentence_edges_are_inert(text: str) -> None:
    assert _inert(text.format(o=MARKS[0], c=MARKS[1]))


def test_marks_in_a_translation_never_become_tags() -> None:
    """A translator's msgstr holding the marks cannot open or close a ``<span>``: the page
    is parsed on its own, and the marks stay text."""
    doc = parse_document(Path("t.md"), "en", "One sentence here. Another one.\n")
    first = doc.segments[0].text
    hostile = {first: f"Une {MARKS[0]}phrase{MARKS[1]} ici."}
    assert_pages_read_alike(doc, hostile)
    html = render.render_body(
        PageParses().tokens(doc, hostile, "hy", "en", page_text(doc, hostile, "hy")), "hy"
    )
    assert html.count("<span") == 1  # the untranslated second sentence only
    assert f"{MARKS[0]}phrase{MARKS[1]}" in html
