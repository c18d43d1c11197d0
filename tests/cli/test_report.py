"""What the commands print (alerti18n.cli.report), shown for real results on a new project."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from alerti18n.checks import ERROR, WARNING, Finding
from alerti18n.cli import report
from alerti18n.core.config import Project
from alerti18n.core.errors import PoFileError
from alerti18n.reports import stats


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_appears_once_there_is_work_on_a_terminal_only() -> None:
    terminal = Terminal()
    with report.progress_bar("pretranslate", terminal) as advance:
        advance(0, 0)
    assert terminal.getvalue() == ""
    with report.progress_bar("pretranslate", terminal) as advance:
        advance(0, 3)
        advance(3, 3)
    assert "pretranslate" in terminal.getvalue()
    pipe = io.StringIO()  # a log or a pipe: no bar, so an error stays one line
    with report.progress_bar("pretranslate", pipe) as advance:
        advance(0, 3)
        advance(3, 3)
    assert pipe.getvalue() == ""


def test_the_status_table_lists_every_catalog_and_names_an_unreadable_one(
    new_project: Project, capsys: pytest.CaptureFixture
) -> None:
    counts = stats.status(new_project)
    docs = [new_project.doc_name(p) for p in new_project.documents()]
    assert [(s.doc, s.lang) for s in counts] == [(doc, "fr") for doc in docs]
    report.show_status(new_project, None, counts, [], "text")
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split()[:3] == ["document", "lang", "done"]
    assert [row.split()[:2] for row in rows] == [[doc, "fr"] for doc in docs]
    assert all("0.0%" in row for row in rows)  # nothing translated yet

    broken = new_project.po_path("fr", docs[0])
    error = PoFileError("msgid without msgstr", broken, 7, "add a msgstr line")
    unreadable = [stats.Unreadable(docs[0], "fr", error)] * 2
    report.show_status(new_project, None, counts[1:], unreadable, "text")
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1].split()[:4] == [docs[0], "fr", "unreadable", "catalog"]
    assert captured.err == f"error: {error.format_message()}\n"  # once, however often listed


def test_the_status_json_is_every_stats_record(
    new_project: Project, capsys: pytest.CaptureFixture
) -> None:
    counts = stats.status(new_project)
    report.show_status(new_project, None, counts, [], "json")
    assert json.loads(capsys.readouterr().out) == [s.to_dict() for s in counts]


def test_the_run_report_says_what_changed(
    new_project: Project, capsys: pytest.CaptureFixture
) -> None:
    (doc,) = [new_project.doc_name(p) for p in new_project.documents()]
    run = report.RunReport(new_project)
    run.written("extract", [])
    run.written("update", [new_project.po_path("fr", doc)])
    run.built([])
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "extract: nothing changed",
        f"update: wrote {Path('locales', 'fr', f'{doc}.po')}",
        "build: nothing changed",
    ]


def test_the_run_report_counts_only_unwaived_findings(
    new_project: Project, capsys: pytest.CaptureFixture
) -> None:
    where = new_project.po_path("fr", "example")

    def finding(severity: str, waived: bool) -> Finding:
        return Finding("c", severity, where, 1, "m", "message", waived=waived)

    findings = [finding(ERROR, False), finding(ERROR, True), finding(WARNING, False)]
    findings += [finding(WARNING, False), finding(WARNING, True)]
    report.RunReport(new_project).checked(findings)
    assert capsys.readouterr().out == (
        "check: 1 error(s), 2 warning(s); details: alerti18n check\n"
    )


@pytest.fixture
def package_logger() -> Iterator[logging.Logger]:
    """The package's logger, put back as it was after the test."""
    logger = logging.getLogger("alerti18n")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield logger
    logger.handlers[:], logger.level, logger.propagate = saved


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "verbose"])
def test_log_records_become_one_line_each(
    verbose: bool, package_logger: logging.Logger, capsys: pytest.CaptureFixture
) -> None:
    report.setup_logging(verbose)
    logging.getLogger("alerti18n.stages.build").warning("%s: kept", "fr/a.html")
    logging.getLogger("alerti18n.stages.build").info("build: removed %s", "fr/b.html")
    expected = "warning: fr/a.html: kept\n"
    if verbose:
        expected += "info: build: removed fr/b.html\n"
    assert capsys.readouterr().err == expected
