"""Project configuration: ``[tool.alerti18n]`` in pyproject.toml, or alerti18n.toml."""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from alerti18n.core.errors import AlertI18nError, ConfigError
from alerti18n.core.files import STATE_FOLDER, existing, read_input, walk
from alerti18n.core.layout import ProjectFiles

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_LANG_SHAPE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def validate_language(code: str, where: str | Path | None = None) -> str:
    """Return ``code`` if Babel knows it as a CLDR locale, else raise.

    Language codes become folder names, so this is also what keeps a code
    such as ``../x`` from ever becoming a path.
    """
    if not _LANG_SHAPE.match(code or ""):
        raise ConfigError(
            f"'{code}' is not a language code",
            where,
            hint="use a BCP 47 / CLDR code such as hy, fr, en or pt_BR",
        )
    if (_cldr_locales() / f"{code.replace('-', '_')}.dat").is_file():
        return code  # CLDR has it as written: no need to load Babel to ask
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ConfigError(
            f"unknown language '{code}'",
            where,
            hint="use a BCP 47 / CLDR code such as hy, fr, en or pt_BR",
        ) from None
    return code


#: What ``release`` does with a language that has not caught up with an amended source
#: (``outdated`` in a policy table; see :mod:`alerti18n.reports.amendments`).
OUTDATED_RULES = ("hold", "notice", "mix")


@functools.cache
def _cldr_locales() -> Path:
    """Babel's folder of CLDR locale data (found without importing Babel)."""
    spec = importlib.util.find_spec("babel")
    folders = list(spec.submodule_search_locations or []) if spec else []
    return Path(folders[0] if folders else ".") / "locale-data"


@dataclass(frozen=True)
class LanguagePolicy:
    """What a language must meet before ``release`` publishes it."""

    min_translated: float = 100.0
    reviewed: bool = True
    no_errors: bool = True
    #: for a language behind an amended source: "hold", "notice", "mix"; None: refuse it
    outdated: str | None = None


@dataclass(frozen=True)
class Project:
    """A project folder and its settings; paths are absolute."""

    root: Path
    name: str
    source_language: str
    target_languages: tuple[str, ...]
    source_dir: Path
    locales_dir: Path
    build_dir: Path
    dist_dir: Path
    glossary: Path | None
    config_file: Path
    policy: dict[str, LanguagePolicy] = field(default_factory=dict)
    mt: dict = field(default_factory=dict)
    #: ``[tool.alerti18n.tm]``: translation memory policy (validated by alerti18n.memory.tm)
    tm: dict = field(default_factory=dict)
    #: ``[tool.alerti18n.analysis]``: words per hour by band (validated by
    #: alerti18n.reports.analysis)
    analysis: dict = field(default_factory=dict)
    #: where ``name`` came from: "config", "catalogs" or "default" (see :func:`project_name`)
    name_from: str = "config"
    #: ``[tool.alerti18n.signing]``: where readers find the key that signs releases
    #: (``public-key``, shown on every page of a signed release; see :func:`signing_settings`)
    signing: dict[str, str] = field(default_factory=dict)

    @property
    def languages(self) -> tuple[str, ...]:
        """Source language first, then the targets."""
        return (self.source_language, *self.target_languages)

    @property
    def state_dir(self) -> Path:
        """Private, git-ignored working state (lock, caches)."""
        return self.root / STATE_FOLDER

    @property
    def state_file(self) -> Path:
        """What each stage did with which inputs (:func:`alerti18n.core.state.project_state`)."""
        return self.state_dir / "state.json"

    @property
    def segments_dir(self) -> Path:
        """Saved parses of the source documents (``extract``, read by ``build``)."""
        return self.state_dir / "segments"

    @property
    def compiled_dir(self) -> Path:
        """Each catalog's translations as ``build`` reads them (:mod:`alerti18n.po.compiled`)."""
        return self.state_dir / "compiled"

    @property
    def mt_cache_dir(self) -> Path:
        """Raw machine-translation output (:mod:`alerti18n.mt.cache`)."""
        return self.state_dir / "mt-cache"

    @property
    def tm_cache_dir(self) -> Path:
        """What the memory needs from each file (:mod:`alerti18n.memory.cache`)."""
        return self.state_dir / "tm-cache"

    @property
    def glossary_cache_dir(self) -> Path:
        """The glossary terms found in each text (:mod:`alerti18n.language.foundterms`)."""
        return self.state_dir / "glossary-cache"

    @property
    def analysis_cache_dir(self) -> Path:
        """What the analysis report needs from each catalog (:mod:`alerti18n.reports.analysis`)."""
        return self.state_dir / "analysis-cache"

    @cached_property
    def files(self) -> ProjectFiles:
        """Where the project's inputs are, and what may be written where."""
        return ProjectFiles(
            self.root,
            self.source_dir,
            self.locales_dir,
            self.config_file,
            self.glossary,
            (self.build_dir, self.dist_dir),
        )

    def documents(self) -> list[Path]:
        """Source Markdown documents, sorted; their relative names decide the catalog names
        (see :meth:`ProjectFiles.documents`)."""
        return self.files.documents()

    def doc_name(self, source: Path) -> str:
        """Catalog name of a source document: its path under source/ without .md."""
        return self.files.doc_name(source)

    def pot_path(self, doc: str) -> Path:
        return self.locales_dir / f"{doc}.pot"

    def po_path(self, lang: str, doc: str) -> Path:
        return self.locales_dir / lang / f"{doc}.po"

    def catalog(self, lang: str, doc: str) -> Path | None:
        """``doc``'s catalog in ``lang`` if there is one; a folder, FIFO, device or link out
        of the project where it belongs is refused (the one classification, for every command)."""
        return self.files.existing(self.po_path(lang, doc))

    def policy_for(self, lang: str) -> LanguagePolicy:
        return self.policy.get(lang, self.policy.get("*", LanguagePolicy()))

    def page_languages(self, langs: tuple[str, ...] | list[str] | None) -> list[str]:
        """Languages whose page catalogs (locales/pages/) a command handles: those asked
        for, else every target language and the source language."""
        chosen = self.select_languages(langs)
        return chosen if langs else [self.source_language, *chosen]

    def select_languages(self, langs: tuple[str, ...] | list[str] | None) -> list[str]:
        """Target languages to work on: all of them, or the validated subset asked for."""
        if not langs:
            return list(self.target_languages)
        chosen = []
        for lang in langs:
            validate_language(lang)
            if lang not in self.target_languages:
                raise ConfigError(
                    f"'{lang}' is not a target language of this project",
                    self.config_file,
                    hint=f"targets are {', '.join(self.target_languages)}; add it to "
                    "target-languages first",
                )
            chosen.append(lang)
        return chosen


def find_config(root: Path) -> tuple[Path, dict]:
    """Return the config file and its ``alerti18n`` table."""
    own = root / "alerti18n.toml"
    py = root / "pyproject.toml"
    if existing(own, root):  # a FIFO, folder or link out of the project there is refused
        data = _load_toml(own)
        return own, data.get("tool", {}).get("alerti18n", data)
    if existing(py, root):
        data = _load_toml(py)
        table = data.get("tool", {}).get("alerti18n")
        if table is not None:
            return py, table
    raise ConfigError(
        "no alerti18n project here",
        root,
        hint="run 'alerti18n init DIR' or pass --project DIR",
    )


#: The most a config file may hold: TOML of a few settings.
_MAX_CONFIG = 1024 * 1024


def _load_toml(path: Path) -> dict:
    data = read_input(path, path.parent, error=ConfigError, prefix=_MAX_CONFIG + 1)
    if len(data) > _MAX_CONFIG:
        raise ConfigError("too large for a config file", path, hint="at most 1 MiB")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid TOML: {exc}", path, hint="fix the syntax") from None


_KNOWN_KEYS = {
    "name",
    "source-language",
    "target-languages",
    "source-dir",
    "locales-dir",
    "build-dir",
    "dist-dir",
    "glossary",
    "policy",
    "mt",
    "tm",
    "analysis",
    "signing",
}


def load_project(root: Path | str = ".") -> Project:
    """Read and validate the project config found in ``root``."""
    root = Path(root).resolve()
    path, table = find_config(root)
    unknown = set(table) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(
            f"unknown setting(s): {', '.join(sorted(unknown))}",
            path,
            hint=f"known settings are {', '.join(sorted(_KNOWN_KEYS))}",
        )
    source = validate_language(str(table.get("source-language", "en")), path)
    targets = table.get("target-languages", [])
    if not isinstance(targets, list) or not targets:
        raise ConfigError(
            "target-languages must be a non-empty list",
            path,
            hint='e.g. target-languages = ["hy", "fr"]',
        )
    targets = tuple(validate_language(str(t), path) for t in targets)
    if source in targets:
        raise ConfigError(
            f"'{source}' is both source and target", path, hint="remove it from target-languages"
        )

    def folder(key: str, default: str) -> Path:
        return _inside(root, table.get(key, default), path, key)

    glossary = table.get("glossary", "locales/glossary.csv")
    glossary_path = _inside(root, glossary, path, "glossary") if glossary else None
    policy = {lang: _policy(value, path) for lang, value in table.get("policy", {}).items()}
    folders = {key: folder(key, key.split("-")[0]) for key in _FOLDERS}
    _no_overlap(folders, path)
    locales_dir = folders["locales-dir"]
    name, name_from = project_name(table.get("name"), locales_dir, targets, path)
    return Project(
        root=root,
        name=name,
        source_language=source,
        target_languages=targets,
        source_dir=folders["source-dir"],
        locales_dir=locales_dir,
        build_dir=folders["build-dir"],
        dist_dir=folders["dist-dir"],
        glossary=glossary_path if glossary_path and _exists(glossary_path, root) else None,
        config_file=path,
        policy=policy,
        mt=dict(table.get("mt", {})),
        tm=dict(table.get("tm", {})) if isinstance(table.get("tm", {}), dict) else {"": None},
        analysis=_table(table, "analysis"),
        name_from=name_from,
        signing=signing_settings(table.get("signing", {}), path),
    )


#: The name of a project whose config has none and whose catalogs say nothing.
DEFAULT_NAME = "alerti18n"
#: Project-Id-Version values that name no project (xgettext's placeholders).
_PLACEHOLDERS = {"", "PACKAGE", "PACKAGE VERSION"}


def project_name(
    value: object, locales_dir: Path, targets: tuple[str, ...], config: Path
) -> tuple[str, str]:
    """The project's name and where it came from; never the checkout folder's name.

    The name goes into every catalog header (Project-Id-Version) and titles
    the index page, so two clones of one project in folders of different
    names must agree on it. In order:

    1. ``name`` in the config ("config"; ``alerti18n init`` writes it);
    2. what the project's catalogs already say ("catalogs"): the
       Project-Id-Version of the first template ``locales/**/*.pot`` (sorted
       by path) that has one, without the document name that ``extract``
       appends; failing that, of the first ``locales/<lang>/**/*.po`` (target
       languages in config order, files sorted by path);
    3. ``alerti18n`` ("default").
    """
    if value is not None:
        if not isinstance(value, str) or not value.strip() or _CONTROL.search(value):
            raise ConfigError(
                "name must be a non-empty one-line string",
                config,
                hint='e.g. name = "Lemkin Institute alerts"',
            )
        return value.strip(), "config"
    root = config.parent
    try:
        catalogs = walk(locales_dir, ".pot", root, set())
        for lang in targets:
            catalogs += walk(locales_dir / lang, ".po", root, set())
    except AlertI18nError:
        catalogs = []  # the command that reads the catalogs reports it
    for path in catalogs:
        found = _name_in(path)
        if found:
            return found, "catalogs"
    return DEFAULT_NAME, "default"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _name_in(catalog: Path) -> str | None:
    """The project name in a catalog's Project-Id-Version, or None.

    ``extract`` writes "NAME DOCUMENT"; the document part is dropped. Only
    the header is read, tolerantly: a catalog that cannot be read names
    nothing here (the command that needs it reports it).
    """
    try:
        value = header_field(read_input(catalog, prefix=HEADER_BYTES), "Project-Id-Version")
    except AlertI18nError:
        return None
    if value is None:
        return None
    suffix = f" {catalog.stem}"
    if value.endswith(suffix):
        value = value[: -len(suffix)].strip()
    elif value == catalog.stem:
        return None
    if value in _PLACEHOLDERS or _CONTROL.search(value):
        return None
    return value


_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


#: How much of a catalog :func:`header_field` needs: its header is at the top.
HEADER_BYTES = 1 << 16


def header_field(data: bytes, key: str) -> str | None:
    """One field of a PO file's header entry (the msgstr of the first ``msgid ""``), read
    tolerantly from the file's first :data:`HEADER_BYTES`: None when there is none.

    The one quick header reader (:mod:`alerti18n.po.header` offers it with the header's
    other facts); it lives here because the project's name is read with it, and this
    layer cannot import the PO library. What must be validated goes through
    :func:`alerti18n.po.pofile.read_po`.
    """
    lines = data[:HEADER_BYTES].splitlines()
    pieces: list[bytes] = []
    for index, line in enumerate(lines[:-1]):
        if line.strip() == b'msgid ""' and lines[index + 1].startswith(b"msgstr "):
            for following in lines[index + 1 :]:
                quoted = following.strip()
                if quoted.startswith(b"msgstr "):
                    quoted = quoted[len(b"msgstr ") :].strip()
                if not (quoted.startswith(b'"') and quoted.endswith(b'"') and len(quoted) >= 2):
                    break
                pieces.append(quoted[1:-1])
            break
    raw = b"".join(pieces)
    charset = _CHARSET.search(raw)
    try:
        text = raw.decode(charset.group(1).decode("ascii") if charset else "utf-8")
    except (LookupError, UnicodeDecodeError):
        text = raw.decode("utf-8", "replace")
    text = _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)
    for field_line in text.split("\n"):
        name, colon, value = field_line.partition(":")
        if colon and name.strip() == key:
            return value.strip()
    return None


#: The folders a config names: where the inputs are, where the outputs go.
_FOLDERS = ("source-dir", "locales-dir", "build-dir", "dist-dir")


def _inside(root: Path, value: object, config: Path, key: str) -> Path:
    """The config's ``key`` as a path: relative, inside the project even through links.

    A config may come from another project: an absolute path or a ``..`` would
    let a build write, and later delete, files anywhere.
    """
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be a path (a string)", config, hint=f'e.g. {key} = "x"')
    candidate = (root / value).resolve()
    if Path(value).is_absolute() or not candidate.is_relative_to(root):
        raise ConfigError(
            f"{key} points outside the project: {value}",
            config,
            hint="use a relative path to a place inside the project, with no link leading out",
        )
    return candidate


#: The keys of ``[tool.alerti18n.signing]``.
SIGNING_KEYS = ("public-key",)


def signing_settings(value: object, config: Path) -> dict[str, str]:
    """``[tool.alerti18n.signing]``, checked: ``public-key`` is one line of text (a URL,
    or where else readers find the public key that signs the releases)."""
    hint = 'e.g. [tool.alerti18n.signing] public-key = "https://example.org/alerts.pub"'
    if not isinstance(value, dict):
        raise ConfigError("signing must be a table", config, hint=hint)
    unknown = sorted(set(value) - set(SIGNING_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown signing setting(s): {', '.join(unknown)}",
            config,
            hint=f"known settings are {', '.join(SIGNING_KEYS)}",
        )
    found = {}
    for key, text in value.items():
        if not isinstance(text, str) or not text.strip() or _CONTROL.search(text):
            raise ConfigError(f"signing.{key} must be one line of text", config, hint=hint)
        found[key] = text.strip()
    return found


def _no_overlap(folders: dict[str, Path], config: Path) -> None:
    """Outputs (build, dist) and inputs (source, locales) may not lie in one another:
    the next extract would read pages as sources, a build could delete inputs."""
    for output in ("build-dir", "dist-dir"):
        for source in ("source-dir", "locales-dir"):
            a, b = folders[output], folders[source]
            if a.is_relative_to(b) or b.is_relative_to(a):
                raise ConfigError(
                    f"{output} and {source} overlap ({a.name or a} and {b.name or b})",
                    config,
                    hint="outputs and inputs need folders of their own, neither inside the other",
                )


def _table(table: dict, key: str) -> dict:
    """The config's table ``key`` (``{"": None}`` when it is not a table: its reader says so)."""
    value = table.get(key, {})
    return dict(value) if isinstance(value, dict) else {"": None}


def _exists(path: Path, root: Path) -> bool:
    """Whether a file is at ``path``: a FIFO, folder or device there is refused (FileError)."""
    return existing(path, root) is not None


def _policy(value: dict, path: Path) -> LanguagePolicy:
    try:
        outdated = value.get("outdated")
        policy = LanguagePolicy(
            min_translated=float(value.get("min-translated", 100)),
            reviewed=bool(value.get("reviewed", True)),
            no_errors=bool(value.get("no-errors", True)),
            outdated=outdated,
        )
    except (AttributeError, TypeError, ValueError):
        raise ConfigError(
            "invalid policy table",
            path,
            hint="policy.<lang> takes min-translated, reviewed, no-errors, outdated",
        ) from None
    if outdated is not None and outdated not in OUTDATED_RULES:
        raise ConfigError(
            f"invalid policy outdated = {outdated!r}",
            path,
            hint=f"outdated is one of {', '.join(OUTDATED_RULES)} (or leave it out: refuse)",
        )
    return policy
