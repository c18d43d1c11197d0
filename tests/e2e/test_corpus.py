"""A real corpus through the whole CLI: 112 rust-book chapters, no error, no lost block.

One project (made by ``alerti18n init``, its ``source/`` a copy of the corpus)
is shared by every test of this module: ``extract``, ``update`` (hy, fr),
``build`` and ``status`` run once with empty catalogs; then every French entry
is "translated" by a visible marker and French is built again into another
folder. The tests compare what was built with the source documents, block by
block, in Markdown and in HTML.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt
from markdown_it.token import Token
from support.tools import CORPUS_MD, shared_files

from alerti18n.cli.main import main
from alerti18n.output.footnotes import use_footnotes
from alerti18n.po.pofile import read_po, write_po
from alerti18n.text.segment import parse_document

DOCS = shared_files(CORPUS_MD, "*.md")
NAMES = [p.stem for p in DOCS]
LANGS = ("en", "hy", "fr")
MARK = "«FR» "
#: The formats checked here (PDF is slow and has tests of its own).
FORMATS = "md,html,txt"
#: HTML elements whose number must not change between source and built page.
BLOCK_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 ul ol li blockquote table th td pre code a img".split())
_UNTRANSLATED = re.compile(r"^warning: \w+/[\w-]+: \d+ of \d+ segments untranslated or fuzzy")
#: The corpus is the chapters' Markdown without their img/ folder, so build rightly says so.
_MISSING_IMAGE = re.compile(r"^warning: .*/source/[\w-]+\.md: image (\S+) does not exist$")

pytestmark = [pytest.mark.needs_shared, pytest.mark.slow]


@dataclass
class CorpusRun:
    """The shared project and what each command answered."""

    root: Path
    results: dict[str, Result] = field(default_factory=dict)

    def invoke(self, key: str, *args: str) -> Result:
        """Run one CLI command on the project and keep its result under ``key``."""
        result = CliRunner().invoke(main, [*args, "--project", str(self.root)])
        self.results[key] = result
        return result

    @property
    def translated_out(self) -> Path:
        return self.root / "build-fr-marked"


def mark_french(root: Path) -> None:
    """Give every French entry a visible translation: the marker, then the msgid."""
    for path in sorted((root / "locales" / "fr").glob("*.po")):
        po = read_po(path)
        for entry in po:
            if not entry.obsolete:
                entry.msgstr = MARK + entry.msgid
        write_po(po, path, root)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusRun:
    """The corpus project after the whole cycle, then a marked French build."""
    root = tmp_path_factory.mktemp("corpus") / "project"
    init = CliRunner().invoke(main, ["init", str(root), "--target", "hy,fr"])
    assert init.exit_code == 0, init.output
    (root / "source" / "example.md").unlink()
    for path in DOCS:
        shutil.copyfile(path, root / "source" / path.name)
    run = CorpusRun(root)
    run.invoke("extract", "extract")
    run.invoke("update", "update", "--lang", "hy,fr")
    run.invoke("build", "build", "--format", FORMATS)
    run.invoke("status", "status", "--format", "json")
    mark_french(root)
    marked = ["build", "--lang", "fr", "--format", FORMATS, "--out", str(run.translated_out)]
    run.invoke("build-marked", *marked)
    run.invoke("status-marked", "status", "--lang", "fr", "--format", "json")
    return run


def _markdown() -> MarkdownIt:
    """CommonMark with raw HTML, GFM tables, strikethrough and footnotes: what pages are
    built with."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return use_footnotes(md)


class _TagCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in BLOCK_TAGS:
            self.counts[tag] += 1


def html_tags(html: str) -> Counter[str]:
    """Start tags of BLOCK_TAGS in an HTML fragment."""
    counter = _TagCounter()
    counter.feed(html)
    counter.close()
    return counter.counts


#: What the footnotes' tokens are written as (alerti18n.output.footnotes): the notes' list,
#: each note, each link back.
_NOTE_TAGS = {"footnote_block_open": "ol", "footnote_open": "li", "footnote_anchor": "a"}


def expected_tags(tokens: list[Token]) -> Counter[str]:
    """The BLOCK_TAGS a Markdown token stream renders to, raw HTML included."""
    counts: Counter[str] = Counter()
    for token in tokens:
        if token.type == "paragraph_open" and not token.hidden:
            counts["p"] += 1
        elif token.type in _NOTE_TAGS:
            counts[_NOTE_TAGS[token.type]] += 1
        elif token.type.endswith("_open") and token.type != "paragraph_open":
            counts[token.tag] += 1
        elif token.type in ("fence", "code_block"):
            counts.update(("pre", "code"))
        elif token.type == "html_block":
            counts += html_tags(token.content)
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "code_inline":
                    counts["code"] += 1
                elif child.type == "image":
                    counts["img"] += 1
                elif child.type in ("link_open", "footnote_ref"):
                    counts["a"] += 1
                elif child.type == "html_inline":
                    counts += html_tags(child.content)
    # the corpus has none of the book's image files, and the image rule (alerti18n.text.links)
    # shows only images copied from source/: no page shows one
    return Counter({tag: n for tag, n in counts.items() if tag in BLOCK_TAGS - {"img"}})


def page_body(html: str) -> str:
    """The document part of a built page (what the template puts inside <main>)."""
    start = html.index("<main>\n") + len("<main>\n")
    return html[start : html.rindex("\n</main>")]


def blocks(text: str) -> list[tuple[str, str, int, str, str]]:
    """Block structure of a Markdown text: token kind, tag, nesting, marker, code and HTML."""
    result = []
    for token in _markdown().parse(text):
        keep = token.content if token.type in ("fence", "code_block", "html_block") else ""
        result.append((token.type, token.tag, token.level, token.markup, keep))
    return result


def flatten(markdown: str) -> str:
    """Markdown with block-quote markers dropped and every whitespace run made one space."""
    text = re.sub(r"(?m)^[ \t]*(?:>[ \t]?)+", "", markdown)
    return " ".join(text.split())


def pot_msgids(root: Path, name: str) -> list[str]:
    return [e.msgid for e in polib.pofile(str(root / "locales" / f"{name}.pot"))]


@pytest.mark.parametrize("key", ["extract", "update", "build", "status", "build-marked"])
def test_commands_succeed_without_error(corpus: CorpusRun, key: str) -> None:
    result = corpus.results[key]
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert not any(line.startswith("error") for line in result.stderr.splitlines())
    unexpected = []
    for line in filter(None, result.stderr.splitlines()):
        missing = _MISSING_IMAGE.match(line)
        if missing:
            assert not (CORPUS_MD / missing.group(1)).exists(), line
        elif not _UNTRANSLATED.match(line):
            unexpected.append(line)
    assert unexpected == []


def test_every_document_has_its_catalogs_and_outputs(corpus: CorpusRun) -> None:
    root = corpus.root
    for name in NAMES:
        assert pot_msgids(root, name), f"{name}: empty template"
        for lang in ("hy", "fr"):
            assert (root / "locales" / lang / f"{name}.po").is_file()
        for lang in LANGS:
            for fmt in ("md", "html", "txt"):
                assert (root / "build" / lang / f"{name}.{fmt}").is_file(), (lang, name, fmt)


def test_status_counts_every_entry(corpus: CorpusRun) -> None:
    rows = json.loads(corpus.results["status"].stdout)
    assert {(r["doc"], r["lang"]) for r in rows} == {(n, lang) for n in NAMES for lang in LANGS[1:]}
    for row in rows:
        assert row["segments"] == len(pot_msgids(corpus.root, row["doc"])) > 0
        assert row["untranslated"] == row["segments"] and row["percent"] == 0.0
    marked = json.loads(corpus.results["status-marked"].stdout)
    assert len(marked) == len(NAMES)
    assert all(r["lang"] == "fr" and r["percent"] == 100.0 for r in marked)


@pytest.mark.parametrize("lang", LANGS)
def test_empty_catalogs_rebuild_every_source_byte(corpus: CorpusRun, lang: str) -> None:
    for path in DOCS:
        built = corpus.root / "build" / lang / f"{path.stem}.md"
        assert built.read_bytes() == path.read_bytes(), f"{lang}/{path.name}"


def test_every_msgid_is_in_the_built_markdown(corpus: CorpusRun) -> None:
    for name in NAMES:
        built = flatten((corpus.root / "build" / "fr" / f"{name}.md").read_text("utf-8"))
        missing = [m for m in pot_msgids(corpus.root, name) if " ".join(m.split()) not in built]
        assert missing == [], name


@pytest.mark.parametrize("lang", LANGS)
def test_html_pages_keep_every_block(corpus: CorpusRun, lang: str) -> None:
    for path in DOCS:
        expected = expected_tags(_markdown().parse(path.read_text("utf-8")))
        html = (corpus.root / "build" / lang / f"{path.stem}.html").read_text("utf-8")
        assert html_tags(page_body(html)) == expected, f"{lang}/{path.name}"


def test_translated_build_replaces_every_sentence_and_keeps_every_block(
    corpus: CorpusRun,
) -> None:
    out = corpus.translated_out / "fr"
    for path in DOCS:
        source = path.read_text("utf-8")
        markdown = (out / f"{path.stem}.md").read_text("utf-8")
        assert blocks(markdown) == blocks(source), path.name
        msgids = pot_msgids(corpus.root, path.stem)
        flat = flatten(markdown)
        assert [m for m in msgids if MARK + " ".join(m.split()) not in flat] == [], path.name
        assert markdown.count(MARK) == len(parse_document(path).segments), path.name
        html = (out / f"{path.stem}.html").read_text("utf-8")
        body = page_body(html)
        assert html_tags(body) == expected_tags(_markdown().parse(source)), path.name
        assert body.count(MARK.strip()) == markdown.count(MARK), path.name
        text = (out / f"{path.stem}.txt").read_text("utf-8")
        assert text.count(MARK.strip()) == markdown.count(MARK), path.name
