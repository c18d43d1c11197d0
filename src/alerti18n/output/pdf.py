"""PDF from a built HTML page, with WeasyPrint (imported only when a PDF is asked for).

The page's print stylesheet lays it out (A4, page numbers, no language
switcher); fonts come from fontconfig, so the CSS font stack's "Noto Sans
Armenian" is found locally and embedded, subset, in the PDF. Only local
files and ``data:`` URLs may be loaded: anything on the network is refused,
not fetched, and reported as a warning. A character no installed font has
a glyph for (WeasyPrint draws an empty box) is reported too, per script,
naming the Debian font package to install (:mod:`alerti18n.output.fonts`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from alerti18n.core.errors import AlertI18nError
from alerti18n.output.fonts import describe

log = logging.getLogger(__name__)


def _inside(url: str, root: Path) -> bool:
    """Whether ``url`` is a ``data:`` URL or a ``file:`` URL of a file under ``root``."""
    if url.startswith("data:"):
        return True
    if not url.startswith("file:"):
        return False
    return Path(url2pathname(urlsplit(url).path)).resolve().is_relative_to(root.resolve())


def _local_only(root: Path) -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and files under ``root``."""
    try:  # WeasyPrint >= 68: a fetcher class
        from weasyprint.urls import URLFetcher
    except ImportError:  # older: a function
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if not _inside(url, root):
                raise ValueError(f"refusing to load {url}: PDFs are built offline")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch

    class LocalFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not _inside(url, root):
                raise ValueError(f"refusing to load {url}: PDFs are built offline")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file", "data"))


def html_to_pdf(html: str, base: Path, root: Path | None = None) -> bytes:
    """The PDF of ``html``, whose relative links resolve against the folder ``base``.

    Resources are only read from under ``root`` (default: ``base``'s parent,
    the build folder). The bytes are the same for the same page.
    """
    try:
        weasyprint = _weasyprint()
    except (ImportError, OSError) as exc:
        raise AlertI18nError(
            f"PDF output needs WeasyPrint: {exc}",
            hint="pip install weasyprint; on Debian apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 fonts-noto-core",
        ) from None
    problems = _Collect()
    weasy_log = logging.getLogger("weasyprint")
    weasy_log.addHandler(problems)
    try:
        document = weasyprint.HTML(
            string=html,
            base_url=base.as_uri() + "/",
            url_fetcher=_local_only(root or base.parent),
        )
        data = document.write_pdf(pdf_identifier=b"alerti18n", pdf_tags=True)
    finally:
        weasy_log.removeHandler(problems)
    for message in dict.fromkeys(problems.messages):  # each distinct problem once
        log.warning("PDF: %s", message)
    for sentence in describe(problems.notdef):
        log.warning("PDF: %s", sentence)
    return data


def _weasyprint() -> Any:
    """WeasyPrint, imported without the subprocesses ``ctypes.util.find_library`` starts.

    WeasyPrint loads Pango and its libraries by trying several names for each;
    through cffi, each name the dynamic loader does not know makes
    ``find_library`` run ldconfig, gcc and ld: about 50 subprocesses and half a
    second in every process that makes a PDF. The names include each library's
    soname, which the loader finds itself, so the import first runs with
    ``find_library`` finding nothing, and again with it where that fails.
    """
    import sys

    if "weasyprint" in sys.modules:
        import weasyprint

        return weasyprint
    import ctypes.util

    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    except OSError:
        ctypes.util.find_library = real
        import weasyprint
    finally:
        ctypes.util.find_library = real
    return weasyprint


class _Collect(logging.Handler):
    """Keeps WeasyPrint's errors (resources it could not load) to report them as ours, and
    the characters it drew as .notdef (an empty box: no font has a glyph for them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.notdef: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(".notdef glyph") and isinstance(record.args, tuple):
            self.notdef.add(str(record.args[0]))
        elif record.levelno >= logging.ERROR:
            self.messages.append(record.getMessage())
