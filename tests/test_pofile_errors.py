"""pofile: every malformed input is a PoFileError naming the file, the line and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS_PO
from hypothesis import given, settings
from hypothesis import strategies as st

from alerti18n.errors import PoFileError
from alerti18n.pofile import parse_po, read_po

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
    "no-header": ('msgid "a"\nmsgstr "x"\n', 1, "no header entry", "add a header"),
    "no-charset": (
        'msgid ""\nmsgstr "Language: fr\\n"\n',
        1,
        "no Content-Type charset",
        "charset=UTF-8",
    ),
    "unknown-charset": (
        HEADER.replace("UTF-8", "KLINGON-8"),
        1,
        "unknown charset 'KLINGON-8'",
        "UTF-8",
    ),
    "invalid-utf8": (None, 7, "invalid UTF-8 at line 7", "re-save"),
    "empty": ("", None, "empty file", "header"),
    "blank": ("\n \n", None, "empty file", "header"),
    "nul": (HEADER + '\nmsgid "a\0"\nmsgstr ""\n', 6, "NUL bytes", "right file"),
    "mo-file": (None, None, "compiled .mo file", "msgunfmt"),
    "plural-index": (
        HEADER + PLURAL + '\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
        'msgstr[2] "z"\n',
        7,
        "msgstr[2] given, but the header's Plural-Forms says nplurals=2",
        "remove msgstr[2]",
    ),
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


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), _mutations()))
def test_fuzz_only_pofileerror_escapes(data: bytes) -> None:
    try:
        po = parse_po(data, Path("fuzz.po"))
    except PoFileError as err:
        assert err.path == Path("fuzz.po") and err.message and err.hint
        return
    from alerti18n.pofile import format_po

    try:
        out = format_po(po)
    except PoFileError:
        return
    assert format_po(parse_po(out, Path("fuzz.po"))) == out
