"""pofile: every malformed input is a PoFileError naming the file, the line and a fix.

These are the tests of the strict reader that ``read_po`` runs: its lexer
``alerti18n.po._lex``, its grammar ``alerti18n.po._parse`` and its decoder
``alerti18n.po._decode``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.tools import CORPUS_PO, msgfmt_check, require_shared

from alerti18n.core.errors import PoFileError
from alerti18n.po.pofile import format_po, parse_po, read_po

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n'
PLURAL = '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
VALID = (
    HEADER + PLURAL + '\n#: a.c:1\n#, c-format\nmsgid "one %d"\nmsgid_plural "many %d"\n'
    'msgstr[0] "un %d"\nmsgstr[1] "des %d"\n\nmsgctxt "menu"\nmsgid "Open"\nmsgstr "Ouvrir"\n'
    '\n#~ msgid "old"\n#~ msgstr "vieux"\n'
)

CASES = {
    "unterminated": (HEADER + '\nmsgid "abc\nmsgstr "x"\n', 6, "unterminated string", "close"),
    "bad-escape": (HEADER + '\nmsgid "a\\q"\nmsgstr "x"\n', 6, "invalid escape", "backslash"),
    "stray-line": (HEADER + '\nmsgid "a"\nhello world\nmsgstr "x"\n', 7, "unexpected text", "line"),
    "text-after-string": (HEADER + '\nmsgid "a" b\nmsgstr "x"\n', 6, "unexpected text", "quotes"),
    "duplicate": (
        HEADER + '\nmsgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n',
        9,
        "duplicate entry: msgid 'a' is already defined at line 6",
        "merge",
    ),
    "duplicate-ctxt": (
        HEADER + '\nmsgctxt "m"\nmsgid "a"\nmsgstr ""\n\nmsgctxt "m"\nmsgid "a"\nmsgstr ""\n',
        11,
        "duplicate entry",
        "msgctxt",
    ),
    "no-header-non-ascii": (
        'msgid "a"\nmsgstr "caf\u00e9"\n',
        2,
        "non-ASCII text at line 2, but no header entry declares the charset",
        "add a header",
    ),
    "no-charset-non-ascii": (
        'msgid ""\nmsgstr "Language: fr\\n"\n\n# note\nmsgid "a"\nmsgstr "\u00e9"\n',
        6,
        "non-ASCII text at line 6",
        "charset=UTF-8",
    ),
    "unknown-charset": (
        HEADER.replace("UTF-8", "KLINGON-8"),
        1,
        "unknown charset 'KLINGON-8'",
        "UTF-8",
    ),
    "non-portable-charset": (HEADER.replace("UTF-8", "utf8"), 1, "unknown charset 'utf8'", "UTF-8"),
    "charset-placeholder-in-po": (
        HEADER.replace("UTF-8", "CHARSET"),
        1,
        "unknown charset 'CHARSET'",
        "charset=UTF-8",
    ),
    "invalid-utf8": (None, 7, "invalid UTF-8 at line 7", "re-save"),
    "nul": (HEADER + '\nmsgid "a\0"\nmsgstr ""\n', 6, "NUL bytes", "right file"),
    "mo-file": (None, 1, "compiled .mo file", "msgunfmt"),
    "plural-order": (
        HEADER + '\nmsgid "a"\nmsgid_plural "b"\nmsgstr[1] "x"\n',
        8,
        "out of order",
        "msgstr",
    ),
    "missing-msgstr": (
        HEADER + '\nmsgid "a"\n\nmsgid "b"\nmsgstr ""\n',
        8,
        "second msgid",
        "msgstr",
    ),
    "msgid-at-eof": (HEADER + '\nmsgid "a"\n', 6, "msgid without msgstr", 'msgstr ""'),
    "comment-inside": (
        HEADER + '\nmsgid "a"\n# note\nmsgstr ""\n',
        7,
        "comment line inside",
        "move",
    ),
    "mixed-obsolete": (HEADER + '\n#~ msgid "a"\nmsgstr ""\n', 7, "inconsistent use of #~", "#~"),
    "eot": (HEADER + '\nmsgid "a\\004b"\nmsgstr ""\n', 6, "U+0004", "remove"),
    "msgctxt-without-msgid": (
        HEADER + '\nmsgctxt "a"\nmsgstr "x"\n',
        7,
        "msgctxt without",
        "msgid",
    ),
    "msgstr-index-without-plural": (
        HEADER + '\nmsgid "a"\nmsgstr[0] "x"\n',
        7,
        "msgstr[N] without msgid_plural",
        "msgid_plural",
    ),
    "domain-without-name": (
        HEADER + '\ndomain\nmsgid "a"\nmsgstr ""\n',
        6,
        "domain without a quoted string",
        'domain "..."',
    ),
    "junk-after-entry": (
        HEADER + '\nmsgid "a" msgstr "b" }\n',
        6,
        "unexpected text '}'",
        "comment",
    ),
    "continuation-without-prefix": (
        HEADER + '\n#| msgid "a"\n"b"\nmsgid "c"\nmsgstr ""\n',
        7,
        "quoted string without a keyword",
        "continuation",
    ),
    "bad-previous": (
        HEADER + '\n#| msgfoo "a"\nmsgid "a"\nmsgstr ""\n',
        6,
        "previous-string",
        "#|",
    ),
}


def _bytes(name: str, text: str | None) -> bytes:
    if name == "invalid-utf8":
        return (HEADER + '\n# ok\nmsgid "caf\xe9"\nmsgstr ""\n').encode("latin-1")
    if name == "mo-file":
        return b"\xde\x12\x04\x95" + bytes(24)
    assert text is not None
    return text.encode("utf-8")


@pytest.mark.parametrize("name", list(CASES), ids=list(CASES))
def test_malformed_input_is_explained(name: str, tmp_path: Path) -> None:
    text, line, message, hint = CASES[name]
    path = tmp_path / f"{name}.po"
    path.write_bytes(_bytes(name, text))
    with pytest.raises(PoFileError) as info:
        read_po(path)
    err = info.value
    assert err.path == path
    assert err.line == line
    assert message in err.message
    assert err.hint and hint in err.hint
    shown = str(err)
    assert shown.startswith(f"{path}:{line}: " if line else f"{path}: ")


@pytest.mark.parametrize(
    ("text", "charset", "before_header"),
    [
        ("вход", "UTF-8", False),
        ("دخول", "UTF-8", False),
        ("вход", "CP1251", False),
        ("вход", "UTF-8", True),
    ],
    ids=["cyrillic", "arabic", "cp1251", "before-header"],
)
def test_quoted_text_is_decoded_with_the_files_charset(
    text: str, charset: str, before_header: bool, tmp_path: Path
) -> None:
    """Issue 11: the offending text was quoted as mojibake ('Ð²Ñ…')."""
    header = HEADER.replace("UTF-8", charset)
    stray = f'{text} "b"\n'
    body = stray + header if before_header else header + '\nmsgid "a"\n' + stray
    path = tmp_path / "fr.po"
    path.write_bytes(body.encode(charset))
    with pytest.raises(PoFileError) as info:
        read_po(path)
    assert f"unexpected text '{text} \"b\"'" in info.value.message
    assert info.value.line == (1 if before_header else 7)


def test_extra_plural_forms_are_refused_in_a_project_catalog(tmp_path: Path) -> None:
    """msgcat accepts msgstr[2] under nplurals=2, msgfmt --check does not: a catalog must not."""
    path = tmp_path / "fr.po"
    path.write_text(
        HEADER + PLURAL + '\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
        'msgstr[2] "z"\n'
    )
    assert len(read_po(path)) == 1
    with pytest.raises(PoFileError) as info:
        read_po(path, expect_language="fr")
    assert info.value.line == 7
    assert "msgstr[2] given, but the header's Plural-Forms says nplurals=2" in info.value.message
    assert "remove msgstr[2]" in (info.value.hint or "")


def test_charset_placeholder_in_a_template(tmp_path: Path) -> None:
    """Like msgcat: a .pot may keep charset=CHARSET if it is ASCII; a .po may not."""
    pot = tmp_path / "doc.pot"
    pot.write_text(HEADER.replace("UTF-8", "CHARSET") + '\n# caf\u00e9\nmsgid "a"\nmsgstr ""\n')
    assert [e.msgid for e in read_po(pot)] == ["a"]
    pot.write_text(HEADER.replace("UTF-8", "CHARSET") + '\nmsgid "caf\u00e9"\nmsgstr ""\n')
    with pytest.raises(PoFileError) as info:
        read_po(pot)
    assert info.value.line == 6 and "non-ASCII text at line 6" in info.value.message


@pytest.mark.parametrize(
    "text", ["", "\n \n", "# only a comment\n"], ids=["empty", "blank", "comment"]
)
def test_a_file_without_entries_is_an_empty_catalog(text: str, tmp_path: Path) -> None:
    """msgcat accepts these and writes nothing; a catalog of the project needs its header."""
    path = tmp_path / "empty.po"
    path.write_text(text)
    po = read_po(path)
    assert len(po) == 0 and po.metadata == {}
    assert format_po(po) == b""
    with pytest.raises(PoFileError) as info:
        read_po(path, expect_language="fr")
    assert info.value.line == 1 and "msgid" in (info.value.hint or "")


def test_a_project_catalog_needs_its_header(tmp_path: Path) -> None:
    """A header-less file reads (fmt, compendia), but not as one language's catalog."""
    path = tmp_path / "fr.po"
    path.write_text('msgid "a"\nmsgstr "b"\n')
    assert [e.msgstr for e in read_po(path)] == ["b"]
    with pytest.raises(PoFileError) as info:
        read_po(path, expect_language="fr")
    assert (info.value.path, info.value.line) == (path, 1)
    assert info.value.message == 'no header entry (msgid "")'
    assert "alerti18n update" in (info.value.hint or "")


@pytest.mark.parametrize("marker", ["<<<<<<< HEAD", "=======", ">>>>>>> feature"])
def test_git_conflict_markers(marker: str, tmp_path: Path) -> None:
    lines = VALID.splitlines()
    lines.insert(9, marker)
    path = tmp_path / "fr.po"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(PoFileError) as info:
        read_po(path)
    assert "unresolved git merge conflict" in info.value.message
    assert info.value.line == 10 and "line 10" in info.value.message
    assert "resolve the conflict" in (info.value.hint or "")


def test_wrong_language(tmp_path: Path) -> None:
    path = tmp_path / "hy.po"
    path.write_text(VALID)
    assert read_po(path, expect_language="fr")
    assert read_po(path, expect_language="FR")
    with pytest.raises(PoFileError) as info:
        read_po(path, expect_language="hy")
    assert "Language: fr" in info.value.message and info.value.line == 1
    assert "move the file" in (info.value.hint or "") and "fix the header" in info.value.hint


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(PoFileError, match="cannot read"):
        read_po(tmp_path / "missing.po")


def test_tolerated_real_world_oddities() -> None:
    """Empty extra plural forms (Launchpad) and obsolete duplicates (Weblate) still load."""
    require_shared()
    read_po(CORPUS_PO / "hy--GalliumOS--update-manager--hy.po")
    read_po(CORPUS_PO / "fr--searxng--searxng--messages.po")
    data = (HEADER + 'msgid "a"\nmsgstr "x"\n\n#~ msgid "a"\n#~ msgstr "y"\n').encode()
    assert len(parse_po(data, Path("x.po"))) == 2


def _mutations() -> st.SearchStrategy[bytes]:
    base = VALID.encode()

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        data = bytearray(base)
        for _ in range(draw(st.integers(1, 4))):
            pos = draw(st.integers(0, len(data)))
            kind = draw(st.sampled_from(["insert", "delete", "replace"]))
            chunk = draw(
                st.sampled_from(
                    [
                        b'"',
                        b"\\",
                        b"\n",
                        b"#~ ",
                        b"#| ",
                        b"msgid ",
                        b"\x00",
                        b"\xff",
                        b"msgstr[3] ",
                        b"<<<<<<< ",
                        b"\r",
                        b"#",
                    ]
                )
            )
            if kind == "insert":
                data[pos:pos] = chunk
            elif kind == "delete":
                del data[pos : pos + draw(st.integers(1, 10))]
            else:
                data[pos : pos + len(chunk)] = chunk
        return bytes(data)

    return mutate()


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), _mutations()))
def test_fuzz_only_pofileerror_escapes(data: bytes) -> None:
    try:
        po = parse_po(data, Path("fuzz.po"))
    except PoFileError as err:
        assert err.path == Path("fuzz.po") and err.message and err.hint
        return
    from alerti18n.po.pofile import format_po

    try:
        out = format_po(po)
    except PoFileError:
        return
    assert format_po(parse_po(out, Path("fuzz.po"))) == out


def test_update_names_the_catalog_whose_charset_cannot_hold_the_text(
    basic_project: Path,
) -> None:
    """Issue 11: ``update`` on a CP1251 catalog failed without naming the file.

    The template brings Armenian text (glossary notes) that CP1251 cannot hold;
    the error names the catalog and the line of its charset, and nothing is written.
    """
    project = basic_project
    path = project / "locales" / "fr" / "field-hospital.po"
    text = path.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=CP1251")
    path.write_bytes(text.encode("cp1251", "replace"))
    msgfmt_check(path)
    before = path.read_bytes()
    charset_line = before[: before.index(b"charset=CP1251")].count(b"\n") + 1
    exe = Path(sys.executable).parent / "alerti18n"
    result = subprocess.run(
        [exe, "update", "--lang", "fr", "--project", str(project)], capture_output=True, text=True
    )
    assert result.returncode == 2, result.stderr
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert f"{path}:{charset_line}: " in message
    assert "cannot be written in charset CP1251" in message and "charset=UTF-8" in message
    assert path.read_bytes() == before
