"""The hostile-input suite's one assertion: the CLI refuses cleanly and changes nothing.

``refuses(project, *args)`` runs the command, then asserts its exit code, exactly one
``error:`` line (the last of standard error) with the words expected, no traceback, and
that not one byte changed in the project nor in any other folder named in ``watch``
(where a hostile input would have the program read or write). ``snapshot`` is the
before/after picture: every file's bytes, a link's target, a FIFO or socket by its kind.
``run`` runs the CLI in this process (fast), or as a real process with a time limit
(``subprocess=True``: for inputs that could block forever, such as a FIFO).
"""

from __future__ import annotations

import os
import stat
import subprocess as sp
import sys
from dataclasses import dataclass
from pathlib import Path

EXE = str(Path(sys.executable).with_name("alerti18n"))


def snapshot(*roots: Path) -> dict[str, bytes | str]:
    """Every entry under ``roots`` but folders: a file's bytes, else what it is (a link's
    target, a FIFO...; links are not followed). A folder is no data: one left empty
    by a refused command (a build's ``build/fr/``) does not count as a change."""
    found: dict[str, bytes | str] = {}
    for root in roots:
        for top, dirs, names in os.walk(root):
            for name in sorted([*dirs, *names]):
                path = Path(top, name)
                mode = path.lstat().st_mode
                if stat.S_ISDIR(mode):
                    continue
                if stat.S_ISLNK(mode):
                    found[str(path)] = f"link -> {os.readlink(path)}"
                elif stat.S_ISREG(mode):
                    found[str(path)] = path.read_bytes()
                else:
                    found[str(path)] = f"special {mode:o}"
    return found


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


def run(
    project: Path | None, *args: str, subprocess: bool = False, timeout: float = 120
) -> Outcome:
    """The CLI's exit code and output, with ``--project PROJECT`` when given."""
    extra = ["--project", str(project)] if project is not None else []
    if subprocess:
        done = sp.run([EXE, *args, *extra], capture_output=True, text=True, timeout=timeout)
        return Outcome(done.returncode, done.stdout, done.stderr)
    from click.testing import CliRunner

    from alerti18n.cli.main import main

    result = CliRunner().invoke(main, [*args, *extra])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: let pytest show it
    return Outcome(result.exit_code, result.stdout, result.stderr)


def error_line(outcome: Outcome, code: int = 2, words: tuple[str, ...] = ()) -> str:
    """The one ``error:`` line of a clean refusal (asserted), lower-cased words in it."""
    output = outcome.stdout + outcome.stderr
    assert outcome.code == code, output
    assert "Traceback" not in output, output
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, output
    assert outcome.stderr.rstrip("\n").splitlines()[-1] == errors[0], output
    for word in words:
        assert word.lower() in errors[0].lower(), errors[0]
    return errors[0]


def refuses(
    project: Path,
    *args: str,
    code: int = 2,
    words: tuple[str, ...] = (),
    watch: tuple[Path, ...] = (),
    subprocess: bool = False,
) -> str:
    """Run the command; assert a clean refusal that changed nothing; return its error line."""
    before = snapshot(project, *watch)
    line = error_line(run(project, *args, subprocess=subprocess), code, words)
    after = snapshot(project, *watch)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"{line}\nchanged: {changed}"
    return line
