"""The error root: one line with file, line and hint; exit codes; it survives worker processes."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from alerti18n.core.errors import (
    AlertI18nError,
    ChangedMeanwhile,
    ConfigError,
    FileError,
    PoFileError,
    PolicyError,
)


def raise_po_error(path: str) -> None:
    raise PoFileError("unterminated string", path, 12, hint="close the quote")


def test_one_line_with_file_line_and_hint() -> None:
    error = PoFileError("bad\nthing", "locales/fr/x.po", 12, hint="fix it")
    assert str(error) == "locales/fr/x.po:12: bad thing (fix it)"
    assert str(ConfigError("no config", Path("p.toml"))) == "p.toml: no config"
    assert str(AlertI18nError("plain")) == "plain"


def test_a_file_name_cannot_break_the_line_nor_drive_the_terminal() -> None:
    """A name is outside text: its newline, escape sequence or bidirectional control is shown
    escaped, so the message stays one line and shows what the name really holds."""
    error = FileError("cannot name a document", "source/a\nb\x1b]0;pwned\x07\u202ec.md")
    assert str(error) == r"source/a\u000ab\u001b]0;pwned\u0007\u202ec.md: cannot name a document"


@pytest.mark.parametrize(
    ("cls", "code"),
    [(ConfigError, 2), (PoFileError, 2), (FileError, 2), (PolicyError, 1), (ChangedMeanwhile, 1)],
)
def test_exit_codes(cls: type[AlertI18nError], code: int) -> None:
    assert cls("x").exit_code == code


def test_errors_keep_their_location_across_processes() -> None:
    copy = pickle.loads(pickle.dumps(PoFileError("m", "a.po", 3, hint="h")))
    assert (copy.message, copy.path, copy.line, copy.hint) == ("m", Path("a.po"), 3, "h")
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(raise_po_error, "locales/hy/x.po")
        with pytest.raises(PoFileError) as info:
            future.result()
    assert str(info.value) == "locales/hy/x.po:12: unterminated string (close the quote)"
