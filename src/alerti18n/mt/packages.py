"""Argos Translate packages: list, install (validated), install from the index, remove.

Where packages live, first match wins: the ``models_dir`` argument
(``--models-dir`` or ``mt.models-dir``), ``$ARGOS_PACKAGES_DIR``, else Argos'
own default folder. Every function takes that folder explicitly and hands it
to ``argostranslate.package`` as a path, so it never matters what Argos'
settings module read from the environment when it was first imported.

``argostranslate`` (from either the ``argostranslate`` or the
``argos-translate-lt`` distribution) is imported lazily, on first use.

Installing never calls Argos' own ``install_from_path``: that one extracts
any zip as it is. Here a package is checked first, member by member (one top
folder, no absolute paths, no ``..``, no links, no oversized member, a
``metadata.json`` of type ``translate``, a ``model/`` and a tokenizer), then
extracted into a temporary folder beside its destination and renamed into place.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import stat
import tempfile
import threading
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from alerti18n.core.errors import ModelError
from alerti18n.mt.multilingual import PackageInfo, package_info

log = logging.getLogger(__name__)

MAX_MEMBER_BYTES = 4 * 1024**3
MAX_TOTAL_BYTES = 8 * 1024**3
INDEX_TIMEOUT = 5.0
TOKENIZERS = ("sentencepiece.model", "bpe.model")
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
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            log.warning("%s: unreadable metadata.json, package ignored", path)
            continue
        if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
            continue
        try:
            info = package_info(meta, path)
        except ModelError as exc:
            log.warning("%s; package ignored", exc.format_message())
            continue
        found.append(
            InstalledPackage(
                name=path.name,
                from_code=str(meta.get("from_code", "")),
                to_code=str(meta.get("to_code", "")),
                version=str(meta.get("package_version", "")),
                path=path,
                size=_folder_size(path),
                info=info,
                target_prefix=str(meta.get("target_prefix", "")),
            )
        )
    found.sort(key=lambda p: (p.from_code, p.to_code, _version_key(p.version), p.name))
    return found


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


# Validation and installation --------------------------------------------------


def _refuse(message: str, path: Path, hint: str) -> ModelError:
    return ModelError(message, path, hint=hint)


def _check_member(info: zipfile.ZipInfo, path: Path, max_member: int) -> PurePosixPath:
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
            names = [_check_member(info, path, max_member) for info in infos]
            total = sum(info.file_size for info in infos)
            if total > max_total:
                raise _refuse(
                    f"package unpacks to {total} bytes (limit {max_total})",
                    path,
                    "refusing what looks like a zip bomb",
                )
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


def _read_metadata(zf: zipfile.ZipFile, top: str, files: set[str], path: Path) -> dict:
    if f"{top}/metadata.json" not in files:
        raise _refuse(
            "package has no metadata.json", path, f"expected {top}/metadata.json in the zip"
        )
    try:
        meta = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _refuse(f"invalid metadata.json: {exc}", path, "it must be a JSON object") from None
    if not isinstance(meta, dict):
        raise _refuse("invalid metadata.json: not an object", path, "it must be a JSON object")
    kind = meta.get("type", "translate")
    if kind != "translate":
        raise _refuse(
            f"package type is '{kind}', not 'translate'",
            path,
            "only translation packages can be installed here",
        )
    if not meta.get("from_code") or not meta.get("to_code"):
        raise _refuse(
            "metadata.json lacks from_code/to_code", path, "both language codes are required"
        )
    package_info(meta, path)  # our own fields (multilingual family, quality figures), checked
    return meta


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
        _extract(path, staging, max_member, max_total)
        argos_package_module().Package(staging / top)  # Argos itself must accept it
        dest = folder / top
        if dest.exists():  # replace: the old one goes to staging and is deleted with it
            os.replace(dest, staging / ".old")
        os.replace(staging / top, dest)
    except ModelError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise _refuse(f"cannot install package: {exc}", path, "download it again") from None
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
    """Extract member by member, counting real bytes (declared sizes can lie)."""
    total = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            target = staging.joinpath(*PurePosixPath(info.filename).parts)
            if not target.resolve().is_relative_to(staging.resolve()):
                raise _refuse(f"package member escapes: {info.filename}", path, "unsafe file")
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
                        raise _refuse(
                            f"package member is larger than declared: {info.filename}",
                            path,
                            "refusing what looks like a zip bomb",
                        )
                    out.write(chunk)
            target.chmod(0o644)


def remove_package(name: str, models_dir: str | Path | None = None) -> Path:
    """Remove an installed package by folder name (or ``FROM-TO`` when unambiguous)."""
    folder = packages_dir(models_dir)
    installed = list_packages(folder)
    chosen = [p for p in installed if p.name == name]
    if not chosen and "-" in name and "/" not in name:
        src, _, dst = name.partition("-")
        chosen = [p for p in installed if p.from_code == src and p.to_code == dst]
    if len(chosen) != 1:
        names = ", ".join(p.name for p in installed) or "none installed"
        raise ModelError(
            f"no single package named '{name}'" if chosen == [] else f"'{name}' is ambiguous",
            folder,
            hint=f"installed: {names}",
        )
    target = chosen[0].path
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


def _fetch(url: str, timeout: float) -> bytes:
    """GET ``url`` within ``timeout`` seconds overall (DNS included, hence the thread)."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "alerti18n"})
            with urllib.request.urlopen(request, timeout=timeout) as response:
                box["data"] = response.read()
        except Exception as exc:  # noqa: BLE001 - reported to the caller below
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(timeout)
    if "data" in box:
        return box["data"]
    reason = box.get("error", f"no answer within {timeout:g} s")
    raise ModelError(
        f"cannot reach {url}: {reason}",
        hint="are you offline? download the .argosmodel on a connected machine and run "
        "'alerti18n models install FILE.argosmodel'",
    )


def install_from_index(
    from_code: str,
    to_code: str,
    models_dir: str | Path | None = None,
    timeout: float = INDEX_TIMEOUT,
    url: str | None = None,
) -> InstalledPackage:
    """Download the newest index package for the pair and install it (validated)."""
    url = url or index_url()
    data = _fetch(url, timeout)
    try:
        index = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"invalid package index: {exc}", hint=f"check {url}") from None
    available = [
        argos_package_module().AvailablePackage(meta)
        for meta in index
        if isinstance(meta, dict) and meta.get("type", "translate") == "translate"
    ]
    matches = [p for p in available if p.from_code == from_code and p.to_code == to_code]
    if not matches:
        hint = "see 'alerti18n models list'; pivoting through English needs two packages"
        if from_code != to_code:
            hint += (
                "; a multilingual package (NLLB-200, M2M-100, MADLAD-400) may have both "
                "languages: see the README, 'Which model for which language'"
            )
        raise ModelError(f"the Argos index has no {from_code}->{to_code} package", hint=hint)
    best = max(matches, key=lambda p: _version_key(p.package_version))
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / f"{from_code}_{to_code}.argosmodel"
        for link in best.links or []:
            with contextlib.suppress(ModelError):
                file.write_bytes(_fetch(link, max(timeout, 600.0)))
                break
        else:
            raise ModelError(
                f"could not download {from_code}->{to_code} from {best.links}",
                hint="try again, or download the file and use 'models install FILE'",
            )
        return install_file(file, models_dir)
