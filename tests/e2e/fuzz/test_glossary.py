"""Fuzzing the glossary reader (``language.glossary.load_glossary``): CSV, a column per language.

Seeds are the basic fixture's glossary and a few CSV shapes (quoted cells with commas and line
breaks, a byte-order mark, CRLF); the tokens are CSV's own. Any bytes either give a glossary
or are refused with one line naming the file and line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from support.fuzzing import fuzz_settings, mutants, parses_or_refuses
from support.projects import BASIC

from alerti18n.core.errors import AlertI18nError
from alerti18n.language.glossary import load_glossary

SEEDS = [
    (BASIC / "locales" / "glossary.csv").read_bytes(),
    b'\xef\xbb\xbfen,fr,note\r\n"a, b","c ""d""",x\r\n"two\nlines",deux,\r\n',
    b"en,hy,fr,severity\nconvoy,\xd5\xb7\xd5\xa1\xd6\x80\xd5\xa1\xd5\xbd\xd5\xb5\xd5\xb8\xd6\x82\xd5\xab,convoi,warning\n",
]
TOKENS = [
    b",",
    b'"',
    b'""',
    b"\n",
    b"\r\n",
    b"\r",
    b"\x00",
    b"\xff",
    b"en",
    b"fr",
    b"hy",
    b"note",
    b"severity",
    b"error",
    b"warning",
    b"\t",
    b";",
    b"\xef\xbb\xbf",
    b"'",
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-glossary")


@given(data=mutants(SEEDS, TOKENS))
@example(data=b"en,fr\n\x80")  # invalid UTF-8 named no line before
@fuzz_settings(200)
def test_any_csv_loads_or_is_refused_with_file_and_line(workdir: Path, data: bytes) -> None:
    path = workdir / "glossary.csv"
    path.write_bytes(data)
    result = parses_or_refuses(lambda: load_glossary(path, "en", ["en", "hy", "fr"]), path)
    if not isinstance(result, AlertI18nError):
        assert all(term.source and term.source == term.source.strip() for term in result.terms)
