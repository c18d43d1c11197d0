"""Page strings from gettext catalogs: the shipped ones, a project's own, English fallback.

The catalogs are checked like any translation (GNU msgfmt, alerti18n's own
checks); pages are built through the CLI on a copy of the any-language
fixture project, with no sentence translated, so every page carries the
"incomplete" notice, the footer, the language menu and the index link.
"""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from support.projects import ROOTS
from support.tools import REPO, msgfmt_check, require_tool

from alerti18n.checks import run_checks
from alerti18n.cli.main import main
from alerti18n.language.pagestrings import SHIPPED, TEMPLATE, fields, page_string, template, ui
from alerti18n.po.pofile import format_po, read_po

ROOT = ROOTS / "any-language"
SRC = REPO / "src" / "alerti18n"
SHIPPED_LANGS = ("ar", "de", "en", "es", "fa", "fr", "hy", "ru", "tr", "uk", "zh")
BUILT_LANGS = ("ar", "ru", "uk", "zh", "sw")  # sw: no shipped catalog
#: Elements that hold page strings (not document text).
PAGE_STRING_TAGS = (
    r'<span class="visually-hidden"[^>]*>',
    r'<li class="index-link"><a [^>]*>',
    r'<p class="notice" role="note"[^>]*>',
    r'<footer class="meta"><p[^>]*>',
)


def test_every_language_the_issue_asks_for_is_shipped() -> None:
    shipped = {p.stem for p in SHIPPED.glob("*.po")}
    assert set(SHIPPED_LANGS) <= shipped


def test_the_template_has_every_key_the_code_asks_for() -> None:
    asked = set()
    for path in SRC.rglob("*.py"):
        asked |= set(re.findall(r'\bui\(\s*[\w.]+,\s*"(\w+)"', path.read_text(encoding="utf-8")))
    assert asked and asked <= set(template()), asked - set(template())


@pytest.mark.parametrize("lang", SHIPPED_LANGS)
def test_shipped_catalog_is_complete_and_keeps_placeholders(lang: str) -> None:
    path = SHIPPED / f"{lang}.po"
    msgfmt_check(path)
    po = read_po(path, expect_language=lang)
    assert format_po(po) == path.read_bytes()  # written as msgcat writes it
    entries = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete and e.msgid}
    pot = {(e.msgctxt, e.msgid): e for e in read_po(TEMPLATE) if e.msgid}
    assert set(entries) == set(pot)
    for key, entry in entries.items():
        assert entry.msgstr and "fuzzy" not in entry.flags, key
        assert fields(entry.msgstr) == fields(entry.msgid), key
        assert ("python-brace-format" in entry.flags) == bool(fields(entry.msgid)), key
        assert entry.msgstr.format(**{f[1:-1]: "X" for f in fields(entry.msgid)})


@pytest.mark.parametrize("lang", [lang for lang in SHIPPED_LANGS if lang != "en"])
def test_shipped_catalog_passes_the_checks(lang: str) -> None:
    path = SHIPPED / f"{lang}.po"
    findings = run_checks(read_po(path, expect_language=lang), path, lang, "en")
    assert findings == [], [(f.check, f.message) for f in findings]


def test_template_passes_msgfmt() -> None:
    msgfmt_check(TEMPLATE)


def _cli(pages_project: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--project", str(pages_project)])
    assert result.exit_code == 0, result.output
    return result.output


def _page_strings(html: str) -> list[tuple[str, str]]:
    """(opening tag, text) of each element that holds a page string."""
    found = []
    for pattern in PAGE_STRING_TAGS:
        match = re.search(f"({pattern})(?:<time [^>]*>)?([^<]*)", html)
        assert match, pattern
        found.append((match.group(1), match.group(2)))
    return found


def _english_fragments() -> list[str]:
    """The fixed text of each English page string (between its placeholders)."""
    pieces = [re.split(r"\{\w+\}", text) for text in template().values()]
    return [p.strip(" .:,()") for parts in pieces for p in parts if len(p.strip(" .:,()")) > 3]


@pytest.fixture(scope="module")
def pages_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pages") / "project"
    root.mkdir()
    shutil.copytree(ROOT / "source", root / "source")  # no catalogs: nothing translated
    shutil.copy(ROOT / "pyproject.toml", root)
    config = root / "pyproject.toml"
    text = re.sub(
        r"(?m)^target-languages = .*$",
        "target-languages = [" + ", ".join(f'"{lang}"' for lang in BUILT_LANGS) + "]",
        config.read_text(encoding="utf-8"),
    )
    config.write_text(text, encoding="utf-8")
    _cli(root, "extract")
    _cli(root, "update")
    _cli(root, "build", "--format", "html")
    return root


@pytest.mark.parametrize("lang", ["ar", "ru", "uk", "zh"])
def test_built_page_shows_no_english_page_string(pages_project: Path, lang: str) -> None:
    html = (pages_project / "build" / lang / "ceasefire.html").read_text(encoding="utf-8")
    strings = _page_strings(html)
    for tag, text in strings:
        assert 'lang="en"' not in tag, (tag, text)
        assert any(not c.isascii() for c in text), (tag, text)
    # the hidden menu label is the catalog string alone: no ASCII colon added by the template
    assert [text for _, text in strings[:2]] == [ui(lang, "languages"), ui(lang, "index")]
    notice = strings[2][1]
    assert notice.startswith(page_string(lang, "incomplete").split("{")[0])
    for fragment in _english_fragments():
        assert fragment not in html, fragment


def test_a_language_without_catalog_falls_back_to_marked_english(pages_project: Path) -> None:
    html = (pages_project / "build" / "sw" / "ceasefire.html").read_text(encoding="utf-8")
    for tag, text in _page_strings(html):
        assert 'lang="en" dir="ltr" data-script="Latn"' in tag, (tag, text)
    # an English date; the publisher isolated from it (<bdi>)
    assert "Published by <bdi>Lemkin Institute</bdi> on May 11, 2024" in html


SWAHILI = """\
msgid ""
msgstr ""
"Language: sw\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgctxt "languages"
msgid "Languages"
msgstr "Lugha"

msgctxt "index"
msgid "All documents"
msgstr "Nyaraka zote"

#, fuzzy, python-brace-format
msgctxt "published"
msgid "Published by {publisher} on {date}"
msgstr "Mchapishaji: {publisher}, {date}"
"""


def test_project_catalog_adds_a_language_and_overrides_a_string(
    pages_project: Path, tmp_path: Path
) -> None:
    work = tmp_path / "project"
    shutil.copytree(pages_project, work)
    _cli(work, "build", "--format", "html")
    pages = work / "locales" / "pages"
    pages.mkdir()
    (pages / "sw.po").write_text(SWAHILI, encoding="utf-8")
    override = polib.pofile(str(SHIPPED / "uk.po"))
    override.find("All documents", msgctxt="index").msgstr = "Усі матеріали"
    override.save(str(pages / "uk.po"))
    msgfmt_check(pages / "sw.po")
    _cli(work, "build", "--format", "html")  # the new catalogs alone make it rebuild
    sw = (work / "build" / "sw" / "ceasefire.html").read_text(encoding="utf-8")
    menu, index, notice, footer = _page_strings(sw)
    assert menu[1] == "Lugha" and 'lang="' not in menu[0]
    assert index[1] == "Nyaraka zote" and 'lang="' not in index[0]
    # what the catalog lacks, or marks fuzzy, stays English, marked as such
    assert 'lang="en"' in notice[0] and notice[1].startswith("This version is incomplete")
    assert 'lang="en"' in footer[0] and footer[1].startswith("Published by")
    uk = (work / "build" / "uk" / "ceasefire.html").read_text(encoding="utf-8")
    assert _page_strings(uk)[1][1] == "Усі матеріали"
    assert "Видавець: <bdi>Lemkin Institute</bdi>" in uk  # the other strings: the shipped ones
    # a changed catalog is read again
    (pages / "sw.po").write_text(SWAHILI.replace("Nyaraka zote", "Hati zote"), encoding="utf-8")
    _cli(work, "build", "--format", "html")
    sw = (work / "build" / "sw" / "ceasefire.html").read_text(encoding="utf-8")
    assert _page_strings(sw)[1][1] == "Hati zote"


def test_page_text_keeps_its_language_through_a_worker_process() -> None:
    text = ui("sw", "draft")
    copy = pickle.loads(pickle.dumps(text))
    assert (copy, copy.lang) == (text, "en") and ui("uk", "draft").lang == "uk"


def test_project_catalog_that_loses_a_placeholder_is_refused(
    pages_project: Path, tmp_path: Path
) -> None:
    require_tool("msgfmt")
    work = tmp_path / "project"
    shutil.copytree(pages_project, work)
    pages = work / "locales" / "pages"
    pages.mkdir()
    broken = SWAHILI.replace("#, fuzzy, python-brace-format", "#, python-brace-format")
    broken = broken.replace("Mchapishaji: {publisher}", "Mchapishaji: {mchapishaji}")
    (pages / "sw.po").write_text(broken, encoding="utf-8")
    before = (work / "build" / "sw" / "ceasefire.html").read_bytes()
    result = CliRunner().invoke(main, ["build", "--format", "html", "--project", str(work)])
    assert result.exit_code == 2, result.output
    line = broken.splitlines().index('msgid "Published by {publisher} on {date}"') + 1
    assert f"sw.po:{line}: " in result.output, result.output
    assert "{publisher} missing, {mchapishaji} not in the English text" in result.output
    assert (work / "build" / "sw" / "ceasefire.html").read_bytes() == before


def test_dates_and_numbers_take_the_locales_default_digits() -> None:
    """CLDR's default numbering system decides the digits (Babel writes dates in Latin ones)."""
    import datetime as dt

    from babel import Locale

    from alerti18n.language.pagestrings import ui
    from alerti18n.language.profiles import digits_of

    day = dt.date(2023, 9, 22)
    for lang in ("fa", "ar_EG", "ar"):  # languages with shipped page strings
        system = Locale.parse(lang).default_numbering_system
        digits = digits_of(system) if system != "latn" else "0123456789"
        text = ui(lang, "published", publisher="X", date=day)
        assert digits[2] * 1 in text and digits[3] in text, (lang, text)
        others = set("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹০১২৩৪৫৬৭৮৯") - set(digits)
        assert not others & set(text), (lang, text)
