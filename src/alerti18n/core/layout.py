"""Where a project's inputs are, what they may be called, and what may be written where.

The inputs are the documents (``source/``), the catalogs (``locales/``: the POTs,
``<lang>/`` the POs, ``pages/`` the page catalogs, ``tm/`` the imported memories),
the config, the glossary and the private state (``.alerti18n/``). Every path of
an input the program uses is found here (:class:`ProjectFiles`) and read through
:mod:`alerti18n.core.files`; every output folder or file a user names is checked
here (:meth:`ProjectFiles.refuse_output`) before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from alerti18n.core.errors import FileError, SourceError
from alerti18n.core.files import STATE_FOLDER, existing, walk

#: One part of a document's name: it becomes file names (catalogs, pages, release folders)
#: and URLs on every system, so letters, digits and . _ - only, at most 100 characters.
_NAME_PART = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9_-])?")
#: Names Windows keeps for devices: a file so named cannot be checked out there.
_RESERVED = re.compile(r"(?i)(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?")
#: The file a release folder holds (see alerti18n.stages.release).
MANIFEST = "manifest.json"


def check_document_name(name: str, where: Path | None = None, what: str = "a document") -> str:
    """``name`` (``a/b`` for ``source/a/b.md``) if it may name a document, else a SourceError.

    ``import --as`` applies the same rule, and ``tm import`` to a memory's name:
    each part of the name starts and ends with a letter or digit and holds only
    letters, digits and ``. _ -`` (at most 100 characters), no ``..``, and is no
    name Windows keeps for a device.
    """
    parts = name.split("/")
    if not all(
        _NAME_PART.fullmatch(p) and ".." not in p and not _RESERVED.fullmatch(p) for p in parts
    ):
        raise SourceError(
            f"{name!r} cannot name {what}",
            where,
            hint="rename it: letters, digits and . _ - only, starting and ending with a letter "
            "or digit, at most 100 characters (it becomes the name of other files)",
        )
    return name


@dataclass(frozen=True)
class ProjectFiles:
    """The paths of one project's inputs, and the rules for its outputs (see the module
    docstring); made by :class:`alerti18n.core.config.Project`."""

    root: Path
    source_dir: Path
    locales_dir: Path
    config_file: Path
    glossary: Path | None
    #: the configured build and release folders: never searched for inputs
    outputs: tuple[Path, ...] = ()

    @property
    def state_dir(self) -> Path:
        """Private, git-ignored working state (lock, caches)."""
        return self.root / STATE_FOLDER

    @property
    def tm_dir(self) -> Path:
        """Imported memories: ``locales/tm/*.tmx``."""
        return self.locales_dir / "tm"

    def documents(self) -> list[Path]:
        """The source documents (``*.md`` under the source folder, not hidden), sorted.

        Each must be a regular file inside the project, with a name
        :func:`check_document_name` accepts; no two names may differ only in case
        (on macOS and Windows they are one file).
        """
        if not self.source_dir.is_dir():
            from alerti18n.core.errors import ConfigError

            raise ConfigError(
                "source folder not found",
                self.source_dir,
                hint="create it or set source-dir in the project config",
            )
        found = walk(self.source_dir, ".md", self.root, self._skip(self.source_dir))
        names: dict[str, Path] = {}
        for path in found:
            other = names.setdefault(self.doc_name(path).casefold(), path)
            if other != path:
                raise SourceError(
                    f"two documents differ only in case: {other.name} and {path.name}",
                    path,
                    hint="rename one of them: on macOS and Windows they would be one file",
                )
        return found

    def doc_name(self, source: Path) -> str:
        """A source document's name: its path under the source folder without ``.md``."""
        name = source.relative_to(self.source_dir).with_suffix("").as_posix()
        return check_document_name(name, source)

    def existing(self, path: Path) -> Path | None:
        """None if nothing is at ``path``, ``path`` if it is a regular file inside the
        project; a folder, FIFO, device, socket or a link out is refused (FileError)."""
        return existing(path, self.root)

    def catalogs(self) -> list[Path]:
        """Every PO and POT file under the locales folder (what ``fmt`` formats), sorted."""
        skip = self._skip(self.locales_dir)
        return sorted(
            walk(self.locales_dir, ".po", self.root, skip)
            + walk(self.locales_dir, ".pot", self.root, skip)
        )

    def files_in(self, folder: Path, suffix: str) -> list[Path]:
        """The regular files ``*suffix`` directly in ``folder`` (memories, page catalogs)."""
        return walk(folder, suffix, self.root, set(), deep=False)

    def _skip(self, top: Path) -> set[Path]:
        """What a search for inputs under ``top`` never enters: the state, the outputs, and,
        searching the sources, the catalogs (the folders may be nested in the config)."""
        other = {self.locales_dir} if top == self.source_dir else set()
        return {self.state_dir, *self.outputs, *other} - {top}

    def refuse_output(self, path: Path, what: str, releasing: Path | None = None) -> Path:
        """``path`` resolved, if an output may be written there; else a FileError.

        An output may not be the config or the glossary, nor lie in the source,
        locales or state folder, nor inside a release (a folder holding alerti18n's
        release manifest), except ``releasing``, the release being made again: it
        would replace a person's work or a published file, or the next command
        would read it as an input.
        """
        resolved = path.resolve()
        for folder in (self.source_dir, self.locales_dir, self.state_dir):
            if resolved.is_relative_to(folder.resolve()):
                raise FileError(
                    f"{what} would be written into {self._shown(folder)}, "
                    "where the project's inputs are",
                    path,
                    hint="choose a place outside the source, locales and .alerti18n folders",
                )
        for file in (self.config_file, self.glossary):
            if file is not None and resolved == file.resolve():
                raise FileError(
                    f"{what} would replace the project's {self._shown(file)}",
                    path,
                    hint="choose another file name",
                )
        for folder in (resolved, *resolved.parents):
            if folder != releasing and _is_release(folder):
                raise FileError(
                    f"{what} would be written into the release in {folder}",
                    path,
                    hint="a release is never changed: choose a place outside it",
                )
        return resolved

    def _shown(self, path: Path) -> str:
        rel = path.relative_to(self.root) if path.is_relative_to(self.root) else path
        return rel.as_posix()


def _is_release(folder: Path) -> bool:
    """Whether ``folder`` holds a release: alerti18n's manifest (not any manifest.json)."""
    import json

    from alerti18n.core.errors import AlertI18nError
    from alerti18n.core.files import read_input

    try:
        if not (folder / MANIFEST).is_file():
            return False
        data = json.loads(read_input(folder / MANIFEST, prefix=1 << 20))
    except (AlertI18nError, ValueError, OSError):  # OSError: a name too long, say
        return False
    return isinstance(data, dict) and {"document", "version", "languages"} <= set(data)
