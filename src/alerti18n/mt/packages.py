"""Argos Translate packages: list, install (validated), install from the index, remove.

Where packages live, first match wins: the ``models_dir`` argument
(``--models-dir`` or ``mt.models-dir``), ``$ARGOS_PACKAGES_DIR``, else Argos'
own default folder. Every function takes that folder explicitly and hands it
to ``argostranslate.package`` as a path, so it never matters what Argos'
settings module read from the environment when it was first imported.

``argostranslate`` (from either the ``argostranslate`` or the
``argos-translate-lt`` distribution) is imported lazily, on first use.

Installing never calls Argos' own ``install_from_path``: that one extracts
any zip as it is. Here a package is checked first, from its zip directory and
metadata alone (:mod:`alerti18n.mt.package_check`: paths, links, sizes, the
unpacked size against the file's, every metadata field), then extracted into
a temporary folder beside its destination, real bytes counted against the
same limits, and renamed into place. Installed packages are listed only if
their folder name and metadata pass the same checks (one a tool other than
alerti18n installed may not): the others are named in a warning and left out.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import os
import shutil
import tempfile
import urllib.error
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from alerti18n.core.errors import ModelError
from alerti18n.mt import bounded
from alerti18n.mt.multilingual import PackageInfo, package_info
from alerti18n.mt.package_check import (
    MAX_MEMBER_BYTES,
    MAX_TOTAL_BYTES,
    PACKAGE_NAME,
    check_metadata,
    unpack_limit,
    validate_package,
)

log = logging.getLogger(__name__)

INDEX_TIMEOUT = 5.0
#: The most the package index may hold (Argos' is about 100 KiB).
MAX_INDEX_BYTES = 16 << 20
INSTALL_HINT = (
    "install one with 'alerti18n models install FILE.argosmodel' or "
    "'alerti18n models install --from-index FROM TO'"
)


def argos_package_module() -> Any:
    """``argostranslate.package``, imported on first use."""
    try:
        import argostranslate.package as package
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ModelError(
            f"Argos Translate is not installed: {exc}",
            hint="pip install argos-translate-lt",
        ) from None
    return package


def packages_dir(models_dir: str | Path | None = None) -> Path:
    """The packages folder: ``models_dir``, else ``$ARGOS_PACKAGES_DIR``, else Argos' default."""
    if models_dir:
        return Path(models_dir).expanduser().resolve()
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env).expanduser().resolve()
    from argostranslate import settings

    return Path(settings.package_data_dir).resolve()


@dataclass(frozen=True)
class InstalledPackage:
    """An installed translation package, as ``models list`` shows it."""

    name: str
    from_code: str
    to_code: str
    version: str
    path: Path
    size: int
    #: our own metadata (multilingual family, licence, quality figures)
    info: PackageInfo = field(default_factory=PackageInfo)
    target_prefix: str = ""  # Argos' own: the token a single-pair model's output starts with

    @property
    def pair(self) -> str:
        """``from->to``, or ``multi`` for a multilingual package (it serves many)."""
        return "multi" if self.info.multilingual else f"{self.from_code}->{self.to_code}"

    def load(self) -> Any:
        """The ``argostranslate.package.Package`` (metadata, tokenizer, target prefix)."""
        return argos_package_module().Package(self.path)


def _version_key(version: str) -> tuple:
    parts = []
    for piece in version.replace("-", ".").split("."):
        parts.append((0, int(piece), "") if piece.isdigit() else (1, 0, piece))
    return tuple(parts)


def _folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def list_packages(models_dir: str | Path | None = None) -> list[InstalledPackage]:
    """Installed translate packages, sorted by pair then version."""
    folder = packages_dir(models_dir)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        meta_path = path / "metadata.json"
        if not path.is_dir() or path.name.startswith(".") or not meta_path.is_file():
            continue
        meta = _installed_metadata(path)
        if meta is None:
            continue
        info = package_info(meta, path)  # checked with the rest by check_metadata
        found.append(
            InstalledPackage(
                name=path.name,
                from_code=meta["from_code"],
                to_code=meta["to_code"],
                version=meta.get("package_version", ""),
                path=path,
                size=_folder_size(path),
                info=info,
                target_prefix=str(meta.get("target_prefix", "")),
            )
        )
    found.sort(key=lambda p: (p.from_code, p.to_code, _version_key(p.version), p.name))
    return found


def _installed_metadata(path: Path) -> dict | None:
    """An installed translate package's metadata, or None (with a warning if it is unsafe)."""
    try:
        with (path / "metadata.json").open("rb") as file:
            meta = json.loads(file.read(1 << 20).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        log.warning("%s: unreadable metadata.json, package ignored", path)
        return None
    if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
        return None  # another kind of Argos package (sentence boundaries)
    try:
        if not PACKAGE_NAME.fullmatch(path.name):
            raise ModelError(f"folder name {path.name!r} is not a package name", path)
        return check_metadata(meta, path)
    except ModelError as exc:
        log.warning("%s; package ignored", exc.format_message())
        return None


def find_package(
    from_code: str, to_code: str, models_dir: str | Path | None = None
) -> InstalledPackage | None:
    """The newest installed single-pair package for ``from_code`` -> ``to_code``, if any."""
    matches = [
        p
        for p in list_packages(models_dir)
        if p.from_code == from_code and p.to_code == to_code and not p.info.multilingual
    ]
    return matches[-1] if matches else None


# Installation -----------------------------------------------------------------


def install_file(
    path: str | Path,
    models_dir: str | Path | None = None,
    max_member: int = MAX_MEMBER_BYTES,
    max_total: int = MAX_TOTAL_BYTES,
) -> InstalledPackage:
    """Validate and install a ``.argosmodel``; a package of the same name is replaced."""
    path = Path(path)
    top, meta = validate_package(path, max_member, max_total)
    folder = packages_dir(models_dir)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=folder))
    try:
        _extract(path, staging, max_member, unpack_limit(path, max_total))
        argos_package_module().Package(staging / top)  # Argos itself must accept it
        dest = folder / top
        if dest.exists():  # replace: the old one goes to staging and is deleted with it
            os.replace(dest, staging / ".old")
        os.replace(staging / top, dest)
    except ModelError:
        raise
    except (
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        zipfile.BadZipFile,
        zlib.error,
    ) as exc:
        # zlib.error, EOFError: compressed data damaged; NotImplementedError: an unknown method
        raise ModelError(f"cannot install package: {exc}", path, hint="download it again") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info(
        "installed %s (%s->%s %s) in %s",
        top,
        meta["from_code"],
        meta["to_code"],
        meta.get("package_version", "?"),
        folder,
    )
    return next(p for p in list_packages(folder) if p.name == top)


def _extract(path: Path, staging: Path, max_member: int, max_total: int) -> None:
    """Extract member by member, counting real bytes (declared sizes can lie).

    ``max_total`` is :func:`~alerti18n.mt.package_check.unpack_limit`.
    """
    total = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            target = staging.joinpath(*PurePosixPath(info.filename).parts)
            if not target.resolve().is_relative_to(staging.resolve()):
                raise ModelError(f"package member escapes: {info.filename}", path, hint="unsafe")
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            with zf.open(info) as src, open(target, "xb") as out:
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    total += len(chunk)
                    if written > max_member or total > max_total:
                        raise ModelError(
                            f"package member is larger than declared: {info.filename}",
                            path,
                            hint="refusing what looks like a zip bomb",
                        )
                    out.write(chunk)
            target.chmod(0o644)


def remove_package(name: str, models_dir: str | Path | None = None) -> Path:
    """Remove an installed package by folder name (or ``FROM-TO`` when unambiguous)."""
    folder = packages_dir(models_dir)
    installed = list_packages(folder)
    chosen = [p.path for p in installed if p.name == name]
    if not chosen and PACKAGE_NAME.fullmatch(name) and (folder / name / "metadata.json").is_file():
        chosen = [folder / name]  # one left out of the list for its metadata: still removable
    if not chosen and "-" in name and "/" not in name:
        src, _, dst = name.partition("-")
        chosen = [p.path for p in installed if p.from_code == src and p.to_code == dst]
    if len(chosen) != 1:
        names = ", ".join(p.name for p in installed) or "none installed"
        raise ModelError(
            f"no single package named '{name}'" if chosen == [] else f"'{name}' is ambiguous",
            folder,
            hint=f"installed: {names}",
        )
    target = chosen[0]
    if target.parent.resolve() != folder or target.is_symlink():
        raise ModelError("refusing to remove outside the packages folder", target)
    shutil.rmtree(target)
    log.info("removed %s", target)
    return target


# The Argos package index -------------------------------------------------------


def index_url() -> str:
    """The index Argos uses: ``$ARGOS_PACKAGE_INDEX`` or its built-in default."""
    base = os.environ.get("ARGOS_PACKAGE_INDEX")
    if base:
        return base.rstrip("/") + "/index.json"
    from argostranslate import settings

    return str(settings.remote_package_index)


def _fetch(url: str, timeout: float, limit: int, into: BinaryIO | None = None) -> bytes:
    """GET ``url`` within ``timeout`` seconds in all and ``limit`` bytes (written ``into`` a
    file when given); redirects are followed, to http(s) only."""
    with bounded.Deadline(timeout) as deadline:
        request = bounded.BoundedRequest(url, deadline, headers={"User-Agent": "alerti18n"})
        try:
            with bounded.opener(redirects=True).open(request, timeout=timeout) as response:
                data = bounded.read_capped(response, limit, response.headers, into)
        except (OSError, ValueError, http.client.HTTPException, bounded.TooLarge) as exc:
            reason: Any = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            if deadline.expired or isinstance(reason, TimeoutError):
                reason = f"no answer within {timeout:g} s"
            elif isinstance(exc, bounded.TooLarge):
                reason = f"it sent {exc}"
            raise ModelError(
                f"cannot reach {url}: {reason}",
                hint="are you offline? download the .argosmodel on a connected machine and run "
                "'alerti18n models install FILE.argosmodel'",
            ) from None
        if deadline.expired:
            raise ModelError(f"cannot reach {url}: no answer within {timeout:g} s")
    return data


def _index(url: str, timeout: float) -> list[dict]:
    """The entries of the package index at ``url`` that are valid translate packages."""
    data = _fetch(url, timeout, MAX_INDEX_BYTES)
    try:
        index = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        reason = exc if isinstance(exc, ValueError) else "nested too deeply"
        raise ModelError(f"invalid package index: {reason}", hint=f"check {url}") from None
    if not isinstance(index, list):
        raise ModelError("invalid package index: not a list", hint=f"check {url}")
    entries = []
    for meta in index:
        with contextlib.suppress(ModelError):  # another kind of package, or an unsafe one
            entries.append(check_metadata(meta, Path("index.json")))
    return entries


def install_from_index(
    from_code: str,
    to_code: str,
    models_dir: str | Path | None = None,
    timeout: float = INDEX_TIMEOUT,
    url: str | None = None,
) -> InstalledPackage:
    """Download the newest index package for the pair and install it (validated)."""
    url = url or index_url()
    matches = [
        m for m in _index(url, timeout) if m["from_code"] == from_code and m["to_code"] == to_code
    ]
    if not matches:
        hint = "see 'alerti18n models list'; pivoting through English needs two packages"
        if from_code != to_code:
            hint += (
                "; a multilingual package (NLLB-200, M2M-100, MADLAD-400) may have both "
                "languages: see the README, 'Which model for which language'"
            )
        raise ModelError(f"the Argos index has no {from_code}->{to_code} package", hint=hint)
    best = max(matches, key=lambda m: _version_key(m.get("package_version", "")))
    links = [link for link in best.get("links", []) if urlsplit(link).scheme in ("http", "https")]
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / f"{from_code}_{to_code}.argosmodel"
        for link in links:
            with contextlib.suppress(ModelError), file.open("wb") as out:
                _fetch(link, max(timeout, 600.0), MAX_TOTAL_BYTES, out)
                break
        else:
            raise ModelError(
                f"could not download {from_code}->{to_code} from {links}",
                hint="try again, or download the file and use 'models install FILE'",
            )
        try:
            return install_file(file, models_dir)
        except ModelError as exc:  # name the download, not the temporary file
            raise ModelError(f"{link}: {exc.message}", hint=exc.hint) from None
