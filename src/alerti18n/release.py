"""The release gate: evaluate the policy, then publish every language or nothing.

For each document and target language the project's policy (see
:class:`~alerti18n.config.LanguagePolicy`) is checked: minimum percent
translated, every translation reviewed, no check error. If any language
fails, ``release`` writes nothing and exits 1 - unless ``allow_draft``, in
which case failing languages are published with a visible notice, in their
own language, that they are drafts, and the manifest says so.

Release files are reproducible: the same inputs give the same bytes (no
build time anywhere; the folder is named after the document's version or
date).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from alerti18n import frontmatter, marks
from alerti18n.checks import ERROR, Finding, check_project
from alerti18n.compiled import read_catalog
from alerti18n.config import Project
from alerti18n.errors import PolicyError, SourceError
from alerti18n.fsutil import atomic_write
from alerti18n.pagestrings import project_pages, ui
from alerti18n.progress import Stats, status
from alerti18n.segment import Document, parse_document
from alerti18n.stages.build import RELEASE_FORMATS, build


@dataclass
class Verdict:
    """Whether one document in one language may be published, and why not."""

    doc: str
    lang: str
    stats: Stats
    reasons: list[str] = field(default_factory=list)
    engines: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.reasons


def evaluate(
    project: Project, langs: list[str] | None = None, findings: list[Finding] | None = None
) -> list[Verdict]:
    """The policy verdict for every document and target language (or those of ``langs``).

    ``findings`` are :func:`~alerti18n.checks.check_project`'s for the same
    languages, when the caller has them already (the dashboard shows them
    too), so that the checks run once; otherwise they are computed here.
    """
    if findings is None:
        findings = check_project(project, langs)
    errors: dict[Path, int] = {}
    for finding in findings:
        if finding.severity == ERROR and not finding.waived:
            errors[finding.path] = errors.get(finding.path, 0) + 1
    verdicts = []
    for stats in status(project, langs):
        policy = project.policy_for(stats.lang)
        verdict = Verdict(stats.doc, stats.lang, stats)
        if stats.percent < policy.min_translated:
            verdict.reasons.append(
                f"{stats.percent:.1f}% translated, policy needs {policy.min_translated:g}%"
            )
        if policy.reviewed and stats.reviewed < stats.segments:
            verdict.reasons.append(f"{stats.segments - stats.reviewed} segment(s) not reviewed")
        n_errors = errors.get(project.po_path(stats.lang, stats.doc), 0)
        if policy.no_errors and n_errors:
            verdict.reasons.append(f"{n_errors} check error(s)")
        po = read_catalog(project, stats.lang, stats.doc)
        if po is not None:
            verdict.engines = sorted(
                {
                    m.value.split(" sha=")[0]
                    for e in po
                    for m in marks.marks(e)
                    if m.kind == marks.MT
                }
            )
        verdicts.append(verdict)
    return verdicts


def format_table(verdicts: list[Verdict]) -> str:
    """One line per document and language: pass/fail and the reasons."""
    lines = [f"{'document':<28} {'lang':<5} {'result':<6} why"]
    for v in verdicts:
        why = "; ".join(v.reasons) or "policy met"
        lines.append(f"{v.doc:<28} {v.lang:<5} {'pass' if v.passed else 'FAIL':<6} {why}")
    return "\n".join(lines) + "\n"


def release(
    project: Project,
    out: Path | None = None,
    allow_draft: bool = False,
    verdicts: list[Verdict] | None = None,
) -> list[Path]:
    """Publish every document into <out>/<doc>/<version>/; return the manifest paths.

    Raises :class:`PolicyError` (exit 1), writing nothing, when a language
    fails the policy and ``allow_draft`` is off.
    """
    verdicts = verdicts if verdicts is not None else evaluate(project)
    failed = [v for v in verdicts if not v.passed]
    if failed and not allow_draft:
        raise PolicyError(
            f"release refused: {len(failed)} document language(s) fail the policy",
            project.config_file,
            hint="see the table above; translate and review, or use --allow-draft",
        )
    out = (out or project.dist_dir).resolve()
    # every folder is worked out and checked before anything is written
    plans = []
    for source in project.documents():
        name = project.doc_name(source)
        doc = parse_document(source, project.source_language)
        version = _version(doc)
        plans.append((source, name, version, _release_folder(out, source, name, version)))
    manifests = []
    for source, name, version, folder in plans:
        mine = [v for v in verdicts if v.doc == name]
        drafts: dict[str, tuple[str, ...]] = {
            v.lang: (ui(v.lang, "draft", catalogs=project_pages(project.locales_dir)),)
            for v in mine
            if not v.passed
        }
        build(
            project,
            formats=RELEASE_FORMATS,
            out=folder,
            notices=drafts,
            documents={name},
        )
        manifests.append(_manifest(project, folder, name, version, source, mine))
    return manifests


#: A version or date used as a folder name: one plain path component.
_FOLDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")


def _version(doc: Document) -> str:
    """The release folder's name: the front matter's version, else its date, else "unversioned".

    The value comes from a document, so it must be one plain path component
    (no ``/``, ``\\``, ``..``); otherwise the error names the key's line.
    """
    meta = doc.front_matter or {}
    key = "version" if meta.get("version") not in (None, "") else "date"
    value = meta.get(key)
    if value is None:
        return "unversioned"
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if not _FOLDER_NAME.fullmatch(text) or ".." in text:
        raise SourceError(
            f"front matter {key} {text!r} cannot name a release folder",
            doc.path,
            _key_line(doc, key),
            hint="use letters, digits and . _ + - only, e.g. version: 1.2",
        )
    return text


def _key_line(doc: Document, key: str) -> int | None:
    """The line of ``key:`` in the document's front matter, if it can be found."""
    if doc.front_matter_span is None:
        return None
    start, end = doc.front_matter_span
    first, last = doc.text.count("\n", 0, start), doc.text.count("\n", 0, end)
    return frontmatter.key_line(doc.text, first, last, key)


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
    name: str,
    version: str,
    source: Path,
    verdicts: list[Verdict],
) -> Path:
    by_lang = {v.lang: v for v in verdicts}
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json")
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
            )
        languages.append(entry)
    manifest = {
        "document": name,
        "version": version,
        "source": {
            "file": source.relative_to(project.root).as_posix(),
            "sha256": _sha256(source),
        },
        "languages": languages,
        "tools": tool_versions(),
    }
    path = folder / "manifest.json"
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(
        path, text.encode("utf-8"), project.root if folder.is_relative_to(project.root) else None
    )
    return path


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
    return hashlib.sha256(path.read_bytes()).hexdigest()
