"""What a page shows besides its body, worked out once for every format and the index page.

The title is the front matter's ``title`` (else the document's name) with its
whitespace normalised, as the catalog's msgid is; in a language it is the
catalog's translation of that msgid, normalised the same way, else the source
title. The publisher is the glossary's form in the page's language when the
glossary has one. The "Published by … on …" line leaves out what the document
does not give (:attr:`PageInfo.published`).

A release adds what a page says about its document's versions (:class:`PageHistory`:
the notice of an earlier version's translation, the change log), which languages its
pages list, and, for a language behind an amendment, the earlier version's text it shows
(:class:`Editions`, :class:`Snapshot`; see :mod:`alerti18n.stages.editions`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from alerti18n.language.pagestrings import ui

if TYPE_CHECKING:
    from alerti18n.language.glossary import Glossary


@dataclass(frozen=True)
class PageHistory:
    """What a released page says about its document's versions, in the page's language.

    ``notice``: that the page shows the translation of an earlier version (empty when
    current), with ``original`` the text of its link to the source language's page;
    ``changes``: one line per version the page's text went through (oldest first),
    under the heading ``label``.
    """

    notice: str = ""
    original: str = ""
    label: str = ""
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """The text of an earlier version of a document in one language: what ``release`` shows
    a language that has not caught up with an amendment (from the release history)."""

    source: str  # that version's Markdown
    translations: dict[str, str]  # msgid -> msgstr, as published then


@dataclass(frozen=True)
class Editions:
    """What ``release`` asks of a build besides formats and notices."""

    languages: tuple[str, ...]  # the languages built and listed on each page, source first
    history: dict[str, PageHistory] = field(default_factory=dict)  # what each page says
    snapshots: dict[str, Snapshot] = field(default_factory=dict)  # languages shown as before


@dataclass(frozen=True)
class PageInfo:
    """What a page needs besides its body."""

    doc: str  # catalog name, e.g. "sos-alert-artsakh-2"
    lang: str
    languages: tuple[str, ...]
    title: str
    publisher: str
    date: dt.date | None
    notices: tuple[str, ...] = ()  # page strings (see alerti18n.language.pagestrings.ui)
    pages: Path | None = None  # the project's page catalogs (<locales-dir>/pages)
    footer: tuple[str, ...] = ()  # page strings below the published line (a signed release's)
    history: PageHistory | None = None  # release only: the outdated notice, the change log

    @property
    def published(self) -> str:
        """The page's publisher-and-date line, leaving out what the document does not give.

        Both: the page string ``published`` ("Published by {publisher} on {date}");
        a date alone: ``published-date`` ("Published on {date}"); a publisher
        alone: the name; neither: "" (no line). The date is formatted in the
        language the line is in (English when it falls back). Every format and
        the index page take the line from here.
        """
        publisher = self.publisher.strip()
        if self.date is None:
            return publisher
        if not publisher:
            return ui(self.lang, "published-date", date=self.date, catalogs=self.pages)
        return ui(self.lang, "published", publisher=publisher, date=self.date, catalogs=self.pages)


def document_title(front_matter: dict | None, name: str) -> str:
    """The document's title: its front matter's, else its name; whitespace normalised."""
    return " ".join(str((front_matter or {}).get("title") or name).split())


def translated_title(translations: dict[str, str], title: str) -> str:
    """``title`` (a :func:`document_title`) as translated, whitespace normalised; else itself."""
    return " ".join(translations[title].split()) if translations.get(title) else title


def translated_publisher(front_matter: dict | None, lang: str, glossary: Glossary) -> str:
    """The front matter's publisher, in the glossary's form for ``lang`` when it has one."""
    publisher = str((front_matter or {}).get("publisher") or "")
    for term in glossary.terms:
        if term.source == publisher and term.forms.get(lang):
            return term.forms[lang]
    return publisher


def document_date(front_matter: dict | None) -> dt.date | None:
    """The front matter's date, when it is one."""
    date = (front_matter or {}).get("date")
    return date if isinstance(date, dt.date) else None
