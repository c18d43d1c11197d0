"""The output formats, one record each: what ``build`` can make of a document in a language.

A format is a name (the ``--format`` value), a file suffix, a few facts the
build needs (whether its files show the document's images, whether ``build``
makes it unless told and ``release`` publishes it, whether its pages link to
the index page, which project file it reads) and a writer: a function from a
:class:`Page`, one document in one language, to the file's text or bytes. The
page makes what writers share (the HTML-safe rebuild, its tokens, the HTML
page) once, for the first writer that asks: PDF is made from the HTML page
whether or not HTML is asked for.

Writers import what they need when they are called, so listing the formats
(``build --help``) costs nothing. A new format is a writer in a module of this
package and one :func:`register` call below (see docs/contributing/extending.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from alerti18n.core.errors import ConfigError

if TYPE_CHECKING:
    from markdown_it.token import Token

    from alerti18n.output.page import PageInfo
    from alerti18n.output.pageparse import PageParses
    from alerti18n.output.render import Rendered
    from alerti18n.text.links import ImageRule
    from alerti18n.text.segment import Document


@dataclass(frozen=True)
class OutputFormat:
    """One output format: what ``build`` needs to know to make it, and its writer."""

    name: str  # as --format names it
    suffix: str  # of the files: <out>/<lang>/<doc><suffix>
    help: str  # a few words for --help
    writer: Callable[[Page], str | bytes]
    shows_images: bool = False  # its files show the document's local images, copied beside them
    default: bool = False  # made by ``build`` when no --format is given
    released: bool = False  # published by ``release``
    index: bool = False  # its pages link to <out>/index.html, which is written with them
    reference: str | None = None  # a project file the writer reads when present (reference.docx)


#: Every format, in the order --help lists them.
FORMATS: dict[str, OutputFormat] = {}


def register(fmt: OutputFormat) -> OutputFormat:
    """Add ``fmt`` to :data:`FORMATS` (a name is registered once)."""
    if fmt.name in FORMATS:
        raise ValueError(f"output format {fmt.name!r} is registered twice")
    FORMATS[fmt.name] = fmt
    return fmt


def default_formats() -> tuple[str, ...]:
    """What ``build`` makes unless told."""
    return tuple(name for name, fmt in FORMATS.items() if fmt.default)


def release_formats() -> tuple[str, ...]:
    """What ``release`` publishes."""
    return tuple(name for name, fmt in FORMATS.items() if fmt.released)


def choose(names: Iterable[str]) -> tuple[str, ...]:
    """The formats named, checked (ConfigError, exit 2, for a name no format has)."""
    chosen = tuple(dict.fromkeys(name.strip() for name in names if name.strip()))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown:
        raise ConfigError(
            f"unknown format(s): {', '.join(sorted(unknown))}",
            hint=f"choose from {', '.join(FORMATS)}",
        )
    return chosen


@dataclass
class Page:
    """One document in one language, as every writer sees it.

    ``rendered`` is the Markdown as built; what the other writers share (the
    HTML-safe rebuild, its tokens, the HTML page) is made once, when a writer
    first asks for it. ``parsed`` keeps the tokens of the document's pages, so
    languages with nothing translated yet share the source's parse.
    """

    doc: Document
    translations: dict[str, str]
    source_language: str
    rendered: Rendered
    info: PageInfo
    source_folder: Path  # the source document's folder: its relative images resolve there
    project_root: Path
    #: (folder the page's relative links resolve against, folder files may be read from)
    image_folders: tuple[Path, Path]
    #: which image sources may be shown: the project's own source media (text.media.image_rule)
    image_ok: ImageRule | None = None
    parsed: PageParses | None = None  # shared by the document's pages (a new one if None)

    @cached_property
    def safe(self) -> Rendered:
        """The document rebuilt for HTML: new tags escaped, fallbacks marked and isolated."""
        from alerti18n.output.render import rebuild_document

        return rebuild_document(
            self.doc,
            self.translations,
            self.info.lang,
            for_html=True,
            source_lang=self.source_language,
        )

    @cached_property
    def tokens(self) -> list[Token]:
        """The tokens of :attr:`safe` (one parse serves the HTML and the text)."""
        if self.parsed is None:
            from alerti18n.output.pageparse import PageParses

            self.parsed = PageParses(self.image_ok)
        lang, source = self.info.lang, self.source_language
        return self.parsed.tokens(self.doc, self.translations, lang, source, self.safe.markdown)

    @cached_property
    def body(self) -> str:
        """The HTML of the page's body (the web page's, PDF's, DOCX's and ODT's content)."""
        from alerti18n.language.pagestrings import ui
        from alerti18n.output.render import render_body

        back = ui(self.info.lang, "footnote-back", catalogs=self.info.pages)
        return render_body(self.tokens, self.info.lang, back=back)

    @cached_property
    def html(self) -> str:
        """The standalone HTML page."""
        from alerti18n.output.render import render_html

        return render_html(self.safe, self.info, self.tokens, self.body)

    @cached_property
    def print_html(self) -> str:
        """The page as the PDF is made from it: each footnote at the foot of its page (the
        web page itself when the document has no notes)."""
        from alerti18n.output.render import render_body, render_html

        if not any(token.type == "footnote_block_open" for token in self.tokens):
            return self.html
        body = render_body(self.tokens, self.info.lang, notes_at_the_foot=True)
        return render_html(self.safe, self.info, self.tokens, body)

    def reference(self, fmt: OutputFormat) -> Path | None:
        """The project's reference file for ``fmt`` (``reference.docx``), if it has one."""
        if fmt.reference is None:
            return None
        from alerti18n.core.files import existing

        return existing(self.project_root / fmt.reference, self.project_root)


def _markdown(page: Page) -> str:
    return page.rendered.markdown


def _html(page: Page) -> str:
    from alerti18n.output.fonts import missing_glyphs, page_text, warn_missing

    missing = missing_glyphs(page_text(page.html))
    if missing:  # the reader would see empty boxes: say which font package is missing
        warn_missing(f"{page.info.lang}/{page.info.doc}.html", missing)
    return page.html


def _text(page: Page) -> str:
    from alerti18n.output.text import render_text

    return render_text(page.safe, page.tokens, page.info)


def _pdf(page: Page) -> bytes:
    from alerti18n.output.pdf import html_to_pdf

    return html_to_pdf(page.print_html, *page.image_folders)


def _sms(page: Page) -> str:
    from alerti18n.output.sms import sms_edition

    return sms_edition(page.tokens, page.info.lang)


def _office(name: str) -> Callable[[Page], bytes]:
    def write(page: Page) -> bytes:
        from alerti18n.output.office import office_document

        fmt = FORMATS[name]
        return office_document(
            page.body,
            page.info,
            name,
            page.source_folder,
            page.reference(fmt),
            page.image_ok,
        )

    return write


register(OutputFormat("md", ".md", "Markdown", _markdown, default=True, released=True))
register(
    OutputFormat(
        "html",
        ".html",
        "web page, with index.html",
        _html,
        shows_images=True,
        default=True,
        released=True,
        index=True,
    )
)
register(OutputFormat("txt", ".txt", "plain text", _text, default=True, released=True))
register(
    OutputFormat(
        "pdf",
        ".pdf",
        "PDF",
        _pdf,
        shows_images=True,
        default=True,
        released=True,
    )
)
register(
    OutputFormat(
        "docx",
        ".docx",
        "Word",
        _office("docx"),
        shows_images=True,
        released=True,
        reference="reference.docx",
    )
)
register(
    OutputFormat(
        "odt", ".odt", "LibreOffice", _office("odt"), shows_images=True, reference="reference.odt"
    )
)
register(OutputFormat("sms", ".sms.txt", "short-message edition, in numbered SMS parts", _sms))
