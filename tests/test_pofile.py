"""pofile: msgcat-exact writing on synthetic entries, round trips, the write API."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import require_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerti18n import _powrap
from alerti18n.pofile import fmt_files, format_po, parse_po, read_po, write_po

DATA = Path(__file__).parent / "data" / "pofile"
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
            expected = _powrap.wrap_string("msgstr", text, prefix)
            assert (
                _powrap.wrap_string("msgstr", text, prefix, breaker=_powrap.FALLBACK_BREAKER)
                == expected
            )


_WRAP_ALPHABET = st.sampled_from(
    list("ab cd.,;:-()[]{}/%?!'$17\\\"\n\t\r\x0b")
    + list("«»\u00a0\u202f–—…éԱբգ։՝և中文\u0301\u200b\u2028\x85\u00ad\U0001f600")
)


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet=_WRAP_ALPHABET, max_size=300),
    prefix=st.sampled_from(["", "#~ ", "#| "]),
    width=st.sampled_from([79, 40, 20]),
    wrap=st.booleans(),
    charset=st.sampled_from(["UTF-8", "EUC-JP"]),
)
def test_fast_libunistring_path_equals_the_unit_by_unit_one(
    text: str, prefix: str, width: int, wrap: bool, charset: str
) -> None:
    """The whole-string wrapper gives the lines of the reference, unit-by-unit wrapper."""
    if _powrap.BREAKER is _powrap.FALLBACK_BREAKER:
        if os.environ.get("CI") == "true":
            pytest.fail("libunistring (installed with gettext) is not loadable")
        pytest.skip("libunistring is not loadable here; the fast path is never used")
    args = ("msgstr", text, prefix, width, wrap, charset)
    reference = _powrap._wrap_string(*args, breaker=_powrap.BREAKER)
    assert _powrap._wrap_with_libunistring(*args) == reference


def test_references_wrap_at_79_columns(tmp_path: Path) -> None:
    refs = " ".join(f"./src/module_{i}/file_with_long_name.c:{i * 17}" for i in range(12))
    text = HEADER + f'\n#: {refs}\n#: a.c b.c:x\nmsgid "r"\nmsgstr "s"\n'
    po = assert_like_msgcat(tmp_path, text)
    assert ("a.c", "") in po[0].occurrences and ("b.c:x", "") in po[0].occurrences


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


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_entries())
def test_random_entries_match_msgcat(tmp_path: Path, entries: list[dict]) -> None:
    po = assert_like_msgcat(tmp_path, unwrapped_po(entries))
    assert len(po) == len(entries)


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


def test_fmt_files_validates_all_before_writing(tmp_path: Path) -> None:
    from alerti18n.errors import PoFileError

    messy = tmp_path / "a.po"
    broken = tmp_path / "b.po"
    messy.write_text(HEADER + f'\nmsgid {_q(FR_LONG)}\nmsgstr ""\n')
    broken.write_text(HEADER + '\nmsgid "a\nmsgstr "b"\n')
    before = messy.read_bytes()
    with pytest.raises(PoFileError):
        fmt_files([messy, broken])
    assert messy.read_bytes() == before
