"""What the commands print (alerti18n.cli.report), shown for real results on a new project."""

from __future__ import annotations

import io
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

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


# Outside text on a terminal -----------------------------------------------------------------

SAFE_TEXT = "Սխալ · خطأ\u200f (RLM) · 中文 · émoji 🚑 · tab\there · \\u202e typed as text"


def test_terminal_safe_keeps_text_of_every_script_and_escapes_what_a_terminal_acts_on() -> None:
    assert report.terminal_safe(SAFE_TEXT) == SAFE_TEXT
    hostile = "a\x1b]0;t\x07b\x9b2J\u202ec\u2066d\u2028e\rf\x00g\udcffh\ni"
    expected = (
        "a\\u001b]0;t\\u0007b\\u009b2J\\u202ec\\u2066d\\u2028e\\u000df\\u0000g\\udcffh\\u000ai"
    )
    assert report.terminal_safe(hostile) == expected
    assert report.terminal_safe(hostile, lines=True) == expected.replace("\\u000a", "\n")


@given(st.text())
@example("bad\udcffname \x9b31m \u202e \\u202e")  # a non-UTF-8 file name's byte, C1, RLO
@settings(max_examples=200)
def test_terminal_safe_leaves_nothing_a_terminal_acts_on_and_json_reads_back(text: str) -> None:
    line = report.terminal_safe(text)
    assert not any(unicodedata.category(c) == "Cc" and c != "\t" for c in line)
    assert not set(line) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
    assert not any("\ud800" <= c <= "\udfff" for c in line)
    shown = report.terminal_safe(json.dumps([text], ensure_ascii=False), lines=True)
    assert json.loads(shown) == [text]


def test_errors_and_log_lines_are_escaped_one_line_each(
    package_logger: logging.Logger, capsys: pytest.CaptureFixture
) -> None:
    report.setup_logging(False)
    logging.getLogger("alerti18n.text.media").warning("image %s is missing", "a\x1b[2J\nb.png")
    report.error(PoFileError("bad \u202eheader", Path("fr/\x1b]0;x\x07.po"), 3).format_message())
    assert capsys.readouterr().err == (
        "warning: image a\\u001b[2J\\u000ab.png is missing\n"
        "error: fr/\\u001b]0;x\\u0007.po:3: bad \\u202eheader\n"
    )


def test_all_output_goes_through_echo_or_the_log_handler() -> None:
    """No module prints around terminal_safe: click.echo is called in report.echo only."""
    src = Path(report.__file__).resolve().parents[1]
    printing = re.compile(r"\bclick\.(echo|secho)\(|\bprint\(|\bsys\.std(out|err)\.write\(")
    callers = [
        path.relative_to(src).as_posix()
        for path in sorted(src.rglob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if printing.search(line)
    ]
    assert callers == ["cli/report.py"], callers  # the one in echo()
