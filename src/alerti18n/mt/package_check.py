"""What an Argos package must be before any of it is written: read from its zip directory
and its ``metadata.json`` alone, nothing extracted.

The archive: one top folder (a package name: letters, digits, ``.``, ``_``, ``+``, ``-``,
not starting with a dot), relative member paths without ``..``, plain files and folders only,
no member over ``max_member`` bytes, and in all no more than ``max_total`` bytes nor more
than :data:`MAX_RATIO` times the file's own size: a zip bomb unpacks a few megabytes into
gigabytes, a real package (a CTranslate2 model, a tokenizer) to less than twice its size.
:func:`unpack_limit` is that bound, which extraction also holds real bytes to (declared
sizes can lie). Then a ``metadata.json`` of at most 1 MiB, ``model/model.bin`` and a tokenizer.

``metadata.json`` (:func:`check_metadata`): a JSON object of type ``translate`` whose
``from_code`` and ``to_code`` are language codes by the project's rule
(:func:`alerti18n.core.config.validate_language`: no ``/``, ``..`` or control character can
pass it), whose every field Argos reads has the type Argos expects (text, or a list), and
whose version, names and prefix are one line of text without control characters: they end
up in folder names, in the ``# mt:`` mark of every draft (one line each; a newline there
would split the mark, and the draft would no longer count as one) and in messages. Our own
field, ``"alerti18n"`` (a multilingual family, its languages, licence, quality figures), is
checked by :func:`alerti18n.mt.multilingual.package_info`; a multilingual package's
tokenizer must be ``sentencepiece.model``.
"""

from __future__ import annotations

import json
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from alerti18n.core.config import validate_language
from alerti18n.core.errors import ConfigError, ModelError
from alerti18n.mt.multilingual import package_info

MAX_MEMBER_BYTES = 4 * 1024**3
MAX_TOTAL_BYTES = 8 * 1024**3
#: Unpacked bytes per byte of package file; real packages are under 2.
MAX_RATIO = 20
MAX_METADATA_BYTES = 1 << 20
TOKENIZERS = ("sentencepiece.model", "bpe.model")

PACKAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")
VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,31}")
#: Not in one line of text: C0 and C1 controls, DEL, line and paragraph separators, and the
#: bidirectional embeddings, overrides and isolates.
_NOT_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")
_TEXT_FIELDS = ("argos_version", "from_name", "to_name", "name", "code", "target_prefix")
_LIST_FIELDS = (
    "links",
    "from_codes",
    "to_codes",
    "languages",
    "dependencies",
    "source_languages",
    "target_languages",
)
_MAX_TEXT = 200


def _refuse(message: str, path: Path, hint: str) -> ModelError:
    return ModelError(message, path, hint=hint)


def unpack_limit(path: Path, max_total: int = MAX_TOTAL_BYTES) -> int:
    """The most bytes the package at ``path`` may unpack to."""
    return min(max_total, MAX_RATIO * path.stat().st_size)


def check_member(info: zipfile.ZipInfo, path: Path, max_member: int) -> PurePosixPath:
    """A member's path, once it is known to be safe to extract."""
    name = info.filename
    pure = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or pure.is_absolute():
        raise _refuse(
            f"package member has an absolute path: {name}",
            path,
            "a package holds only relative paths under its top folder; this file is unsafe",
        )
    if ".." in pure.parts:
        raise _refuse(
            f"package member escapes its folder: {name}",
            path,
            "'..' in a member path could write outside the packages folder; this file is unsafe",
        )
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the zip tool did not say
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        raise _refuse(
            f"package member is a link or special file: {name}",
            path,
            "packages may contain only plain files and folders",
        )
    if info.file_size > max_member:
        raise _refuse(
            f"package member is too large: {name} ({info.file_size} bytes, limit {max_member})",
            path,
            "refusing what looks like a zip bomb; pass a higher limit if the model is that big",
        )
    return pure


def validate_package(
    path: Path, max_member: int = MAX_MEMBER_BYTES, max_total: int = MAX_TOTAL_BYTES
) -> tuple[str, dict]:
    """Check a ``.argosmodel`` file without extracting it; return (top folder, metadata)."""
    path = Path(path)
    if not path.is_file():
        raise _refuse("package file not found", path, "give the path of a .argosmodel file")
    if not zipfile.is_zipfile(path):
        raise _refuse("not an Argos package (not a zip archive)", path, "is the download complete?")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = [check_member(info, path, max_member) for info in infos]
            _check_total(infos, path, max_total)
            top = _top_folder(names, infos, path)
            files = {n.as_posix().rstrip("/") for n in names}
            meta = _read_metadata(zf, top, files, path)
    except zipfile.BadZipFile as exc:
        raise _refuse(f"corrupt package: {exc}", path, "download it again") from None
    if f"{top}/model/model.bin" not in files:
        raise _refuse(
            "package has no model/ folder with a model.bin",
            path,
            "a CTranslate2 model (model.bin and vocabulary) goes in model/",
        )
    if not any(f"{top}/{tok}" in files for tok in TOKENIZERS):
        raise _refuse(
            "package has no tokenizer",
            path,
            f"expected {' or '.join(TOKENIZERS)} next to metadata.json",
        )
    if package_info(meta, path).multilingual and f"{top}/sentencepiece.model" not in files:
        raise _refuse(
            "a multilingual package has no sentencepiece.model",
            path,
            "its family's SentencePiece file goes next to metadata.json as sentencepiece.model",
        )
    return top, meta


def _check_total(infos: list[zipfile.ZipInfo], path: Path, max_total: int) -> None:
    total = sum(info.file_size for info in infos)
    if total > max_total:
        raise _refuse(
            f"package unpacks to {total} bytes (limit {max_total})",
            path,
            "refusing what looks like a zip bomb",
        )
    if total > unpack_limit(path, max_total):
        size = path.stat().st_size
        raise _refuse(
            f"package unpacks to {total} bytes, {total // max(size, 1)} times its size "
            f"(limit {MAX_RATIO} times)",
            path,
            "refusing what looks like a zip bomb: real packages unpack to less than twice "
            "their size",
        )


def _top_folder(names: list[PurePosixPath], infos: list[zipfile.ZipInfo], path: Path) -> str:
    tops = {n.parts[0] for n in names if n.parts}
    if len(tops) != 1 or any(
        len(n.parts) == 1 and not i.is_dir() for n, i in zip(names, infos, strict=True)
    ):
        raise _refuse(
            f"package must hold exactly one top folder, found {sorted(tops) or 'none'}",
            path,
            "an .argosmodel is a zip of one folder with metadata.json inside",
        )
    top = tops.pop()
    if top.startswith("."):
        raise _refuse(f"hidden top folder {top!r}", path, "rename the package folder")
    if not PACKAGE_NAME.fullmatch(top):
        raise _refuse(
            f"package folder name {top!r} is not a package name",
            path,
            "a package name has up to 100 letters, digits, '.', '_', '+' or '-'",
        )
    return top


def _read_metadata(zf: zipfile.ZipFile, top: str, files: set[str], path: Path) -> dict:
    name = f"{top}/metadata.json"
    if name not in files:
        raise _refuse(
            "package has no metadata.json", path, f"expected {top}/metadata.json in the zip"
        )
    if zf.getinfo(name).file_size > MAX_METADATA_BYTES:
        raise _refuse(
            f"metadata.json is larger than {MAX_METADATA_BYTES} bytes",
            path,
            "a package's metadata is a few hundred bytes",
        )
    with zf.open(name) as member:
        data = member.read(MAX_METADATA_BYTES + 1)  # the declared size can lie
    if len(data) > MAX_METADATA_BYTES:
        raise _refuse("metadata.json is larger than declared", path, "this file is unsafe")
    try:
        meta = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # RecursionError: nested beyond any need
        reason = exc if isinstance(exc, ValueError) else "nested too deeply"
        raise _refuse(
            f"invalid metadata.json: {reason}", path, "it must be a JSON object"
        ) from None
    return check_metadata(meta, path)


def check_metadata(meta: Any, path: Path) -> dict:
    """``meta`` if it is a translate package's metadata as described above, else ModelError."""
    if not isinstance(meta, dict):
        raise _refuse("invalid metadata.json: not an object", path, "it must be a JSON object")
    kind = meta.get("type", "translate")
    if kind != "translate":
        raise _refuse(
            f"package type is {kind!r}, not 'translate'",
            path,
            "only translation packages can be installed here",
        )
    for key in ("from_code", "to_code"):
        _check_code(meta.get(key), key, path)
    version = meta.get("package_version", "")
    if version != "" and not (isinstance(version, str) and VERSION.fullmatch(version)):
        raise _refuse(
            f"metadata.json: package_version {version!r} is not a version",
            path,
            "a version has up to 32 letters, digits, '.', '_', '+' or '-', such as 1.9",
        )
    for key in _TEXT_FIELDS:
        value = meta.get(key, "")
        if not isinstance(value, str) or len(value) > _MAX_TEXT or _NOT_IN_LINE.search(value):
            raise _refuse(
                f"metadata.json: {key} {_shown(value)} is not one line of text",
                path,
                f"{key} is text of up to {_MAX_TEXT} characters without control characters",
            )
    for key in _LIST_FIELDS:
        value = meta.get(key, [])
        if not isinstance(value, list):
            raise _refuse(f"metadata.json: {key} is not a list", path, f"{key} is a JSON list")
    if not all(isinstance(link, str) for link in meta.get("links", [])):
        raise _refuse("metadata.json: links are not all text", path, "links is a list of URLs")
    package_info(meta, path)  # our own field: a multilingual family, licence, quality figures
    return meta


def _check_code(code: Any, key: str, path: Path) -> None:
    if not isinstance(code, str) or not code:
        raise _refuse(
            f"metadata.json: {key} {_shown(code)} is not a language code",
            path,
            "both from_code and to_code are required, as text such as en or fr",
        )
    try:
        validate_language(code)
    except ConfigError as exc:
        what = "an unknown language" if exc.message.startswith("unknown") else "not a language code"
        raise _refuse(
            f"metadata.json: {key} {_shown(code)} is {what}", path, exc.hint or ""
        ) from None


def _shown(value: Any) -> str:
    """``value`` for a message: its JSON form, cut to 60 characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


__all__ = [
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "check_member",
    "check_metadata",
    "unpack_limit",
    "validate_package",
]
