"""pofile: msgcat-exact writing on synthetic entries, round trips, the write API.

These are also the tests of what ``write_po`` runs: gettext's entry and flag rules,
``alerti18n.po._write``; its line breaking, ``alerti18n.po._wrap``; and the line breaker's
pure-Python fallback ``alerti18n.po._uax14``, compared with libunistring.
"""

from __future__ import annotations

import codecs
import os
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.projects import DATA as TEST_DATA
from support.tools import msgfmt_check, require_tool

from alerti18n.po import _wrap
from alerti18n.po.pofile import (
    entry_domain,
    fmt_files,
    format_po,
    format_po_with,
    parse_po,
    read_po,
    write_po,
)

DATA = TEST_DATA / "pofile"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n'

FR_LONG = (
    "Le rapport du\u00a0« Lemkin Institute » — publié le 22\u202fseptembre\u00a02023 — appelle "
    "la communauté internationale à agir : voir https://www.lemkininstitute.com/single-post/"
    "sos-alert-artsakh-2 et l’annexe c/o ONU/CICR ; anticonstitutionnellement-interminable "
    "Nagorno-Karabakh\u00a0!"
)
HY_LONG = (
    "Լեմկինի ինստիտուտը՝ ցեղասպանության կանխարգելման համար, հրապարակում է «SOS "
    "ահազանգ — Արցախ\u00a0#2»-ը, որտեղ Ադրբեջանի գործողությունները Լեռնային Ղարաբաղում "
    "որակվում են որպես ցեղասպանական\u202f։ Տե՛ս https://example.org/hy/alerts/2023/09/22"
)
WORDS = [
    "word",
    "l’annexe",
    "«\u00a0guillemets\u00a0»",
    "—",
    "Nagorno-Karabakh",
    "c/o",
    "a/b/c",
    "https://example.org/a-very/long/path?x=1&y=2",
    "Արցախ",
    "ցեղասպանություն",
    "\u202f;",
    "x" * 90,
    "%s",
    "%(name)s",
    "{count}",
    "\\",
    '"quoted"',
    "tab\there",
    "line\n",
    "",
    "100\u00a0%",
    "—\u00a0",
    "ա-բ",
    "e.g.",
    "(parens)",
    "[brackets]",
    "!",
    "?",
]


def msgfmt_accepts(path: Path) -> bool:
    command = [require_tool("msgfmt"), "--check", "-o", os.devnull, str(path)]
    return subprocess.run(command, capture_output=True).returncode == 0


def msgcat_bytes(path: Path) -> bytes:
    result = subprocess.run([require_tool("msgcat"), str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout


def _q(text: str) -> str:
    """One unwrapped PO string, escaped the simple way (so msgcat does all the wrapping)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + out.replace("\t", "\\t").replace("\r", "\\r") + '"'


def unwrapped_po(entries: list[dict]) -> str:
    """A PO file with every string on one line, written independently of pofile."""
    blocks = [HEADER]
    for e in entries:
        lines = [("# " + c if c else "#") for c in e.get("comments", [])]
        if e.get("flags"):
            lines.append("#, " + ", ".join(e["flags"]))
        pre = "#~ " if e.get("obsolete") else ""
        if e.get("prev") is not None:
            lines.append(("#~| " if pre else "#| ") + "msgid " + _q(e["prev"]))
        if e.get("ctxt") is not None:
            lines.append(pre + "msgctxt " + _q(e["ctxt"]))
        lines.append(pre + "msgid " + _q(e["id"]))
        if e.get("plural") is not None:
            lines.append(pre + "msgid_plural " + _q(e["plural"]))
            for i, form in enumerate(e["forms"]):
                lines.append(pre + f"msgstr[{i}] " + _q(form))
        else:
            lines.append(pre + "msgstr " + _q(e["str"]))
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def assert_like_msgcat(tmp_path: Path, text: str) -> polib.POFile:
    src = tmp_path / "in.po"
    src.write_text(text, encoding="utf-8")
    po = read_po(src)
    assert format_po(po) == msgcat_bytes(src)
    again = parse_po(format_po(po), src)
    assert format_po(again) == format_po(po)
    return po


SYNTHETIC = [
    {"id": FR_LONG, "str": FR_LONG.upper()},
    {"id": HY_LONG, "str": HY_LONG, "ctxt": "alert " * 20},
    {"id": "short", "str": ""},
    {"id": "a\nb\n\nc", "str": "line one\nline two\n"},
    {"id": "ends with newline\n", "str": FR_LONG + "\n" + HY_LONG + "\n"},
    {"id": "x" * 200, "str": "y" * 76 + " " + "z" * 5},
    {
        "id": "%d file",
        "plural": "%d files",
        "forms": ["%d fichier", FR_LONG],
        "flags": ["c-format"],
    },
    {"id": "old " * 30, "str": "vieux " * 30, "obsolete": True, "ctxt": "ctx"},
    {"id": "fz", "str": "flou " * 20, "flags": ["fuzzy"], "prev": "previous " * 12},
    {"id": "o", "str": "p", "obsolete": True, "prev": "ancien " * 15, "flags": ["fuzzy"]},
    {"id": "nw " * 40, "str": "nowrap " * 20, "flags": ["no-wrap"]},
    {"id": 'q"uo\\te\t' * 12, "str": "\\" * 90, "comments": ["", "  indented", FR_LONG]},
]


def test_synthetic_entries_match_msgcat(tmp_path: Path) -> None:
    assert_like_msgcat(tmp_path, unwrapped_po(SYNTHETIC))


def test_golden_file_without_gettext() -> None:
    """Same check against msgcat output stored in tests/data, for machines without gettext."""
    po = read_po(DATA / "wrap-cases.po")
    assert format_po(po) == (DATA / "wrap-cases.expect.po").read_bytes()


def test_golden_file_is_current(tmp_path: Path) -> None:
    assert msgcat_bytes(DATA / "wrap-cases.po") == (DATA / "wrap-cases.expect.po").read_bytes()


def test_fallback_breaker_agrees_with_libunistring_on_synthetic_text() -> None:
    for text in [FR_LONG, HY_LONG, *WORDS, " ".join(WORDS) * 3]:
        for prefix in ("", "#~ ", "#| "):
            expected = _wrap.wrap_string("msgstr", text, prefix)
            assert (
                _wrap.wrap_string("msgstr", text, prefix, breaker=_wrap.FALLBACK_BREAKER)
                == expected
            )


_WRAP_CHARS = list("ab cd.,;:-()[]{}/%?!'$17\\\"\n\t\r\x0b") + list(
    "«»\u00a0\u202f–—…éԱբգ։՝և中文\u0301\u200b\u2028\x85\u00ad\U0001f600"
)


def _charset_and_text(charset: str) -> st.SearchStrategy[tuple[str, str]]:
    """Text of characters ``charset`` can hold: anything else is refused before wrapping."""
    held = [c for c in _WRAP_CHARS if c.encode(charset, errors="replace").decode(charset) == c]
    return st.tuples(st.just(charset), st.text(alphabet=st.sampled_from(held), max_size=300))


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(
    case=st.sampled_from(["UTF-8", "EUC-JP"]).flatmap(_charset_and_text),
    prefix=st.sampled_from(["", "#~ ", "#| "]),
    width=st.sampled_from([79, 40, 20]),
    wrap=st.booleans(),
)
def test_fast_libunistring_path_equals_the_unit_by_unit_one(
    case: tuple[str, str], prefix: str, width: int, wrap: bool
) -> None:
    """The whole-string wrapper gives the lines of the reference, unit-by-unit wrapper."""
    if _wrap.BREAKER is _wrap.FALLBACK_BREAKER:
        if os.environ.get("CI") == "true":
            pytest.fail("libunistring (installed with gettext) is not loadable")
        pytest.skip("libunistring is not loadable here; the fast path is never used")
    charset, text = case
    args = ("msgstr", text, prefix, width, wrap, charset)
    reference = _wrap._wrap_string(*args, breaker=_wrap.BREAKER)
    assert _wrap._wrap_with_libunistring(*args) == reference


def like_msgcat(tmp_path: Path, data: bytes, name: str = "in.po") -> polib.POFile:
    """Read ``data`` and check that writing it back gives msgcat's bytes, which msgfmt accepts."""
    src = tmp_path / name
    src.write_bytes(data)
    po = read_po(src)
    ours = format_po(po)
    assert ours == msgcat_bytes(src)
    if msgfmt_accepts(src):
        out = tmp_path / ("out" + src.suffix)
        out.write_bytes(ours)
        msgfmt_check(out)
    assert format_po(parse_po(ours, src)) == ours
    return po


def test_catalog_without_header_stays_without(tmp_path: Path) -> None:
    """xgettext output, msgmerge inputs and compendia often have no header: an ASCII one is fine."""
    po = like_msgcat(tmp_path, b'#: a.c:1\nmsgid "Open"\nmsgstr "Ouvrir"\n\nmsgid "b"\nmsgstr ""\n')
    assert po.metadata == {} and [e.msgid for e in po] == ["Open", "b"]
    assert not format_po(po).startswith(b'msgid ""')


def test_header_in_the_middle_stays_there(tmp_path: Path) -> None:
    text = 'msgid "a"\nmsgstr "b"\n\n' + HEADER + '\nmsgid "c"\nmsgstr "\u00e7"\n'
    po = like_msgcat(tmp_path, text.encode())
    assert po.metadata["Language"] == "fr" and [e.msgid for e in po] == ["a", "c"]
    assert po[1].msgstr == "\u00e7"


def test_one_line_entries(tmp_path: Path) -> None:
    text = (
        HEADER
        + '\nmsgid "a" msgstr "b"\n'
        + 'msgctxt "m" msgid "c" "d" msgstr "e"\n'
        + 'msgid "one" msgid_plural "many" msgstr[0] "un" msgstr [ 1 ] "des" # note\n'
        + 'msgid\n"f"\nmsgstr\n"g"\n'
        + '#~ msgid "old" msgstr "vieux"\n'
    )
    po = like_msgcat(tmp_path, text.encode())
    assert [(e.msgctxt, e.msgid, e.obsolete) for e in po] == [
        (None, "a", False),
        ("m", "cd", False),
        (None, "one", False),
        (None, "f", False),
        (None, "old", True),
    ]
    assert po[2].msgstr_plural == {0: "un", 1: "des"} and po[3].tcomment == "note"


def test_domains_are_kept(tmp_path: Path) -> None:
    text = (
        HEADER
        + '\nmsgid "a"\nmsgstr "b"\n\n# dropped, as msgcat drops it\ndomain "other"\n\n'
        + HEADER.replace("fr", "de")
        + '\nmsgid "a"\nmsgstr "c"\n\ndomain "messages"\n\nmsgid "d"\nmsgstr "e"\n'
    )
    po = like_msgcat(tmp_path, text.encode())
    assert [(entry_domain(e), e.msgid, e.msgstr) for e in po if e.msgid] == [
        ("messages", "a", "b"),
        ("other", "a", "c"),
        ("messages", "d", "e"),
    ]
    assert b"dropped" not in format_po(po)


def test_backslash_at_the_end_of_a_line_joins_the_next(tmp_path: Path) -> None:
    """gettext joins lines at a backslash-newline everywhere, even in a comment."""
    text = HEADER + '\n# see \\\nmsgid "a" msgstr "b"\nmsgid "c"\nmsgstr "d\\\ne"\n'
    po = like_msgcat(tmp_path, text.encode())
    assert [(e.tcomment, e.msgid, e.msgstr) for e in po] == [
        ('see msgid "a" msgstr "b"', "c", "de")
    ]


def test_flags_are_read_as_gettext_reads_them(tmp_path: Path) -> None:
    """Flags split at spaces and commas; only the last #, line counts; normalised as msgcat does."""
    text = (
        HEADER
        + '\n#, fuzzy, python-format\n#, c-format possible-sh-format,range: 1..03\nmsgid "a %d"\n'
        + 'msgstr "b %d"\n\n#, fuzzy, wrap, impossible-c-format, no-python-format, '
        + 'no-ellipsis-unicode-check\nmsgid "c"\nmsgstr "d"\n\n#, fuzzy\nmsgid "e"\nmsgstr ""\n'
    )
    po = like_msgcat(tmp_path, text.encode())
    assert "fuzzy" not in po[0].flags and "fuzzy" in po[2].flags
    assert b"#, c-format, sh-format, range: 1..3\n" in format_po(po)


def test_obsolete_entry_without_translation_is_dropped_unless_commented(tmp_path: Path) -> None:
    text = HEADER + '\n#~ msgid "a"\n#~ msgstr ""\n\n# note\n#~ msgid "b"\n#~ msgstr ""\n'
    src = tmp_path / "in.po"
    src.write_text(text)
    ours = format_po(read_po(src)).decode()
    assert '"a"' not in msgcat_bytes(src).decode() and '"a"' not in ours
    assert ours.endswith('\n# note\n#~ msgid "b"\n#~ msgstr ""\n')


PRINTF_DIRECTIVES = {
    "c": "%- 5d",
    "python": "%(a b)s",
    "awk": "% d",
    "tcl": "%1$ d",
    "elisp": "% d",
    "librep": "% d",
    "javascript": "% 5d",
    "php": "%1$ 5d",
    "perl": "%- 5d",
    "ruby": "%- 5d",
}


def test_no_break_inside_a_format_directive(tmp_path: Path) -> None:
    """gettext never breaks a line inside a directive, even after a space flag ("% d")."""
    entries = [
        {"id": f"{'x' * pad} {directive} files and more words here to wrap", "str": ""}
        | {"flags": [f"{lang}-format"], "ctxt": lang}
        for lang, directive in PRINTF_DIRECTIVES.items()
        for pad in range(56, 78)
    ]
    assert_like_msgcat(tmp_path, unwrapped_po(entries))


# Characters whose last byte is a backslash in these charsets (glibc and Python agree).
DOUBLE_BYTE_SAMPLES = {
    "BIG5": "\u8a31\u529f\u84cb\u4e48",
    "BIG5-HKSCS": "\u8a31\u529f\u84cb\u4e48",
    "CP950": "\u8a31\u529f\u84cb\u4e48",
    "GBK": "\u4e57\u4fd3\u50dc",
    "GB18030": "\u4e57\u4fd3\u50dc",
    "SHIFT_JIS": "\u30bd\u30d5\u30c8\u8868\u793a\u80fd\u529b\u4e88",
    "CP932": "\u30bd\u30d5\u30c8\u8868\u793a\u80fd\u529b\u4e88",
    "JOHAB": "\uaca6\ub13e",
}


@pytest.mark.parametrize("charset", list(DOUBLE_BYTE_SAMPLES))
def test_double_byte_charsets_whose_second_byte_is_a_backslash(
    charset: str, tmp_path: Path
) -> None:
    """The comment is not on the first entry: there gettext still lexes it as single bytes."""
    sample = DOUBLE_BYTE_SAMPLES[charset]
    codec = codecs.lookup(charset).name
    assert sum(ch.encode(codec).endswith(b"\\") for ch in sample) >= 2
    assert sample[-1].encode(codec).endswith(b"\\")
    msgstr = f'{sample} "{sample}" \\ {sample}\n' + " ".join([sample] * 12)
    escaped = msgstr.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    text = HEADER.replace("UTF-8", charset) + f'\nmsgid "a"\nmsgstr "{escaped}"\n'
    text += f'\n# {sample}\nmsgid "b"\nmsgstr "{sample}"\n'
    po = like_msgcat(tmp_path, text.encode(codec))
    assert [(e.tcomment, e.msgstr) for e in po] == [("", msgstr), (sample, sample)]


def test_references_wrap_at_79_columns(tmp_path: Path) -> None:
    refs = " ".join(f"./src/module_{i}/file_with_long_name.c:{i * 17}" for i in range(12))
    text = HEADER + f'\n#: {refs}\n#: a.c b.c:x\nmsgid "r"\nmsgstr "s"\n'
    po = assert_like_msgcat(tmp_path, text)
    assert ("a.c", "") in po[0].occurrences and ("b.c:x", "") in po[0].occurrences


@pytest.mark.parametrize("charset", ["UTF-8", "ISO-8859-1"])
def test_references_read_and_wrapped_as_msgcat_does(charset: str, tmp_path: Path) -> None:
    """Spaces around the colon, no line number, duplicates, ./ prefixes, non-ASCII names."""
    names = [f"src/d\u00e9j\u00e0_{i}/file.c" for i in range(8)]
    refs = " ".join(f"{name}:{i}" for i, name in enumerate(names))
    text = (
        HEADER.replace("UTF-8", charset)
        + f"\n#: {refs}\n#: a.c : 2 b.c: 3 ./c.c:4 d.c My File.c:007 a.c:2 e.c:1 :5 f:\n"
        + "#: "
        + " ".join(["README"] * 30)
        + '\nmsgid "r"\nmsgstr "s"\n'
    )
    po = like_msgcat(tmp_path, text.encode(charset))
    occurrences = po[0].occurrences
    assert occurrences[8:14] == [
        ("a.c", "2"),
        ("b.c", "3"),
        ("./c.c", "4"),
        ("d.c", ""),
        ("My", ""),
        ("File.c", "7"),
    ]
    assert ("e.c:1", "5") in occurrences and ("f:", "") in occurrences
    assert occurrences.count(("README", "")) == 1


def test_flags_are_canonical_but_unknown_ones_kept(tmp_path: Path) -> None:
    text = HEADER + '\n#, python-format, badformat,c-format, fuzzy\nmsgid "f"\nmsgstr "g"\n'
    src = tmp_path / "f.po"
    src.write_text(text)
    assert "#, fuzzy, c-format, python-format, badformat\n" in format_po(read_po(src)).decode()


# ---------------------------------------------------------------- hypothesis ---

_text = st.one_of(
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04"), max_size=120
    ),
    st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=25).map("".join),
)
_comment = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60
).filter(lambda c: not c.startswith((",", ":", ".", "|", "~")) and not c.endswith("\\"))


@st.composite
def _entries(draw: st.DrawFn) -> list[dict]:
    result = []
    for index in range(draw(st.integers(1, 4))):
        entry: dict = {
            "id": draw(_text) + f" #{index}",
            "comments": draw(st.lists(_comment, max_size=2)),
        }
        if draw(st.booleans()):
            entry["ctxt"] = draw(_text)
        if draw(st.booleans()):
            entry["plural"] = draw(_text)
            entry["forms"] = [draw(_text), draw(_text)]
        else:
            entry["str"] = draw(_text)
        entry["obsolete"] = draw(st.integers(0, 4)) == 0
        if entry["obsolete"]:
            entry.setdefault("forms", ["x", "y"])
            if "str" in entry:
                entry["str"] = entry["str"] or "x"
            entry["forms"][0] = entry["forms"][0] or "x"
        if draw(st.booleans()):
            entry["prev"] = draw(_text)
        entry["flags"] = draw(
            st.lists(
                st.sampled_from(["c-format", "no-wrap", "python-format"]), max_size=2, unique=True
            )
        )
        if draw(st.booleans()) and (entry.get("str") or (entry.get("forms") or [""])[0]):
            entry["flags"].append("fuzzy")
        result.append(entry)
    return result


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_entries())
def test_random_entries_match_msgcat(tmp_path: Path, entries: list[dict]) -> None:
    po = assert_like_msgcat(tmp_path, unwrapped_po(entries))
    assert len(po) == len(entries)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(_entries())
def test_random_entries_round_trip(entries: list[dict]) -> None:
    data = unwrapped_po(entries).encode()
    po = parse_po(data, Path("x.po"))
    again = parse_po(format_po(po), Path("x.po"))
    assert len(again) == len(po)
    for a, b in zip(sorted(po, key=lambda e: e.obsolete), again, strict=True):
        assert (a.msgctxt, a.msgid, a.msgid_plural, a.msgstr, a.msgstr_plural, a.tcomment) == (
            b.msgctxt,
            b.msgid,
            b.msgid_plural,
            b.msgstr,
            b.msgstr_plural,
            b.tcomment,
        )
        assert (a.previous_msgid, a.obsolete, sorted(a.flags)) == (
            b.previous_msgid,
            b.obsolete,
            sorted(b.flags),
        )


# ---------------------------------------------------------------- write API ---


def test_write_po_is_change_aware_and_atomic(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Project-Id-Version": "t", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Hello", msgstr="Բարեւ", tcomment="mt: x\nreviewed: y"))
    path = tmp_path / "hy.po"
    assert write_po(po, path, root=tmp_path) is True
    assert write_po(po, path, root=tmp_path) is False
    text = path.read_text()
    assert text.startswith('msgid ""\nmsgstr ""\n"Project-Id-Version: t\\n"\n')
    assert '# mt: x\n# reviewed: y\nmsgid "Hello"\n' in text
    assert [p.name for p in tmp_path.iterdir()] == ["hy.po"]


def test_edited_metadata_is_written(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_text(HEADER + '\nmsgid "a"\nmsgstr "b"\n')
    po = read_po(path)
    po.metadata["PO-Revision-Date"] = "2024-01-01 00:00+0000"
    write_po(po, path)
    assert '"PO-Revision-Date: 2024-01-01 00:00+0000\\n"' in path.read_text()


REDATED = {
    "header first": HEADER + '\nmsgid "a"\nmsgstr "b"\n',
    "header with comments and flags": "# Title\n# Copyright\n#, fuzzy\n"
    + HEADER
    + '\nmsgid "a"\nmsgstr "b"\n',
    "header in the middle": 'msgid "a"\nmsgstr "b"\n\n' + HEADER + '\nmsgid "c"\nmsgstr "d"\n',
    # an entry with a context and the header's very lines: only the block of its own is the header
    "header lines in an entry": 'msgctxt "x"\n'
    + HEADER
    + "\n"
    + HEADER
    + '\nmsgid "a"\nmsgstr "b"\n',
    "another domain": HEADER + '\nmsgid "a"\nmsgstr "b"\n\ndomain "other"\n\n' + HEADER,
    "latin-1": HEADER.replace("UTF-8", "ISO-8859-1") + '\nmsgid "a"\nmsgstr "\u00e7a"\n',
    "no header": 'msgid "a"\nmsgstr "b"\n',
}


@pytest.mark.parametrize("text", REDATED.values(), ids=REDATED.keys())
def test_a_changed_header_field_gives_what_formatting_again_gives(text: str) -> None:
    """``format_po_with`` (the header written again) against the whole catalog written again."""
    encoding = "latin-1" if "ISO-8859-1" in text else "utf-8"
    po = parse_po(text.encode(encoding), Path("fr.po"))
    data = format_po(po)
    changed = format_po_with(po, data, "PO-Revision-Date", "2026-12-07 18:00+0000")
    assert changed == format_po(po)
    assert b"PO-Revision-Date: 2026-12-07 18:00+0000" in changed
    assert changed.count(b"PO-Revision-Date: 2026-12-07 18:00+0000") == 1


@pytest.mark.parametrize(
    "path", sorted(TEST_DATA.parent.glob("roots/*/locales/*/*.po")), ids=lambda p: p.parent.name
)
def test_a_changed_date_in_the_fixture_catalogs(path: Path) -> None:
    po = read_po(path)
    changed = format_po_with(po, format_po(po), "PO-Revision-Date", "2030-01-01 00:00+0000")
    assert changed == format_po(po) and b"2030-01-01 00:00+0000" in changed


def test_fmt_files_check_and_write(tmp_path: Path) -> None:
    good = tmp_path / "good.po"
    messy = tmp_path / "messy.po"
    good.write_text(HEADER + '\nmsgid "a"\nmsgstr "b"\n')
    messy.write_bytes(
        (HEADER + f'\nmsgid {_q(FR_LONG)}\nmsgstr ""\n').replace("\n", "\r\n").encode()
    )
    assert fmt_files([good, messy], check=True) == [messy]
    before = messy.read_bytes()
    assert messy.read_bytes() == before
    assert fmt_files([good, messy]) == [messy]
    assert fmt_files([good, messy], check=True) == []
    assert b"\r" not in messy.read_bytes()


def test_fmt_files_takes_catalogs_without_header(tmp_path: Path) -> None:
    """xgettext output and compendia: fmt rewrites them as msgcat would, adding no header."""
    path = tmp_path / "compendium.po"
    path.write_text(f'#: a.c:1\nmsgid {_q("x " * 50)} msgstr "y"\n')
    assert fmt_files([path]) == [path]
    assert path.read_bytes() == msgcat_bytes(path)
    assert fmt_files([path], check=True) == []


def test_fmt_files_validates_all_before_writing(tmp_path: Path) -> None:
    from alerti18n.core.errors import PoFileError

    messy = tmp_path / "a.po"
    broken = tmp_path / "b.po"
    messy.write_text(HEADER + f'\nmsgid {_q(FR_LONG)}\nmsgstr ""\n')
    broken.write_text(HEADER + '\nmsgid "a\nmsgstr "b"\n')
    before = messy.read_bytes()
    with pytest.raises(PoFileError):
        fmt_files([messy, broken])
    assert messy.read_bytes() == before
