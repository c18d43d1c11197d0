"""The import conformance measurement: public documents this project did not write, through
import -> extract -> update -> a marked pseudo-translation -> build -> re-import.

For each document (DOCX, ODT, HTML; :func:`documents`) it measures:

* **imported**: imported, or cleanly refused (an ``AlertI18nError``: the one-line error
  the command prints), or crashed (any other exception);
* **structure**: headings, tables and their cells, lists and their items, definition
  lists' items, footnotes and images (:func:`structure`), in what pandoc reads from the
  original and in what it reads from alerti18n's English output of the same format;
* **identity**: the English output's words against pandoc's own round trip of the same
  file (``pandoc -f docx -t docx``, read back): the title, subtitle and abstract, then
  the body; the date and author lines are left out (alerti18n writes its own);
* **translated**: every catalog entry is given a marked pseudo-translation
  (``‹n› msgid``); every mark must be in the French output;
* **re-import**: the document is imported again, extracted and merged: every
  translation must still be there, not fuzzy.

For a web page the "original" is the article the importer keeps
(:func:`alerti18n.importing.article.main_content`), and the output compared is the
page's ``<main>``; where the page's package ships the article text its authors expect
(newspaper4k's ``<page>.txt``), **recall** is the share of its words the import kept.

A loss is **silent** when the import gave no warning at all. tests/e2e/test_conformance.py
asserts the goals; benchmarks/conformance.py prints the table.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import traceback
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support.testdata import CONFORMANCE_DOCS

#: The formats measured, by suffix.
KINDS = {".docx": "docx", ".odt": "odt", ".html": "html"}
#: What :func:`structure` counts.
CATEGORIES = ("headings", "tables", "cells", "lists", "items", "definitions", "notes", "images")
#: The pseudo-translation's language.
TARGET = "fr"


def documents(folder: Path = CONFORMANCE_DOCS) -> list[Path]:
    """The conformance documents, in a stable order."""
    return sorted(p.resolve() for p in folder.rglob("*") if p.suffix in KINDS and p.is_file())


def label(path: Path, folder: Path = CONFORMANCE_DOCS) -> str:
    """``docx/python-docx/tbl-2x2-table.docx`` (for a file elsewhere, its folder and name)."""
    if path.is_relative_to(folder):
        return path.relative_to(folder).as_posix()
    return f"{path.parent.name}/{path.name}"


@dataclass
class Result:
    """What the measurement found for one document."""

    doc: str
    kind: str
    outcome: str = "crashed"  # "imported", "refused", "crashed"
    message: str = ""  # the refusal or the crash
    warnings: list[str] = field(default_factory=list)
    original: dict[str, int] = field(default_factory=dict)
    ours: dict[str, int] = field(default_factory=dict)
    similarity: float = 0.0
    difference: str = ""  # the first words that differ
    entries: int = 0
    landed: int = 0
    kept: int = 0  # translations still there after re-import
    recall: float | None = None

    @property
    def structure_kept(self) -> bool:
        """As many of each kind of structure as in the original: none lost, none added
        (a table that gains an empty header row has changed too)."""
        return not self.changed

    @property
    def changed(self) -> list[str]:
        """The categories with another count in the output than in the original."""
        kinds = sorted(set(self.original) | set(self.ours), key=CATEGORIES.index)
        return [c for c in kinds if self.ours.get(c, 0) != self.original.get(c, 0)]

    @property
    def identical(self) -> bool:
        return self.similarity == 1.0

    @property
    def translated(self) -> bool:
        return self.landed == self.entries

    @property
    def reimport_kept(self) -> bool:
        return self.kept == self.entries

    @property
    def ok(self) -> bool:
        if self.outcome != "imported":
            return self.outcome == "refused"
        return self.structure_kept and self.identical and self.translated and self.reimport_kept

    @property
    def silent(self) -> bool:
        """A loss, or a crash, with no warning and no refusal to say so."""
        return self.outcome == "crashed" or (not self.ok and not self.warnings)


# --- what pandoc reads -----------------------------------------------------------------------


def pandoc_json(data: bytes, kind: str) -> dict:
    """pandoc's AST of ``data`` (a ``kind`` document)."""
    from alerti18n.core.pandoc import run_pandoc

    return json.loads(run_pandoc(["-f", kind, "-t", "json"], data))


def round_trip(data: bytes, kind: str) -> dict:
    """What pandoc reads back from its own ``kind`` -> ``kind`` conversion of ``data``."""
    from alerti18n.core.pandoc import run_pandoc

    written = run_pandoc(["-f", kind, "-t", kind, "-o", "-"], data)
    return pandoc_json(written, kind)


def structure(ast: dict) -> dict[str, int]:
    """How many of each of :data:`CATEGORIES` the AST's body holds."""
    counts = dict.fromkeys(CATEGORIES, 0)

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        kind, content = node.get("t"), node.get("c")
        if kind == "Header":
            counts["headings"] += 1
        elif kind == "Table" and _shows(node):
            counts["tables"] += 1
            counts["cells"] += _cells(content)
        elif kind in ("BulletList", "OrderedList") and _shows(node):
            counts["lists"] += 1
            counts["items"] += len(content if kind == "BulletList" else content[1])
        elif kind == "DefinitionList":
            counts["definitions"] += len(content)
        elif kind == "Note":
            counts["notes"] += 1
        elif kind == "Image":
            counts["images"] += 1
        walk(content)

    walk(ast.get("blocks", []))
    return {name: n for name, n in counts.items() if n}


def _shows(node: Any) -> bool:
    """Whether a table or list shows any text or image: one that shows nothing (empty
    cells, items of empty links) is not counted."""
    return bool(words({"blocks": [node]}, ())) or '"t": "Image"' in json.dumps(node)


def _cells(table: list) -> int:
    """The cells of a pandoc Table (head, bodies, foot), nested tables not counted here."""
    _attr, _caption, _specs, head, bodies, foot = table
    rows = list(head[1]) + list(foot[1])
    for body in bodies:
        rows += list(body[2]) + list(body[3])
    return sum(len(row[1]) for row in rows)


def words(ast: dict, meta: tuple[str, ...] = ("subtitle", "abstract")) -> list[str]:
    """The text of the ``meta`` fields named, then of the body, as words."""
    fields = [ast.get("meta", {}).get(key) for key in meta]
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            kind, content = node.get("t"), node.get("c")
            if kind in ("Str", "MetaString"):
                out.append(str(content))
            elif kind in ("Code", "Math", "CodeBlock", "RawInline", "RawBlock"):
                out.append(" " + str(content[-1]) + " ")
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif kind == "Figure":  # the picture, then its caption, as a page shows them
                walk([content[2], content[1]])
                out.append(" ")
            else:
                walk(content)
                if kind in _BLOCKS:
                    out.append(" ")

    walk([f for f in fields if f] + ast.get("blocks", []))
    return unicodedata.normalize("NFC", "".join(out)).split()


def title_of(ast: dict) -> str:
    """The title pandoc read into the document's metadata ("" if none)."""
    return " ".join(words({"blocks": [ast.get("meta", {}).get("title") or []]}, ()))


def strip_lines(found: list[str], lines: list[str]) -> list[str]:
    """``found`` without the ``lines`` it starts with, in order (the title and the
    publisher line an office output opens with)."""
    for line in lines:
        said = line.split()
        if said and found[: len(said)] == said:
            found = found[len(said) :]
    return found


#: Blocks: a word never runs on from one into the next.
_BLOCKS = frozenset(
    (
        "Para Plain Header BulletList OrderedList DefinitionList Table BlockQuote Div "
        "LineBlock Figure MetaBlocks MetaInlines"
    ).split()
)


def compare(ours: list[str], theirs: list[str]) -> tuple[float, str]:
    """The similarity of two word lists (1.0: the same) and where they first differ."""
    if ours == theirs:
        return 1.0, ""
    matcher = difflib.SequenceMatcher(None, theirs, ours, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            said = " ".join(theirs[a1 : min(a2, a1 + 8)])
            got = " ".join(ours[b1 : min(b2, b1 + 8)])
            return min(matcher.ratio(), 0.9999), f"{op}: pandoc «{said}» / ours «{got}»"
    return min(matcher.ratio(), 0.9999), ""


# --- one project, every document -------------------------------------------------------------


@dataclass
class Work:
    """A project and where each document went in it."""

    root: Path
    names: dict[str, str]  # doc label -> document name in the project
    results: dict[str, Result]


def measure(files: Iterable[Path], where: Path, jobs: int = 2) -> list[Result]:
    """The measurement (see the module docstring) of ``files``, in a project under ``where``."""
    from alerti18n.core.config import load_project
    from alerti18n.stages.build import build
    from alerti18n.stages.extract import extract
    from alerti18n.stages.update import update

    files = list(files)
    work = _new_project(where, files)
    project = load_project(work.root)
    originals = _import_all(project, work, files)
    extract(project)
    update(project)
    marks = _pseudo_translate(project, work)
    for kind in ("docx", "odt", "html"):
        docs = {name for doc, name in work.names.items() if work.results[doc].kind == kind}
        if docs:
            build(project, formats=(kind,), documents=docs)
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda doc: _compare(project, work, doc, originals[doc], marks), originals))
    _reimport(project, work, files, marks)
    return list(work.results.values())


def _new_project(where: Path, files: list[Path]) -> Work:
    from click.testing import CliRunner

    from alerti18n.cli.main import main

    root = where / "project"
    result = CliRunner().invoke(main, ["init", str(root), "--target", TARGET, "--name", "c"])
    assert result.exit_code == 0, result.output
    for path in (root / "source").glob("*.md"):
        path.unlink()
    names, results = {}, {}
    for number, path in enumerate(files):
        doc = label(path)
        names[doc] = f"d{number:03d}-" + re.sub(r"[^a-z0-9]+", "-", path.stem.lower())[:40]
        results[doc] = Result(doc, KINDS[path.suffix])
    return Work(root, names, results)


def _import_all(project: Any, work: Work, files: Iterable[Path]) -> dict[str, bytes]:
    """Import each file; the bytes of each one imported, as pandoc should read it."""
    from alerti18n.core.errors import AlertI18nError
    from alerti18n.importing.importer import import_document

    originals = {}
    for path in files:
        doc = label(path)
        result = work.results[doc]
        try:
            imported = import_document(project, path, work.names[doc])
        except AlertI18nError as exc:
            result.outcome, result.message = "refused", exc.format_message()
            continue
        except Exception:  # noqa: BLE001 (a crash is what is measured)
            result.message = traceback.format_exc(limit=-3)
            continue
        result.outcome, result.warnings = "imported", list(imported.warnings)
        originals[doc] = _original(path) if result.kind == "html" else path.read_bytes()
        reference = path.with_suffix(".txt")
        if result.kind == "html" and reference.is_file():
            kept = "".join(imported.markdown.read_text("utf-8").lower().split())
            expected = re.findall(r"\w+", reference.read_text("utf-8").lower())
            result.recall = sum(w in kept for w in expected) / max(len(expected), 1)
    return originals


def _original(path: Path) -> bytes:
    """The article the importer keeps of a page, as HTML (what "the original" is for a page)."""
    import lxml.html

    from alerti18n.importing.article import main_content

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    root = lxml.html.document_fromstring(path.read_bytes(), parser=parser)
    article = main_content(root).element
    for image in list(article.iter("img")):
        src = (image.get("src") or "").strip()
        local = (
            not re.match(r"[a-z][a-z0-9+.-]*:|//|/", src, re.I) and (path.parent / src).is_file()
        )
        if not (src.startswith("data:image/") or local):
            # on another server, or not saved with the page: never fetched, its text shown
            image.tail = (image.get("alt") or "") + " " + (image.tail or "")
            image.drop_tree()
    return b"<html><body>" + lxml.html.tostring(article, encoding="utf-8") + b"</body></html>"


def _pseudo_translate(project: Any, work: Work) -> dict[str, dict[str, str]]:
    """Give every entry of every target catalog a marked translation; the marks, by doc."""
    from alerti18n.po.pofile import read_po, write_po

    marks: dict[str, dict[str, str]] = {}
    number = 0
    for doc, name in work.names.items():
        path = project.po_path(TARGET, name)
        if work.results[doc].outcome != "imported" or not path.is_file():
            continue
        po = read_po(path)
        marks[doc] = {}
        for entry in po:
            if entry.obsolete or not entry.msgid:
                continue
            number += 1
            mark = f"‹{number}›"
            entry.msgstr = f"{mark} {entry.msgid}"
            marks[doc][entry.msgid] = entry.msgstr
        write_po(po, path)
        work.results[doc].entries = len(marks[doc])
    return marks


def _output(project: Any, lang: str, name: str, kind: str, with_title: bool = False) -> dict:
    """pandoc's AST of a built document (of a web page: its ``<main>``, and its
    ``<title>`` as the title with ``with_title``)."""
    data = (project.build_dir / lang / f"{name}.{kind}").read_bytes()
    if kind != "html":
        return pandoc_json(data, kind)
    import lxml.html

    page = lxml.html.document_fromstring(data)
    main = lxml.html.tostring(page.find(".//main"), encoding="unicode")
    title = (page.findtext(".//title") or "") if with_title else ""
    html = f"<html><head><title>{_escape(title)}</title></head><body>{main}</body></html>"
    return pandoc_json(html.encode("utf-8"), kind)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _compare(
    project: Any, work: Work, doc: str, original: bytes, marks: dict[str, dict[str, str]]
) -> None:
    result = work.results[doc]
    name, kind = work.names[doc], result.kind
    try:
        title, published = _page_lines(project, name)
        source = pandoc_json(original, kind)
        result.original = structure(source)
        ours = _output(project, project.source_language, name, kind)
        if kind == "html":
            added = not _opens_with_heading(project.source_dir / f"{name}.md")
            ours = _without_added_title(ours, added)
        result.ours = structure(ours)
        theirs = round_trip(original, kind)
        body = words(ours, ())
        if kind == "odt":  # pandoc reads an ODT's title and date lines as paragraphs
            body = strip_lines(body, [title, published])
        result.similarity, result.difference = compare(body, words(theirs))
        if title_of(theirs) and title_of(theirs) != title:
            result.similarity = min(result.similarity, 0.9999)
            result.difference = f"title: pandoc «{title_of(theirs)}» / ours «{title}»"
        shown = _output(project, TARGET, name, kind, with_title=True)
        translated = " ".join(words(shown, ("title",)))
        result.landed = sum(m.split(" ", 1)[0] in translated for m in marks.get(doc, {}).values())
    except Exception:  # noqa: BLE001
        result.outcome, result.message = "crashed", traceback.format_exc(limit=-3)


def _without_added_title(ours: dict, added: bool) -> dict:
    """``ours`` without the level-one heading a web page adds when its body does not open
    with one (the title, shown once: :func:`alerti18n.output.render.render_html`)."""
    first = (ours.get("blocks") or [None])[0]
    if added and isinstance(first, dict) and first.get("t") == "Header":
        return {**ours, "blocks": ours["blocks"][1:]}
    return ours


def _opens_with_heading(path: Path) -> bool:
    """Whether a source document's body opens with a level-one heading."""
    from markdown_it import MarkdownIt

    text = path.read_text("utf-8")
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    tokens = MarkdownIt("commonmark").parse(body)
    opening = next((t for t in tokens if t.type != "html_block" or t.content.strip()), None)
    return opening is not None and (
        (opening.type == "heading_open" and opening.tag == "h1")
        or (opening.type == "html_block" and opening.content.lstrip().startswith("<h1"))
    )


def _page_lines(project: Any, name: str) -> tuple[str, str]:
    """The English page's title and publisher line (what every output adds to the body)."""
    from alerti18n.output.page import PageInfo, document_date, document_title
    from alerti18n.text.segment import parse_document

    meta = parse_document(project.source_dir / f"{name}.md", project.source_language).front_matter
    title = document_title(meta, name)
    publisher = str(meta.get("publisher") or "")
    lang = project.source_language
    info = PageInfo(name, lang, (lang,), title, publisher, document_date(meta))
    return title, info.published


def _reimport(
    project: Any, work: Work, files: Iterable[Path], marks: dict[str, dict[str, str]]
) -> None:
    """Import each imported file again, extract and merge; count the translations kept."""
    from alerti18n.importing.importer import import_document
    from alerti18n.po.pofile import read_po
    from alerti18n.stages.extract import extract
    from alerti18n.stages.update import update

    for path in files:
        doc = label(path)
        if work.results[doc].outcome == "imported":
            import_document(project, path, work.names[doc])
    extract(project)
    update(project)
    for doc, given in marks.items():
        po = read_po(project.po_path(TARGET, work.names[doc]))
        kept = {e.msgid: e.msgstr for e in po if not e.obsolete and "fuzzy" not in e.flags}
        work.results[doc].kept = sum(kept.get(msgid) == msgstr for msgid, msgstr in given.items())


def cleanup(where: Path) -> None:
    shutil.rmtree(where / "project", ignore_errors=True)
