"""A source document read as text: UTF-8, a BOM dropped, CRLF and CR made LF.

Apart from :mod:`alerti18n.text.segment` (which re-exports these functions), so that a
command that only reads a document's text (``check`` looking for a channel in every
document) does not import the Markdown and YAML parsers.
"""

from __future__ import annotations

from pathlib import Path

from alerti18n.core.errors import SourceError
from alerti18n.core.files import decode_utf8, read_input


def read_source(path: Path) -> str:
    """Read a source document as text: UTF-8, BOM dropped, CRLF and CR made LF."""
    return decode_source(source_bytes(path), path)


def source_bytes(path: Path) -> bytes:
    """A source document's bytes, read through the file gate (one-line SourceError)."""
    return read_input(path, error=SourceError)


def decode_source(data: bytes, path: Path) -> str:
    """A source document's bytes as text (see :func:`read_source`); ``path`` is for errors."""
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise SourceError("binary file, not Markdown", path, line, hint="remove it from source/")
    text = decode_utf8(data, path, SourceError, "invalid UTF-8", "re-save the document as UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")
