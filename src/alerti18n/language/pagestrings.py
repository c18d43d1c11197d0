"""Page strings (language menu, index link, footer, notices) from gettext catalogs.

**Where they are.** The template ``data/pages/pages.pot`` holds each string:
its msgctxt is the key the code asks for (``ui(lang, "published", ...)``),
its msgid the English text. alerti18n ships ``data/pages/<lang>.po`` for the
languages it knows; a project adds a language, or changes a shipped string,
in ``<locales-dir>/pages/<lang>.po`` (same entries). A document's catalogs
are always under ``<locales-dir>/<lang>/`` and no language code is ``pages``,
so that file is never taken for a document's catalog.

**Why msgctxt keys and English msgids.** The code keeps short, stable
names; translators and gettext tools (msginit, msgmerge, Poedit) see the
English text; and, as in gettext, a string is looked up by context *and*
msgid, so a translation of an English text that has since changed no longer
matches: the page shows the new English text instead of a translation of
the old one, until ``msgmerge`` has made it fuzzy and a translator has
updated it.

**Lookup.** For a ``pt-BR`` page: the project's ``pt-BR.po``/``pt_BR.po``,
the shipped one, then the same for ``pt``, then English (the project's
``en.po``, the shipped one, the template). Fuzzy and untranslated entries do
not count. The text returned knows the language it is in
(:class:`PageText`), so a page marks with ``lang``/``dir`` only the strings
that really fell back to English. Each catalog is read once per process
(a project's again when the file changes).
"""

from __future__ import annotations

import datetime as dt
import logging
import string
from collections.abc import Callable
from functools import cache
from pathlib import Path

from alerti18n.core.errors import PoFileError
from alerti18n.core.files import existing, walk
from alerti18n.core.state import file_digest

# Babel, the language profiles and the PO reader are imported where a string is looked up:
# ``build`` asks for the page catalogs' digest (project_pages_digest) before it knows whether
# any page is rebuilt.

log = logging.getLogger(__name__)

#: The shipped catalogs: ``pages.pot`` and one ``<lang>.po`` per language (package data, a
#: folder beside this module: found without importlib.resources, which costs a command's
#: start 3 ms).
SHIPPED = Path(__file__).parent / "data" / "pages"
TEMPLATE = SHIPPED / "pages.pot"
#: The folder under a project's locales folder that holds its page catalogs.
PROJECT_FOLDER = "pages"


class PageText(str):
    """A page string, and the language it is written in: the page's, or ``en`` on fallback."""

    lang: str

    def __new__(cls, text: str, lang: str) -> PageText:
        self = super().__new__(cls, text)
        self.lang = lang
        return self

    def __reduce__(self) -> tuple[type[PageText], tuple[str, str]]:  # for worker processes
        return (PageText, (str(self), self.lang))


def project_pages(locales_dir: Path) -> Path:
    """Where a project's page catalogs are: ``<locales-dir>/pages/``."""
    return locales_dir / PROJECT_FOLDER


def page_catalogs(
    locales_dir: Path, root: Path, langs: list[str] | None = None
) -> list[tuple[str, Path]]:
    """The project's page catalogs ``<locales-dir>/pages/<lang>.po`` as (language, path).

    With ``langs``, only those whose language (``pt_BR.po`` is ``pt-BR``'s) is one of them.
    Listed through the file gate (:func:`alerti18n.core.files.walk`): anything there that is
    not a regular file inside the project ``root`` is refused.
    """
    from alerti18n.core.files import walk

    found = walk(project_pages(locales_dir), ".po", root, set(), deep=False)
    if not found:  # (most projects: then no language profile is loaded to name codes)
        return []
    wanted = {code for lang in langs for code in _codes(lang)} if langs is not None else None
    return [(path.stem, path) for path in found if wanted is None or path.stem in wanted]


def field_problems(path: Path, lang: str) -> list[tuple[int, str, str]]:
    """(line, msgid, message) of each translation that lost or added a ``{placeholder}``."""
    from alerti18n.po.pofile import read_po

    problems = []
    for entry in read_po(path, expect_language=lang):
        if entry.obsolete or not entry.msgid or not entry.msgstr:
            continue
        wanted = fields(entry.msgid)
        try:
            written = fields(entry.msgstr)
        except ValueError:
            written = {"a lone brace"}
        if written != wanted:
            lost, unknown = sorted(wanted - written), sorted(written - wanted)
            problems.append(
                (
                    entry.linenum,
                    entry.msgid,
                    f"placeholders differ from the English text: {', '.join(lost) or 'none'} "
                    f"missing, {', '.join(unknown) or 'none'} not in the English text; copy "
                    "each {name} of the msgid unchanged",
                )
            )
    return problems


def project_pages_digest(locales_dir: Path, digest_of: Callable[[Path], str] = file_digest) -> str:
    """A digest of the project's page catalogs (a build is redone when one changes);
    ``digest_of``: how a file's digest is learnt (``build``: from the state, unread if known)."""
    folder = project_pages(locales_dir)
    files = walk(folder, ".po", folder, set(), deep=False)
    return ",".join(f"{path.name}:{digest_of(path)}" for path in files)


def fields(text: str) -> set[str]:
    """The ``{name}`` fields of a ``str.format`` string, as written (ValueError if malformed)."""
    return {
        "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


@cache
def template() -> dict[str, str]:
    """Each page string's key (msgctxt) and English text (msgid), from ``pages.pot``."""
    from alerti18n.po.pofile import read_po

    return {e.msgctxt: e.msgid for e in read_po(TEMPLATE) if e.msgctxt and not e.obsolete}


def _catalog(path: Path, lang: str) -> dict[tuple[str, str], str]:
    """The usable translations of a page catalog: (msgctxt, msgid) -> msgstr."""
    stat = path.stat()
    return _read_catalog(path, lang, stat.st_mtime_ns, stat.st_size)


@cache
def _read_catalog(path: Path, lang: str, mtime: int, size: int) -> dict[tuple[str, str], str]:
    """Read and check one page catalog (``mtime`` and ``size`` renew the cache)."""
    from alerti18n.po.pofile import read_po

    po = read_po(path, expect_language=lang)
    known = template()
    found: dict[tuple[str, str], str] = {}
    for entry in po:
        if entry.obsolete or not entry.msgid or not entry.msgstr or "fuzzy" in entry.flags:
            continue
        if known.get(entry.msgctxt or "") != entry.msgid:
            log.warning(
                "%s:%d: no page string has this msgctxt and msgid (the English text may "
                "have changed): update the file with msgmerge %s %s",
                path,
                entry.linenum,
                path,
                TEMPLATE,
            )
            continue
        wanted = fields(entry.msgid)
        try:
            written = fields(entry.msgstr)
        except ValueError:  # a lone { or }
            written = {"a lone brace"}
        if written != wanted:
            lost, unknown = sorted(wanted - written), sorted(written - wanted)
            raise PoFileError(
                "the translation of a page string must keep the placeholders of the English "
                f"text: {', '.join(lost) or 'none'} missing, {', '.join(unknown) or 'none'} "
                "not in the English text",
                path,
                entry.linenum,
                "copy each {name} of the msgid into the msgstr, unchanged and untranslated "
                "(a literal brace is written {{ or }})",
            )
        found[(entry.msgctxt or "", entry.msgid)] = entry.msgstr
    return found


def _codes(lang: str) -> list[str]:
    """The catalog names to try for ``lang``: as written, with ``_``, then its base language."""
    from alerti18n.language.profiles import base as base_lang

    return list(dict.fromkeys([lang, lang.replace("-", "_"), base_lang(lang)]))


def page_string(lang: str, key: str, catalogs: Path | None = None) -> PageText:
    """The string ``key`` for a ``lang`` page, unformatted (see the module docstring).

    ``catalogs`` is the project's page catalog folder (:func:`project_pages`).
    """
    english = template()[key]
    folders = [folder for folder in (catalogs, SHIPPED) if folder is not None]
    for codes, found_lang in ((_codes(lang), lang), (["en"], "en")):
        for code in codes:
            for folder in folders:
                path = folder / f"{code}.po"
                found = path.is_file() if folder == SHIPPED else existing(path, folder)
                text = _catalog(path, code).get((key, english)) if found else None
                if text:
                    return PageText(text, found_lang)
    return PageText(english, "en")


def ui(
    lang: str,
    key: str,
    *,
    language: str | None = None,
    catalogs: Path | None = None,
    **values: object,
) -> PageText:
    """The page string ``key`` for a ``lang`` page, its ``{fields}`` filled in.

    ``language`` is a language code (the project's source language, for
    notices about text left untranslated): the string shows its CLDR name in
    the string's own language, so no sentence hard-codes a language. Numbers
    and dates among ``values`` are written by Babel in the string's language
    (a string fallen back to English gets an English date); other values as
    they are; both in the digits of the locale's default numbering system
    (CLDR: Persian digits in ``fa``, Latin in ``ar``, Arabic-Indic in ``ar_EG``).
    """
    from alerti18n.language.profiles import base as base_lang

    text = page_string(lang, key, catalogs)
    in_lang = lang if base_lang(text.lang) == base_lang(lang) else text.lang
    locale = in_lang.replace("-", "_")
    if language is not None:
        values["language"] = language_name(language, base_lang(in_lang))
    for name, value in values.items():
        if isinstance(value, dt.date):
            from babel.dates import format_date  # (imports zoneinfo: only for a date)

            values[name] = in_default_digits(format_date(value, "long", locale=locale), locale)
        elif isinstance(value, int) and not isinstance(value, bool):
            from babel.numbers import format_decimal

            values[name] = format_decimal(value, locale=locale, numbering_system="default")
    return PageText(text.format(**values), text.lang)


def in_default_digits(text: str, locale: str) -> str:
    """``text`` with its ASCII digits in the locale's default numbering system (CLDR).

    Babel writes dates with Latin digits; CLDR's default for ``fa`` is Persian
    (``۲۲ سپتامبر ۲۰۲۳``), for ``ar_EG`` Arabic-Indic, for ``bn`` Bengali, while
    plain ``ar`` and ``hi`` default to Latin digits.
    """
    from babel import Locale

    from alerti18n.language.profiles import digits_of

    system = Locale.parse(locale).default_numbering_system
    digits = digits_of(system) if system != "latn" else ""
    return text.translate({ord(str(i)): d for i, d in enumerate(digits)}) if digits else text


@cache
def language_name(code: str, in_lang: str) -> str:
    """The name of language ``code`` in language ``in_lang``, from CLDR via Babel."""
    from babel import Locale

    locale = Locale.parse(in_lang.replace("-", "_"))
    code = code.replace("-", "_")
    return locale.languages.get(code) or Locale.parse(code).get_display_name(locale) or code
