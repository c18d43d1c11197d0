"""The release stage: publish every language or nothing, as the policy allows.

The verdicts come from :mod:`alerti18n.reports.policy`. If any language fails,
``release`` writes nothing and exits 1 - unless ``allow_draft``, in which
case failing languages are published with a visible notice, in their own
language, that they are drafts, and the manifest says so.

Release files are reproducible: the same inputs give the same bytes (no
build time anywhere; the folder is named after the document's version or
date).

Each release is recorded in the document's release history
(``locales/<doc>.releases.json``): its version, its text, what each language was given.
An amended document's languages that have not caught up follow their policy's
``outdated`` rule, and its pages carry a change log: see :mod:`alerti18n.stages.editions`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from importlib import metadata
from pathlib import Path

from alerti18n.core import clock
from alerti18n.core.config import Project
from alerti18n.core.errors import PolicyError, SourceError
from alerti18n.core.files import atomic_write, read_input, walk
from alerti18n.core.layout import MANIFEST
from alerti18n.output.formats import release_formats
from alerti18n.reports.history import FOLDER_NAME
from alerti18n.reports.policy import Verdict, evaluate
from alerti18n.reports.stats import origins
from alerti18n.stages import editions, signing
from alerti18n.stages.build import build
from alerti18n.text import frontmatter
from alerti18n.text.sourcefile import read_source


def release(
    project: Project,
    out: Path | None = None,
    allow_draft: bool = False,
    verdicts: list[Verdict] | None = None,
    sign: Path | None = None,
) -> list[Path]:
    """Publish every document into <out>/<doc>/<version>/; return the manifest paths.

    Raises :class:`PolicyError` (exit 1), writing nothing, when a language
    fails the policy and ``allow_draft`` is off. With ``sign``, a private key
    (see :mod:`alerti18n.stages.signing`), each manifest is signed and every
    page says where the signature and the public key are.
    """
    verdicts = verdicts if verdicts is not None else evaluate(project)
    failed = [v for v in verdicts if not v.passed]
    if failed and not allow_draft:
        raise PolicyError(
            f"release refused: {len(failed)} document language(s) fail the policy",
            project.config_file,
            hint="see the table above; translate and review, or use --allow-draft",
        )
    out = project.files.refuse_output(out or project.dist_dir, "the release")
    now = clock.now()
    signer = signing.prepare(project, sign, out) if sign is not None else None
    # every version, edition and folder is worked out and checked before anything is written
    plans = []
    for source in project.documents():
        name = project.doc_name(source)
        base, declared, line = _version(source)
        plan = editions.plan_document(project, source, name, (declared, line), base, verdicts, now)
        folder = _release_folder(out, source, name, plan.folder_name)
        project.files.refuse_output(folder, "the release", releasing=folder.resolve())
        plans.append((source, plan, folder))
    manifests = []
    for source, plan, folder in plans:
        build(
            project,
            formats=release_formats(),
            out=folder,
            notices=plan.drafts,
            documents={plan.name},
            release=True,
            footers=signing.page_lines(project, signer, project.languages),
            editions=plan.editions,
        )
        mine = list(plan.verdicts.values())
        manifest = _manifest(project, folder, plan, source, mine, signer)
        root = project.root if folder.is_relative_to(project.root) else None
        if signer is not None:
            signing.sign_manifest(signer, manifest, root)
        else:
            signing.drop_signature(manifest, root)
        manifests.append(manifest)
    editions.record_releases(project, [plan for _, plan, _ in plans])
    return manifests


#: A version or date used as a folder name: one plain path component (the history's rule).
_FOLDER_NAME = FOLDER_NAME


def _version(source: Path) -> tuple[str, str | None, int | None]:
    """The release folder's name: the front matter's version, else its date, else
    "unversioned"; and the version the front matter declares (None) with its line.

    Only the front matter is read (strictly: an invalid one is an error with its
    line), not the document's sentences. The value comes from a document, so it
    must be one plain path component (no ``/``, ``\\``, ``..``); otherwise the
    error names the key's line.
    """
    text = read_source(source)
    if not text.strip():
        raise SourceError("empty document", source, hint="write the text or remove the file")
    block = frontmatter.find(text)
    meta = frontmatter.parse(block, text, source) if block else {}
    key = "version" if meta.get("version") not in (None, "") else "date"
    value = meta.get(key)
    if value is None:
        return "unversioned", None, None
    text_value = value.isoformat() if isinstance(value, dt.date) else str(value)
    line = frontmatter.key_line(text, block.first, block.last, key) if block else None
    if not _FOLDER_NAME.fullmatch(text_value) or ".." in text_value:
        raise SourceError(
            f"front matter {key} {text_value!r} cannot name a release folder",
            source,
            line,
            hint="use letters, digits and . _ + - only, e.g. version: 1.2",
        )
    if key == "version":
        return text_value, text_value, line
    return text_value, None, None


def _release_folder(out: Path, source: Path, name: str, version: str) -> Path:
    """``out/name/version``, refused unless it resolves to a folder inside ``out``."""
    parts = name.split("/")
    if any(part in ("", ".", "..") or "\\" in part for part in parts):
        raise SourceError(
            f"document name {name!r} cannot name a release folder",
            source,
            hint="rename the document",
        )
    folder = out.joinpath(*parts, version)
    if not folder.resolve().is_relative_to(out):
        raise SourceError(
            f"release folder {folder} is outside {out}",
            source,
            hint="remove the link that leads out of the release folder",
        )
    return folder


def _manifest(
    project: Project,
    folder: Path,
    plan: editions.DocumentRelease,
    source: Path,
    verdicts: list[Verdict],
    signer: signing.Signer | None = None,
) -> Path:
    name, version = plan.name, plan.folder_name
    by_lang = {v.lang: v for v in verdicts}
    files = released_files(folder)
    languages = []
    for lang in project.languages:
        verdict = by_lang.get(lang)
        entry: dict = {
            "language": lang,
            "files": [
                {"file": p.relative_to(folder).as_posix(), "sha256": _sha256(p)}
                for p in files
                if p.relative_to(folder).parts[0] == lang
            ],
        }
        if verdict is None:
            entry.update(source=True, draft=False)
        else:
            s = verdict.stats
            entry.update(
                source=False,
                draft=not verdict.passed,
                policy={"passed": verdict.passed, "reasons": verdict.reasons},
                segments={
                    "total": s.segments,
                    "translated": s.translated,
                    "reviewed": s.reviewed,
                    "machine": s.machine,
                    "fuzzy": s.fuzzy,
                    "untranslated": s.untranslated,
                },
                engines=verdict.engines,
                provenance=_provenance(project, lang, name),
            )
        entry.update(editions.language_manifest(project, plan, lang))
        languages.append(entry)
    manifest = {
        "document": name,
        "version": version,
        "source": {
            "file": source.relative_to(project.root).as_posix(),
            "sha256": _sha256(source),
        },
        "languages": languages,
        # files of no one language (the index page), so that every file is listed
        "shared_files": [
            {"file": p.relative_to(folder).as_posix(), "sha256": _sha256(p)}
            for p in files
            if p.relative_to(folder).parts[0] not in project.languages
        ],
        "tools": tool_versions(),
        "document_version": editions.version_manifest(plan),
    }
    if signer is not None:
        manifest["signing"] = signer.manifest_entry()
    path = folder / MANIFEST
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(
        path, text.encode("utf-8"), project.root if folder.is_relative_to(project.root) else None
    )
    return path


def released_files(folder: Path) -> list[Path]:
    """The files of a release folder that its manifest lists: all but the manifest and its
    signature (and hidden names: a write's temporary file)."""
    top = {folder / MANIFEST, folder / signing.SIGNATURE}
    return [p for p in walk(folder, "", folder, set()) if p not in top]


def _provenance(project: Project, lang: str, doc: str) -> dict[str, int]:
    """How the language's text came about (:func:`alerti18n.reports.stats.origins`)."""
    from alerti18n.po.compiled import read_catalog
    from alerti18n.po.pofile import read_po

    po = read_catalog(project, lang, doc)
    pot = project.pot_path(doc)
    return origins(po, read_po(pot) if po is None and pot.is_file() else None)


#: Distributions whose version shapes the published bytes: CLDR data (dates, names),
#: segmentation, Markdown and HTML, PDF, machine drafts. Either Argos distribution may be installed.
OUTPUT_SHAPING = (
    "alerti18n",
    "babel",
    "sentencex",
    "markdown-it-py",
    "mdit-py-plugins",
    "jinja2",
    "weasyprint",
    "pydyf",
    "fonttools",
    "argos-translate-lt",
    "argostranslate",
    "ctranslate2",
    "sentencepiece",
)


def tool_versions() -> dict[str, str]:
    """Versions of the installed packages that shape the output, and Babel's CLDR version."""
    from babel.core import get_cldr_version

    versions = {"cldr": get_cldr_version()}
    for name in OUTPUT_SHAPING:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def _sha256(path: Path) -> str:
    return hashlib.sha256(read_input(path)).hexdigest()
