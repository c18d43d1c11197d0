"""The release policy: may each document be published in each language, and if not, why.

For each document and target language the project's policy (see
:class:`~alerti18n.core.config.LanguagePolicy`) is checked: minimum percent
translated, every translation reviewed, no check error. The release stage
(:mod:`alerti18n.stages.release`) and the dashboard (:mod:`alerti18n.reports.dashboard`)
both show these verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from alerti18n.checks import ERROR, Finding
from alerti18n.core.config import Project
from alerti18n.po import marks
from alerti18n.po.compiled import read_catalog
from alerti18n.reports.stats import Stats, status


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

    ``findings`` are :func:`~alerti18n.reports.channels.project_findings`' for the same
    languages, when the caller has them already (the dashboard shows them
    too), so that the checks run once; otherwise they are computed here.
    """
    if findings is None:
        from alerti18n.reports.channels import project_findings

        findings = project_findings(project, langs)
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


__all__ = ["Verdict", "evaluate", "format_table"]
