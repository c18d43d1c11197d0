"""PO/POT reading and writing (TEMPORARY STUB: being replaced by the msgcat-exact version)."""

from __future__ import annotations

from pathlib import Path

import polib

from alerti18n.fsutil import atomic_write


def read_po(path: Path, expect_language: str | None = None) -> polib.POFile:
    """Read and validate a PO/POT file."""
    return polib.pofile(str(path), wrapwidth=79)


def format_po(po: polib.POFile) -> bytes:
    """The bytes msgcat would write for ``po``."""
    return str(po).encode(po.encoding or "utf-8")


def write_po(po: polib.POFile, path: Path, root: Path | None = None) -> bool:
    """Write ``po`` atomically; False when the file already had these bytes."""
    return atomic_write(path, format_po(po), root)
