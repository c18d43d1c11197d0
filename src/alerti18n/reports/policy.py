"""The release policy: may each document be published in each language, and if not, why.

For each document and target language the project's policy (see
:class:`~alerti18n.core.config.LanguagePolicy`) is checked: minimum percent
translated, every translation reviewed, no check error. The release stage
(:mod:`alerti18n.stages.release`) and the dashboard (:mod:`alerti18n.reports.dashboard`)
both show these verdicts.

A language behind an amended document (outdated since version N, see
:mod:`alerti18n.reports.amendments`) follows its policy's ``outdated`` rule: ``hold`` (it
passes, and the release leaves it out), ``notice`` (it passes, and the release publishes
the translation of version N with a notice; still a draft if that one was), ``mix`` (the
policy is checked on every sentence but those waiting for their translation, which the
release shows in the source language). Without a rule it fails, saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from alerti18n.checks import ERROR, Finding
from alerti18n.core.config import LanguagePolicy, Project
from alerti18n.po import marks
from alerti18n.po.compiled import read_catalog
from alerti18n.reports.amendments import Lag, project_lags
from alerti18n.reports.history import CURRENT, HELD, PREVIOUS
from alerti18n.reports.stats import Stats, status


@dataclass
class Verdict:
    """Whether one document in one language may be published, and why not."""

    doc: str
    lang: str
    stats: Stats
    reasons: list[str] = field(default_factory=list)
    engines: list[str] = field(default_factory=list)
    #: how far behind an amended document the language is (None: not outdated)
    lag: Lag | None = None
    #: what the release publishes: this version's text ("current"), the text of the version
    #: the language caught up with, with a notice ("previous"), or nothing ("held")
    edition: str = CURRENT

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
    errors: dict[Path, list[int]] = {}  # the line of each error, per catalog
    for finding in findings:
        if finding.severity == ERROR and not finding.waived:
            errors.setdefault(finding.path, []).append(finding.line or 0)
    verdicts = []
    lags = project_lags(project, langs)
    for stats in status(project, langs):
        policy = project.policy_for(stats.lang)
        verdict = Verdict(stats.doc, stats.lang, stats)
        lines = errors.get(project.po_path(stats.lang, stats.doc), [])
        verdict.reasons = _reasons(stats, policy, len(lines))
        po = read_catalog(project, stats.lang, stats.doc)
        behind = lags.get((stats.doc, stats.lang))
        if behind is not None and behind.outdated:
            pending = set(behind.pending)
            waiting = {e.linenum for e in po or () if not e.obsolete and e.msgid in pending}
            # the waiting entries are shown in the source language: their errors do not count
            n_errors = sum(line not in waiting for line in lines)
            _outdated(verdict, behind, policy, n_errors, len(waiting))
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


def _reasons(stats: Stats, policy: LanguagePolicy, n_errors: int, waiting: int = 0) -> list[str]:
    """Why a language fails ``policy`` (none: it passes), leaving out ``waiting`` sentences:
    entries that wait for the translation of an amendment, published in the source language."""
    reasons = []
    needed = stats.segments - waiting
    percent = round(100.0 * stats.translated / needed, 1) if needed > 0 else 100.0
    if percent < policy.min_translated:
        reasons.append(f"{percent:.1f}% translated, policy needs {policy.min_translated:g}%")
    if policy.reviewed and stats.reviewed < needed:
        reasons.append(f"{needed - stats.reviewed} segment(s) not reviewed")
    if policy.no_errors and n_errors:
        reasons.append(f"{n_errors} check error(s)")
    return reasons


def _outdated(
    verdict: Verdict, behind: Lag, policy: LanguagePolicy, n_errors: int, waiting: int
) -> None:
    """Apply the policy's ``outdated`` rule to the verdict of a language behind ``behind``."""
    verdict.lag = behind
    if policy.outdated is None:
        verdict.reasons.insert(
            0,
            f"{behind.summary()} (policy.{verdict.lang}.outdated may hold it, publish the "
            "last translation with a notice, or mix)",
        )
    elif policy.outdated == "hold":
        verdict.edition, verdict.reasons = HELD, []
    elif policy.outdated == "notice":
        verdict.edition, verdict.reasons = PREVIOUS, []
        if behind.since.languages[verdict.lang].draft:
            verdict.reasons = [f"the translation of version {behind.since.version} is a draft"]
    else:  # mix
        verdict.reasons = _reasons(verdict.stats, policy, n_errors, waiting)


#: What the release does with an outdated language, by edition (for the table).
_EDITION_WORDS = {
    HELD: "held: not in this release",
    PREVIOUS: "the translation of version {since} with a notice",
    CURRENT: "these sentences shown in the source language",
}


def edition_words(verdict: Verdict) -> str:
    """What the release publishes of an outdated language that passes ("" for any other)."""
    if verdict.lag is None or not verdict.passed:
        return ""
    return _EDITION_WORDS[verdict.edition].format(since=verdict.lag.since.version)


def explain(verdict: Verdict) -> str:
    """Why the verdict is what it is, in a few words (the table's last column)."""
    words = edition_words(verdict)
    if words and verdict.lag is not None:
        return f"{verdict.lag.summary()}; {words}"
    return "; ".join(verdict.reasons) or "policy met"


def format_table(verdicts: list[Verdict]) -> str:
    """One line per document and language: pass/fail and the reasons."""
    lines = [f"{'document':<28} {'lang':<5} {'result':<6} why"]
    for v in verdicts:
        why = explain(v)
        lines.append(f"{v.doc:<28} {v.lang:<5} {'pass' if v.passed else 'FAIL':<6} {why}")
    return "\n".join(lines) + "\n"


__all__ = ["Verdict", "edition_words", "evaluate", "explain", "format_table"]
