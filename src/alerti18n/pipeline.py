"""The stages in order: extract -> update -> tm fill -> pretranslate -> build -> check.

The stages themselves live in :mod:`alerti18n.stages` (and the memory in
:mod:`alerti18n.memory.tm`, the machine drafts in :mod:`alerti18n.stages.pretranslate`, the
checks in :mod:`alerti18n.checks`); :func:`run` only calls them in order and
hands each result to a :class:`Report`, so the CLI decides what is shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from alerti18n.core.config import Project
from alerti18n.stages.build import build
from alerti18n.stages.extract import extract
from alerti18n.stages.update import update

if TYPE_CHECKING:
    from alerti18n.checks import Finding
    from alerti18n.memory.tm import Filled
    from alerti18n.stages.build import Built
    from alerti18n.stages.pretranslate import Summary


class Report(Protocol):
    """What ``run`` tells its caller after each stage."""

    def written(self, stage: str, paths: list[Path]) -> None:
        """``extract`` or ``update`` wrote these files."""

    def filled(self, results: list[Filled]) -> None:
        """The memory filled these catalogs."""

    def translating(self) -> AbstractContextManager[Callable[[int, int], None]]:
        """Around pretranslate: a progress callback (done, total)."""

    def translated(self, summaries: list[Summary], seconds: float) -> None:
        """Pretranslate's summaries and how long it took."""

    def built(self, built: list[Built]) -> None:
        """What ``build`` rebuilt."""

    def checked(self, findings: list[Finding]) -> None:
        """The checks' findings."""


def run(project: Project, report: Report, models_dir: Path | None = None) -> list[Finding]:
    """Run every stage in order; return the checks' findings.

    Languages without a translation package (looked for in ``models_dir``, else
    the default place) are skipped, with a warning.
    """
    from alerti18n.memory import tm
    from alerti18n.mt import engine_options
    from alerti18n.reports.channels import project_findings
    from alerti18n.stages.pretranslate import pretranslate

    report.written("extract", extract(project))
    report.written("update", update(project))
    report.filled(tm.fill(project))
    options = engine_options(project, models_dir=models_dir)
    start = time.perf_counter()
    with report.translating() as progress:
        summaries = pretranslate(project, progress=progress, skip_missing=True, options=options)
    report.translated(summaries, time.perf_counter() - start)
    report.built(build(project))
    findings = project_findings(project)
    report.checked(findings)
    return findings
