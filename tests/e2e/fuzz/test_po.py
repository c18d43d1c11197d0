"""Fuzzing the PO reader: ``po.pofile.read_po`` and the lexer, parser and decoder beneath it.

Inputs are the basic fixture's real catalogs and a few more seeds (plurals, contexts, obsolete
and previous entries, a Latin-1 catalog, line continuations), mutated byte by byte and with
PO's own tokens. Any bytes either parse or are refused with one line naming the file and line
(see ``support.fuzzing``); what parses can be written again and reads back the same (obsolete
entries last, as msgcat writes them).
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import example, given
from support.fuzzing import fuzz_settings, mutants, parses_or_refuses
from support.projects import BASIC

from alerti18n.core.errors import AlertI18nError
from alerti18n.po.pofile import format_po, parse_po, read_po

HEADER = (
    b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    b'"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
)
SEEDS = [path.read_bytes() for path in sorted((BASIC / "locales").rglob("*.po*"))] + [
    HEADER + b'msgctxt "menu"\nmsgid "File"\nmsgid_plural "Files"\n'
    b'msgstr[0] "Fichier"\nmsgstr[1] "Fichiers"\n',
    HEADER + b'#, fuzzy, c-format\n#| msgid "Old %d"\nmsgid "New %d"\nmsgstr "Neu %d"\n\n'
    b'#~ msgid "Gone"\n#~ msgstr "Parti"\n',
    HEADER.replace(b"UTF-8", b"ISO-8859-1") + b'msgid "caf\xe9"\nmsgstr "caf\xe9 cr\xe8me"\n',
    HEADER + b'msgid "a long "\n"line \\"quoted\\" \\n"\nmsgstr "une \\\n longue"\n',
]
TOKENS = [
    b'msgid "',
    b'msgstr "',
    b"msgstr[1] ",
    b"msgid_plural ",
    b"msgctxt ",
    b"#~ ",
    b"#| ",
    b"#, fuzzy\n",
    b'"',
    b"\\",
    b"\\\n",
    b"\n",
    b"\r",
    b"\t",
    b"\\x41",
    b"\\777",
    b"charset=",
    b"nplurals=",
    b"plural=",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xe9",
    b"<<<<<<< ",
    b"domain ",
]


def obsolete(entry: polib.POEntry) -> bool:
    return bool(entry.obsolete)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-po")


@given(data=mutants(SEEDS, TOKENS))
@example(data=b"\xde\x12\x04\x95")  # a .mo file's magic: refused with no line before
@fuzz_settings(300)
def test_any_bytes_parse_or_are_refused_with_file_and_line(workdir: Path, data: bytes) -> None:
    path = workdir / "fr.po"
    path.write_bytes(data)
    result = parses_or_refuses(lambda: read_po(path, expect_language="fr"), path)
    if not isinstance(result, AlertI18nError):
        written = parses_or_refuses(lambda: format_po(result), path)
        assert not isinstance(written, AlertI18nError), written.format_message()
        again = parse_po(written, path)  # obsolete entries come last, as msgcat writes them
        assert [(e.msgctxt, e.msgid, e.msgstr, e.obsolete) for e in again] == [
            (e.msgctxt, e.msgid, e.msgstr, e.obsolete) for e in sorted(result, key=obsolete)
        ]
