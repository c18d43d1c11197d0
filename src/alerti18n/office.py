"""pandoc: the converter behind DOCX/ODT/HTML import and DOCX/ODT output.

pandoc comes as a binary inside the ``pypandoc-binary`` wheel (pinned in the
lock); :func:`pandoc` imports pypandoc only to find it, and only when an
import or an office format is asked for. pandoc is run as a subprocess with
a clean environment: no network, ``SOURCE_DATE_EPOCH`` set so that the
timestamps it writes (core properties, zip entries) come from the document's
date, not the clock, which makes the same inputs give the same bytes.

Output (:func:`office_document`) is made from the built Markdown of one
language: the body is read as GFM, the page's title, date-and-publisher line
and notices are added as in the web page, the language goes into the
document's default text properties (``w:lang``, or ``fo:language`` in ODT),
and for right-to-left languages every paragraph gets ``w:bidi``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import zipfile
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date

from alerti18n.errors import AlertI18nError
from alerti18n.render import PageInfo, text_direction, ui

#: The reader for our Markdown: CommonMark with GFM tables and strikethrough.
#: Bare URLs stay text (as on the web page), and a footnote syntax we do not use is off.
MARKDOWN_READER = "gfm-autolink_bare_uris-footnotes-yaml_metadata_block"
#: Seconds pandoc may take for one document before it is stopped.
TIMEOUT = 120
#: When the document has no date: 1980-01-01, the earliest time a zip entry can carry.
_NO_DATE_EPOCH = 315532800
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@cache
def pandoc() -> str:
    """The path of the pandoc binary that pypandoc-binary ships (imported only now)."""
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise AlertI18nError(
            f"DOCX, ODT and HTML import and DOCX/ODT output need pandoc: {exc}",
            hint="pip install pypandoc-binary (make run installs it)",
        ) from None
    return str(path)


def run_pandoc(
    args: list[str],
    data: bytes = b"",
    cwd: Path | None = None,
    epoch: int = _NO_DATE_EPOCH,
    what: Path | None = None,
) -> bytes:
    """pandoc's standard output for ``args`` with ``data`` on its standard input.

    A failure is reported as bad input about ``what`` (the file converted).
    """
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd or Path.cwd()),
        "LANG": "C.UTF-8",
        "SOURCE_DATE_EPOCH": str(epoch),
    }
    try:
        done = subprocess.run(
            [pandoc(), *args],
            input=data,
            capture_output=True,
            cwd=cwd,
            env=env,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise AlertI18nError(
            f"pandoc took more than {TIMEOUT} s", what, hint="is the document very large?"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AlertI18nError(
            f"pandoc could not convert it: {message[-1] if message else done.returncode}",
            what,
            hint="open and re-save it in Word or LibreOffice",
        )
    return done.stdout


def epoch_of(date: dt.date | None) -> int:
    """``SOURCE_DATE_EPOCH`` for a document: midnight UTC of its date, else 1980-01-01."""
    if date is None:
        return _NO_DATE_EPOCH
    moment = dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
    return max(int(moment.timestamp()), _NO_DATE_EPOCH)


def reference_document(root: Path, fmt: str) -> Path | None:
    """The project's ``reference.docx`` (or ``reference.odt``), if it has one."""
    path = root / f"reference.{fmt}"
    return path if path.is_file() else None


def office_document(
    markdown: str,
    info: PageInfo,
    fmt: str,
    resources: Path,
    reference: Path | None = None,
) -> bytes:
    """``markdown`` (a built document, front matter included or not) as DOCX or ODT bytes.

    Relative images are read from ``resources`` (the source document's folder).
    """
    body = strip_front_matter(markdown)
    ast = json.loads(run_pandoc(["-f", MARKDOWN_READER, "-t", "json"], body.encode("utf-8")))
    direction = text_direction(info.lang)
    notices = [_div(_para(notice), "Notice") for notice in info.notices]
    ast["blocks"] = notices + ast["blocks"]
    meta = {
        "title": {"t": "MetaInlines", "c": _inlines(info.title)},
        "lang": {"t": "MetaString", "c": info.lang},
        "dir": {"t": "MetaString", "c": direction},
    }
    line = published_line(info)
    if line:
        meta["date"] = {"t": "MetaInlines", "c": _inlines(line)}
    ast["meta"] = meta
    args = ["-f", "json", "-t", fmt, "-o", "-", f"--resource-path={resources}"]
    if reference is not None:
        args.append(f"--reference-doc={reference}")
    data = run_pandoc(
        args, json.dumps(ast).encode("utf-8"), cwd=resources, epoch=epoch_of(info.date)
    )
    if fmt == "docx" and direction == "rtl":
        data = _all_paragraphs_rtl(data)
    return data


def published_line(info: PageInfo) -> str:
    """The page's "Published by … on …" line (or the publisher alone), as in the HTML."""
    if info.date is None:
        return info.publisher
    locale = Locale.parse(info.lang.replace("-", "_"))
    date = format_date(info.date, "long", locale=locale)
    return ui(info.lang, "published", publisher=info.publisher, date=date)


_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)


def strip_front_matter(markdown: str) -> str:
    """The Markdown without its leading YAML front matter (it goes in as metadata)."""
    from alerti18n.segment import is_front_matter

    match = _FRONT_MATTER.match(markdown)
    if match and is_front_matter(match.group(1) or ""):
        return markdown[match.end() :]
    return markdown


def _inlines(text: str) -> list[dict]:
    """pandoc inlines for plain ``text`` (words and spaces; no-break spaces stay in words)."""
    inlines: list[dict] = []
    for word in filter(None, re.split(r"[ \t\n]+", text)):
        if inlines:
            inlines.append({"t": "Space"})
        inlines.append({"t": "Str", "c": word})
    return inlines


def _para(text: str) -> dict:
    return {"t": "Para", "c": _inlines(text)}


def _div(block: dict, style: str) -> dict:
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], [block]]}


def _all_paragraphs_rtl(docx: bytes) -> bytes:
    """The DOCX with ``w:bidi`` on every paragraph (pandoc leaves it off the title and date).

    The zip is written back entry by entry with the same names, order and
    timestamps, so the bytes stay reproducible.
    """
    from lxml import etree

    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
                for paragraph in tree.iter(f"{{{_W}}}p"):
                    props = paragraph.find(f"{{{_W}}}pPr")
                    if props is None:
                        props = etree.Element(f"{{{_W}}}pPr")
                        paragraph.insert(0, props)
                    if props.find(f"{{{_W}}}bidi") is None:
                        _insert_bidi(props)
                data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
            target.writestr(item, data, compress_type=item.compress_type)
    return out.getvalue()


#: Children of w:pPr that come before w:bidi in the schema's order (CT_PPrBase).
_BEFORE_BIDI = {
    f"{{{_W}}}{name}"
    for name in (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
        "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
        "overflowPunct topLinePunct autoSpaceDE autoSpaceDN"
    ).split()
}


def _insert_bidi(props: object) -> None:
    from lxml import etree

    assert isinstance(props, etree._Element)
    at = 0
    for index, child in enumerate(props):
        if child.tag in _BEFORE_BIDI:
            at = index + 1
    props.insert(at, etree.Element(f"{{{_W}}}bidi"))
