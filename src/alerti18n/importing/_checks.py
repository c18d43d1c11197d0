"""The checks on a file given to ``alerti18n import``, before anything parses it (private).

* it must be what its extension says (a DOCX or ODT is a zip package with
  the parts that format needs; an HTML file is text with HTML tags). An
  encrypted (password-protected) Office file, an old binary ``.doc`` or any
  other file is refused;
* it may not be larger than ``MAX_INPUT`` bytes;
* a package member must have a plain relative name (no ``..``, no absolute
  path, no link: zip-slip), and the package must not unpack to more than
  ``MAX_UNPACKED`` bytes nor any member expand more than ``MAX_RATIO`` times
  (zip bomb); every member is read once to prove its sizes and checksum;
* no XML part may declare a DTD (``<!DOCTYPE``/``<!ENTITY``): Word and
  LibreOffice never write one, and entity expansion is how XML bombs work.

Each refusal is a :class:`~alerti18n.core.errors.SourceError` naming the file,
with a hint. The importers (:mod:`alerti18n.importing.base`) convert what passes.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from alerti18n.core.errors import SourceError
from alerti18n.core.files import read_input

#: Largest file accepted, and the most its package may unpack to.
MAX_INPUT = 100 * 1024 * 1024
MAX_UNPACKED = 512 * 1024 * 1024
#: A member larger than MAX_SMALL may not be more than MAX_RATIO times its compressed size.
MAX_RATIO = 100
MAX_SMALL = 1024 * 1024
MAX_MEMBERS = 10_000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|main|article|p|h[1-6]|div|title)\b", re.I
)


def read_file(file: Path) -> bytes:
    """The file's bytes, if it is a regular file not larger than ``MAX_INPUT``."""
    data = read_input(file, error=SourceError, prefix=MAX_INPUT + 1)
    if len(data) > MAX_INPUT:
        raise SourceError(
            f"file too large (more than {MAX_INPUT} bytes)", file, hint="split the document"
        )
    return data


def check_html(file: Path, data: bytes) -> None:
    """Refuse binary content, and text without any HTML tag near its start."""
    if b"\0" in data[:4096] or data.startswith((b"PK\x03\x04", _OLE, b"%PDF")):
        raise SourceError("not an HTML file: binary content", file, hint="is it renamed?")
    if not _HTML_START.search(data[:65536]):
        raise SourceError("not an HTML file: no HTML tags", file, hint="is it renamed?")


def open_package(
    file: Path, data: bytes, kind: str, require: Callable[[Path, zipfile.ZipFile], None]
) -> zipfile.ZipFile:
    """The checked zip package of a DOCX or ODT (see the module docstring); ``require``
    refuses a package without the parts its format has."""
    label = kind.upper()
    _refuse_other_formats(file, data, kind)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SourceError(f"not a {label}: broken zip package ({exc})", file) from None
    if len(members) > MAX_MEMBERS:
        raise SourceError(f"{len(members)} parts: too many for a {label}", file)
    _check_sizes(file, members)
    for member in members:
        _check_member_data(file, package, member)
    require(file, package)
    return package


def _refuse_other_formats(file: Path, data: bytes, kind: str) -> None:
    """Refuse an encrypted or binary Office file, and anything that is not a zip package."""
    label = kind.upper()
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise SourceError(
                f"the {label} is password-protected (encrypted)",
                file,
                hint="remove the password (Word: File > Info > Protect Document) and save again",
            )
        raise SourceError(
            f"not a {label}: an old binary Office file (.doc)",
            file,
            hint=f"open it in Word or LibreOffice and save it as .{kind}",
        )
    if not data.startswith(b"PK\x03\x04"):
        raise SourceError(
            f"not a {label}: not a zip package",
            file,
            hint=f"is it a file of another type renamed to .{kind}?",
        )


def _check_sizes(file: Path, members: list[zipfile.ZipInfo]) -> None:
    """Refuse unsafe member names, and sizes (declared) that make a zip bomb."""
    total = 0
    for member in members:
        _check_member_name(file, member)
        total += member.file_size
        expands = member.file_size > MAX_RATIO * max(member.compress_size, 1)
        if total > MAX_UNPACKED or (member.file_size > MAX_SMALL and expands):
            raise SourceError(
                f"part {member.filename} would unpack to {member.file_size} bytes "
                f"from {member.compress_size}: refused as a zip bomb",
                file,
                hint="save the document again from Word or LibreOffice",
            )


def _check_member_name(file: Path, member: zipfile.ZipInfo) -> None:
    name = member.filename
    parts = name.split("/")
    mode = member.external_attr >> 16
    unsafe = (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\0" in name
        or re.match(r"[A-Za-z]:", name) is not None
        or any(part in ("..", ".") for part in parts)
        or stat.S_ISLNK(mode)
    )
    if unsafe:
        raise SourceError(
            f"unsafe part name {name!r} (it would be written outside its folder)",
            file,
            hint="the file is damaged or crafted; ask for a fresh copy",
        )


def _check_member_data(file: Path, package: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Read the member once (sizes and checksum proven) and refuse XML with a DTD."""
    head = b""
    read = 0
    try:
        with package.open(member) as stream:
            while chunk := stream.read(1 << 20):
                if not head:
                    head = chunk[:4096]
                read += len(chunk)
                if read > member.file_size:
                    break
                if head.lstrip().startswith((b"<", b"\xef\xbb\xbf<", b"\xff\xfe", b"\xfe\xff")):
                    _refuse_dtd(file, member.filename, chunk)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        zlib.error,
    ) as exc:
        raise SourceError(f"broken part {member.filename}: {exc}", file) from None
    if read != member.file_size:
        raise SourceError(
            f"part {member.filename} does not hold the size it declares: refused as a zip bomb",
            file,
        )


def _refuse_dtd(file: Path, member: str, chunk: bytes) -> None:
    texts = [chunk]
    if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
        texts.append(chunk.decode("utf-16", "ignore").encode("utf-8"))
    if any(b"<!DOCTYPE" in t or b"<!ENTITY" in t for t in texts):
        raise SourceError(
            f"part {member} declares a DTD or entities (a possible XML bomb)",
            file,
            hint="Word and LibreOffice never write one; save the document again from them",
        )
