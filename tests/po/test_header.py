"""alerti18n.po.header: the author line and date stamps of every header alerti18n writes, and
the one quick header reader."""

from __future__ import annotations

import gettext
import time
from pathlib import Path

import polib
import pytest

from alerti18n.po.header import HEADER_AUTHOR, header_field, now_stamp, singular_forms


def test_the_stamp_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1695340800")
    assert now_stamp() == time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(1695340800))


def test_the_stamp_is_the_clock_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime())
    stamp = now_stamp()
    after = time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime())
    assert stamp in {before, after}


def test_no_invented_person_in_headers() -> None:
    assert HEADER_AUTHOR == "alerti18n contributors"


def test_header_fields_are_read_from_the_header_entry_only() -> None:
    data = (
        b'# A comment\nmsgid ""\nmsgstr ""\n"Project-Id-Version: Relief \\"North\\" alert\\n"\n'
        b'"POT-Creation-Date: 2024-03-05 10:00+0000\\n"\n'
        b'"Content-Type: text/plain; charset=ISO-8859-1\\n"\n"X-Note: caf\xe9\\n"\n\n'
        b'msgid "POT-Creation-Date: 1999"\nmsgstr ""\n'
    )
    assert header_field(data, "Project-Id-Version") == 'Relief "North" alert'
    assert header_field(data, "POT-Creation-Date") == "2024-03-05 10:00+0000"
    assert header_field(data, "X-Note") == "café"  # in the charset the header declares
    assert header_field(data, "Language") is None
    assert header_field(b'msgid "x"\nmsgstr "y"\n', "Language") is None


def test_a_template_whose_date_alone_differs_keeps_its_bytes(tmp_path: Path) -> None:
    """What the header reader serves in catalog.template: an unchanged template is not
    rewritten for its creation date."""
    from alerti18n.catalog.template import template_bytes
    from alerti18n.po.pofile import format_po

    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {"POT-Creation-Date": "2024-03-05 10:00+0000", "MIME-Version": "1.0"}
    pot.append(polib.POEntry(msgid="Stay inside.", msgstr=""))
    path = tmp_path / "alert.pot"
    path.write_bytes(format_po(pot))
    pot.metadata["POT-Creation-Date"] = "2030-01-01 00:00+0000"
    assert template_bytes(pot, path.read_bytes()) == path.read_bytes()


@pytest.mark.parametrize(
    ("lang", "one_only"),
    [("en", True), ("fr", True), ("hy", True), ("ar", True), ("ru", False), ("ja", False)],
)
def test_the_singular_takes_the_forms_that_serve_one_thing(lang: str, one_only: bool) -> None:
    """CLDR's rule through Babel: the form of n = 1 is the singular's where it serves only
    one thing (Russian's also serves 21, Japanese has one form for every number)."""
    from babel import Locale
    from babel.messages.plurals import get_plural

    plural = get_plural(Locale.parse(lang))
    forms = singular_forms(f"nplurals={plural.num_plurals}; plural={plural.plural_expr};")
    rule = gettext.c2py(plural.plural_expr)
    assert forms == ({rule(1)} if one_only else set())


def test_no_readable_rule_gives_none() -> None:
    assert singular_forms("") is None
    assert singular_forms("nplurals=2; plural=n +;") is None
    assert singular_forms("nplurals=2; plural=(n / 0);") is None
