"""One error root for the whole library.

Every error a user can cause is an :class:`AlertI18nError`: it carries the
file and line it is about and a hint saying what to do, and the CLI turns it
into a one-line message and an exit code (2 for bad input, 1 for a failed
check or policy). Anything else escaping the library is a bug.
"""

from __future__ import annotations

import re
from pathlib import Path

#: What a terminal acts on instead of showing: C0 controls but tab and newline, DEL and C1
#: controls (ESC and CSI start escape sequences), the bidirectional embeddings, overrides and
#: isolates (U+202A-U+202E, U+2066-U+2069: they reorder what follows, the "Trojan Source"
#: class), line and paragraph separators, and lone surrogates (a file name that is not UTF-8).
#: Letters of every script, and the marks LRM, RLM and ALM that Arabic and Hebrew text uses,
#: are shown as they are.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_IN_LINE = re.compile(f"{_UNSAFE.pattern}|\n")


def escape_controls(text: str, lines: bool = False) -> str:
    """``text`` with each character a terminal would act on written as ``\\uXXXX``.

    Newlines are escaped too unless ``lines`` is true. The escapes are JSON's, so JSON
    output stays valid JSON that reads back to the same strings. Every message that
    quotes outside text (a file name, a PO string, a server's answer) is shown through it.
    """
    pattern = _UNSAFE if lines else _UNSAFE_IN_LINE
    return pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class AlertI18nError(Exception):
    """Base error: ``path:line: message (hint)``, exit code 2."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __reduce__(self) -> tuple:
        # keep path, line and hint when an error crosses a process boundary
        return (self.__class__, (self.message, self.path, self.line, self.hint))

    def format_message(self) -> str:
        """The one-line form shown to users."""
        where = ""
        if self.path is not None:
            shown = escape_controls(str(self.path))  # a name's newline stays visible
            where = f"{shown}:{self.line}: " if self.line else f"{shown}: "
        text = self.message + (f" ({self.hint})" if self.hint else "")
        return where + escape_controls(" ".join(text.split("\n")))

    def __str__(self) -> str:
        return self.format_message()


class ConfigError(AlertI18nError):
    """The project configuration is missing or invalid."""


class SourceError(AlertI18nError):
    """A source document cannot be read or parsed."""


class PoFileError(AlertI18nError):
    """A PO/POT file is malformed, or inconsistent with its project."""


class ModelError(AlertI18nError):
    """A translation package is missing, invalid or unsafe."""


class LockError(AlertI18nError):
    """Another alerti18n command holds the project lock."""


class FileError(AlertI18nError):
    """A file or folder cannot be read or written as it is (a FIFO, a full disk, a link
    out of the project, an output that would land on an input...)."""


class ChangedMeanwhile(AlertI18nError):
    """A file a person edits changed while a command worked on it; it was kept as the person
    left it, nothing was written over it: exit code 1, run the command again."""

    exit_code = 1


class PolicyError(AlertI18nError):
    """A check or the release policy failed: exit code 1."""

    exit_code = 1


class HistoryError(AlertI18nError):
    """A document's release history (``locales/<doc>.releases.json``) is malformed, or a
    release contradicts it."""
