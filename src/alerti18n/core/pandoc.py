"""pandoc, the converter behind DOCX/ODT/HTML import and DOCX/ODT output.

pandoc comes as a binary inside the ``pypandoc-binary`` wheel (pinned in the
lock); :func:`pandoc` imports pypandoc only to find it, and only when an
import or an office format is asked for. pandoc is run as a subprocess with
a clean environment and ``--sandbox`` (pandoc >= 2.15): it reads only the
files named on its command line (the document to import, the reference
document) and fetches nothing, so no image, include or URL in a document can
make it read a file of the machine or send a request; images reach it as
``data:`` URLs (:mod:`alerti18n.output.office`). ``SOURCE_DATE_EPOCH`` is set
so that the timestamps it writes (core properties, zip entries) come from
the document's date, not the clock, which makes the same inputs give the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
from functools import cache
from pathlib import Path

from alerti18n.core.errors import AlertI18nError

#: Seconds pandoc may take for one document before it is stopped.
TIMEOUT = 120
#: When the document has no date: 1980-01-01, the earliest time a zip entry can carry.
_NO_DATE_EPOCH = 315532800


@cache
def pandoc() -> str:
    """The path of the pandoc binary that pypandoc-binary ships (imported only now).

    It is taken from the wheel's files when it is there: asking pypandoc runs every
    pandoc it can find (six subprocesses) to pick the newest.
    """
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        shipped = Path(folder) / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
        if shipped.is_file() and os.access(shipped, os.X_OK):
            return str(shipped)
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise AlertI18nError(
            f"DOCX, ODT and HTML import and DOCX/ODT output need pandoc: {exc}",
            hint="pip install pypandoc-binary (make run installs it)",
        ) from None
    return str(path)


def run_pandoc(
    args: list[str],
    data: bytes = b"",
    cwd: Path | None = None,
    epoch: int = _NO_DATE_EPOCH,
    what: Path | None = None,
) -> bytes:
    """pandoc's standard output for ``args`` with ``data`` on its standard input.

    A failure is reported as bad input about ``what`` (the file converted).
    """
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd or Path.cwd()),
        "LANG": "C.UTF-8",
        "SOURCE_DATE_EPOCH": str(epoch),
    }
    try:
        done = subprocess.run(
            [pandoc(), "--sandbox", *args],
            input=data,
            capture_output=True,
            cwd=cwd,
            env=env,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise AlertI18nError(
            f"pandoc took more than {TIMEOUT} s", what, hint="is the document very large?"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AlertI18nError(
            f"pandoc could not convert it: {message[-1] if message else done.returncode}",
            what,
            hint="open and re-save it in Word or LibreOffice",
        )
    return done.stdout


def epoch_of(date: dt.date | None) -> int:
    """``SOURCE_DATE_EPOCH`` for a document: midnight UTC of its date, else 1980-01-01."""
    if date is None:
        return _NO_DATE_EPOCH
    moment = dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
    return max(int(moment.timestamp()), _NO_DATE_EPOCH)
