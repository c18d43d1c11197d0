"""One error root for the whole library.

Every error a user can cause is an :class:`AlertI18nError`: it carries the
file and line it is about and a hint saying what to do, and the CLI turns it
into a one-line message and an exit code (2 for bad input, 1 for a failed
check or policy). Anything else escaping the library is a bug.
"""

from __future__ import annotations

from pathlib import Path


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
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return " ".join(text.split("\n"))

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


class PolicyError(AlertI18nError):
    """A check or the release policy failed: exit code 1."""

    exit_code = 1


class HistoryError(AlertI18nError):
    """A document's release history (``locales/<doc>.releases.json``) is malformed, or a
    release contradicts it."""
