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

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from alerti18n import marks, pipeline
from alerti18n.checks import ERROR, check_project
from alerti18n.config import Project
from alerti18n.errors import PolicyError
from alerti18n.fsutil import atomic_write
from alerti18n.render import ui
from alerti18n.segment import parse_document


@dataclass
class Verdict:
    """Whether one document in one language may be published, and why not."""

    doc: str
    lang: str
    stats: pipeline.Stats
    reasons: list[str] = field(default_factory=list)
    engines: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.reasons


def evaluate(project: Project) -> list[Verdict]:
    """The policy verdict for every document and target language."""
    findings = check_project(project)
    errors: dict[Path, int] = {}
    for finding in findings:
        if finding.severity == ERROR and not finding.waived:
            errors[finding.path] = errors.get(finding.path, 0) + 1
    verdicts = []
    for stats in pipeline.status(project):
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
        po = pipeline.read_catalog(project, stats.lang, stats.doc)
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
    out = out or project.dist_dir
    manifests = []
    for source in project.documents():
        name = project.doc_name(source)
        doc = parse_document(source, project.source_language)
        meta = doc.front_matter or {}
        version = str(meta.get("version") or meta.get("date") or "unversioned")
        folder = out / name / version
        mine = [v for v in verdicts if v.doc == name]
        drafts = {v.lang: (ui(v.lang, "draft"),) for v in mine if not v.passed}
        pipeline.build(project, out=folder, notices=drafts, documents={name})
        manifests.append(_manifest(project, folder, name, version, source, mine))
    return manifests


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
                if p.parent.name == lang
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
    }
    path = folder / "manifest.json"
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(
        path, text.encode("utf-8"), project.root if folder.is_relative_to(project.root) else None
    )
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
