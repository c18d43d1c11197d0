"""What every importer shares: its record in the registry, the document's properties, and
the pandoc steps they have in common.

An importer reads one kind of file (Word, LibreOffice, a web page): its
:class:`Importer` record names the file suffixes it takes and its ``convert``
function, which turns the checked file's bytes into the document's
:class:`DocumentProperties` and GFM Markdown, in a temporary folder, with
warnings. :mod:`alerti18n.importing.importer` picks the importer by suffix and
writes the result. A new importer is one module that registers itself, named in
:func:`alerti18n.importing.importer.importers` (see docs/contributing/extending.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alerti18n.core.errors import SourceError

#: The Markdown pandoc writes: GFM with its footnotes, and no raw HTML but what
#: :mod:`alerti18n.importing.structure` writes itself.
MARKDOWN_WRITER = "gfm-raw_html"


@dataclass
class DocumentProperties:
    """What the front matter is written from: the document's title, date, publisher..."""

    title: str = ""
    date: dt.date | None = None
    publisher: str = ""
    lang: str = ""
    author: str = ""


#: (file, its checked bytes, the document's name, a temporary folder) -> (properties,
#: Markdown, warnings); images go to ``<folder>/<name>/media/``.
Convert = Callable[[Path, bytes, str, Path], tuple[DocumentProperties, str, list[str]]]


@dataclass(frozen=True)
class Importer:
    """One kind of file ``alerti18n import`` reads."""

    name: str  # "docx"
    suffixes: tuple[str, ...]  # (".docx",), lower case
    convert: Convert


#: Every importer, by name; filled by the importer modules.
IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    """Add an importer to :data:`IMPORTERS` (a name, or a suffix, is taken once)."""
    taken = {
        s for other in IMPORTERS.values() if other.name != importer.name for s in other.suffixes
    }
    if set(importer.suffixes) & taken:
        raise ValueError(f"importer {importer.name!r}: a suffix of another importer")
    IMPORTERS[importer.name] = importer
    return importer


def parse_date(value: str) -> dt.date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not match:
        return None
    with contextlib.suppress(ValueError):
        return dt.date(*map(int, match.groups()))
    return None


def stringify(value: Any) -> str:
    """The plain text of a piece of pandoc's JSON AST."""
    words: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            kind = node.get("t")
            if kind == "Str" or kind == "MetaString":
                words.append(str(node.get("c", "")))
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                words.append(" ")
            else:
                walk(node.get("c"))

    walk(value)
    return " ".join("".join(words).split())


def unique_name(folder: Path, wanted: str) -> str:
    stem, suffix = os.path.splitext(wanted)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "image"
    suffix = re.sub(r"[^A-Za-z0-9.]+", "", suffix.lower())[:8]
    candidate, number = f"{stem}{suffix}", 1
    while (folder / candidate).exists():
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    return candidate


def to_markdown(ast: dict, work: Path, file: Path) -> tuple[str, list[str]]:
    """pandoc's tree as the Markdown the segmenter reads, and warnings for what it could not
    keep (:mod:`alerti18n.importing.structure`)."""
    from alerti18n.core.pandoc import run_pandoc
    from alerti18n.importing.structure import keep_structure, markup_shown

    warnings = keep_structure(ast)
    _escape_rules(ast["blocks"])
    _join_code(ast["blocks"])
    out = run_pandoc(
        ["-f", "json", "-t", MARKDOWN_WRITER, "--wrap=none", "--markdown-headings=atx"],
        json.dumps(ast).encode("utf-8"),
        cwd=work,
        what=file,
    )
    text = out.decode("utf-8").replace("\r\n", "\n")
    if not text.strip():
        raise SourceError("the document has no text to import", file)
    text = text if text.endswith("\n") else text + "\n"
    return text, warnings + markup_shown(text, ast)


def allowed_content(blocks: Any, work: Path, name: str) -> list[str]:
    """Take out of a converted document what the link rule refuses; a warning for each.

    Only images copied into ``<name>/media/`` stay, and an SVG among them
    only if it is a static picture (:mod:`alerti18n.text.svg`: otherwise the
    file is not imported either); a link with another scheme than http,
    https, mailto, tel (or a relative one) keeps its text
    (:func:`alerti18n.text.links.clean_pandoc`).
    """
    from alerti18n.text.links import clean_pandoc
    from alerti18n.text.svg import svg_problem

    warnings: list[str] = []
    verdicts: dict[str, bool] = {}

    def image_target(url: str) -> str | None:
        if url not in verdicts:
            file = work / url
            verdicts[url] = url.startswith(f"{name}/media/") and file.is_file()
            if verdicts[url] and file.suffix.lower() == ".svg":
                problem = svg_problem(file.read_bytes())
                if problem is not None:
                    warnings.append(f"image {file.name} is not imported: {problem}")
                    file.unlink()
                    verdicts[url] = False
        return url if verdicts[url] else None

    problems = clean_pandoc(blocks, image_target)
    return warnings + list(dict.fromkeys(problems))


def _escape_rules(node: Any) -> None:
    """A paragraph that reads ``---`` (or ``- - -``) stays text: pandoc's GFM writer
    writes it unescaped, and Markdown reads that back as a horizontal rule."""
    if isinstance(node, list):
        for item in node:
            _escape_rules(item)
    elif isinstance(node, dict):
        content = node.get("c")
        if (
            node.get("t") in ("Para", "Plain")
            and isinstance(content, list)
            and all(i.get("t") in ("Str", "Space") for i in content)
        ):
            text = "".join(i.get("c", " ") if i["t"] == "Str" else " " for i in content)
            if _RULE.fullmatch(text):
                node["c"] = [{"t": "RawInline", "c": ["gfm", text.replace("-", "\\-")]}]
                return
        _escape_rules(content)


#: What CommonMark reads as a thematic break made of hyphens.
_RULE = re.compile(r" {0,3}-(?: *-){2,} *")


def _join_code(node: Any) -> None:
    r"""Adjacent code spans become one (a web page's ``<code>`` of several ``<span>``\ s:
    pandoc's GFM writer would run their backticks together into literal ones)."""
    if isinstance(node, dict):
        _join_code(node.get("c"))
        return
    if not isinstance(node, list):
        return
    for index, item in enumerate(node):
        inner = item.get("c") if isinstance(item, dict) and item.get("t") == "Span" else None
        if isinstance(inner, list) and len(inner) == 1 and inner[0].get("t") == "Code":
            node[index] = inner[0]
    joined: list[Any] = []
    for item in node:
        code = isinstance(item, dict) and item.get("t") == "Code"
        if code and joined and isinstance(joined[-1], dict) and joined[-1].get("t") == "Code":
            last = joined[-1]
            joined[-1] = {"t": "Code", "c": [last["c"][0], last["c"][1] + item["c"][1]]}
        else:
            joined.append(item)
    node[:] = joined
    for item in node:
        _join_code(item)
