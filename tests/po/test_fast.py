"""The PO reader's fast path (alerti18n.po._fast) gives what the full reader gives, or nothing.

For every catalog at hand (the shared corpus, the fixtures, catalogs our writer writes from
generated entries, and those catalogs mutated line by line), the fast path either declines
(None) or returns entries equal, field by field and line numbers included, to the full
reader's; where the full reader refuses a file, the fast path declines it.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.projects import BASIC, DATA
from support.tools import CORPUS_PO, shared_files

from alerti18n.core.errors import PoFileError
from alerti18n.po import _decode, _fast
from alerti18n.po._lex import check_bytes
from alerti18n.po.pofile import format_po

FIELDS = (
    "msgid msgstr msgid_plural msgstr_plural msgctxt obsolete comment tcomment occurrences "
    "flags previous_msgctxt previous_msgid previous_msgid_plural linenum"
).split()


def _fields(entries: list[polib.POEntry]) -> list[dict]:
    return [
        {name: getattr(e, name) for name in FIELDS} | {"domain": _decode.domain_of(e)}
        for e in entries
    ]


def agree(data: bytes, path: Path = Path("x.po")) -> list[polib.POEntry] | None:
    """The fast path's entries for ``data`` (None if it declined), checked against the full
    reader's."""
    try:
        checked = check_bytes(data, path)
    except PoFileError:
        return None
    fast = _fast.parse(checked)
    try:
        full, _ = _decode.full_parse(checked, path)
    except PoFileError:
        assert fast is None, "the fast path read a file the full reader refuses"
        return None
    if fast is not None:
        assert _fields(fast) == _fields(full)
    return fast


@pytest.mark.needs_shared
@pytest.mark.parametrize("path", shared_files(CORPUS_PO, "*.po"), ids=lambda p: p.name)
def test_real_catalogs(path: Path) -> None:
    agree(path.read_bytes(), path)


def test_the_fixtures_take_the_fast_path() -> None:
    paths = sorted([*BASIC.glob("locales/*.pot"), *BASIC.glob("locales/*/*.po")])
    paths += sorted(DATA.glob("pofile/*.po"))
    assert len(paths) > 5
    for path in paths:
        assert agree(path.read_bytes(), path) is not None, path.name


TEXT = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00\x04"), max_size=30
) | st.sampled_from(["", "Stay inside.", 'a "quoted" word\\', "two\nlines\n", "\t tab"])


@st.composite
def catalogs(draw: st.DrawFn) -> bytes:
    """A catalog as our writer writes it, from generated entries of every kind."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    po.header = draw(st.sampled_from(["", "A header comment.", "two\nlines"]))
    seen = set()
    for _ in range(draw(st.integers(0, 6))):
        msgid = draw(TEXT.filter(bool))
        msgctxt = draw(st.none() | TEXT)
        if (msgctxt, msgid) in seen:
            continue
        seen.add((msgctxt, msgid))
        entry = polib.POEntry(msgid=msgid, msgctxt=msgctxt, obsolete=draw(st.booleans()))
        if draw(st.booleans()):
            entry.msgid_plural = draw(TEXT.filter(bool))
            entry.msgstr_plural = {0: draw(TEXT), 1: draw(TEXT)}
        else:
            entry.msgstr = draw(TEXT)
        entry.tcomment = draw(st.sampled_from(["", "note", "File: a.c, line: 3", "x\n"]))
        entry.comment = draw(st.sampled_from(["", "paragraph 1", "one\ntwo"]))
        entry.occurrences = draw(st.sampled_from([[], [("a.md", "3")], [("b c.md", "")]]))
        entry.flags = draw(st.sampled_from([[], ["fuzzy"], ["c-format", "no-wrap"]]))
        if "fuzzy" in entry.flags and draw(st.booleans()):
            entry.previous_msgid = draw(TEXT)
            entry.previous_msgctxt = draw(st.none() | TEXT)
        po.append(entry)
    return format_po(po)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_what_our_writer_writes(data: bytes) -> None:
    assert agree(data) is not None  # the form msgcat (and so our writer) writes


MUTATIONS = [
    lambda line: line + b" ",
    lambda line: b"  " + line,
    lambda line: line.replace(b'"', b'" "', 1),
    lambda line: line.replace(b" ", b"  ", 1),
    lambda line: line.replace(b"msgid", b"msgctxt", 1),
    lambda line: line.replace(b"msgstr", b"msgstr[1]", 1),
    lambda line: b"#~ " + line,
    lambda line: b"#| " + line,
    lambda line: line[3:],
    lambda line: line + b"\\",
    lambda line: line.replace(b"\\n", b"\\q", 1),
    lambda line: line.replace(b"\\n", b"\\012", 1),
    lambda line: b"",
    lambda line: b"# File: x.c, line: 12",
    lambda line: b"#, fuzzy, range: 1..3",
    lambda line: b'domain "other"',
    lambda line: line + b"\n",
    lambda line: line + b"\n" + line,
    lambda line: b"#, c-format\n" + line,
    lambda line: b"#: other.md:7\n" + line,
    lambda line: b"\xff" + line,
    lambda line: line.replace(b"UTF-8", b"ISO-8859-1"),
]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(), st.data())
def test_mutated_catalogs(data: bytes, choice: st.DataObject) -> None:
    lines = data.split(b"\n")
    for _ in range(choice.draw(st.integers(1, 3))):
        at = choice.draw(st.integers(0, len(lines) - 1))
        mutate = choice.draw(st.sampled_from(MUTATIONS))
        lines[at] = mutate(lines[at])
    agree(b"\n".join(lines))


TRICKY = b"""# A header comment.
#
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

# translator
#
#. extracted
#: a.md:1 b.md:2
#: a.md:1 c.md
# File: old.c, line:9
#, c-format
#, fuzzy, range: 1..5
#| msgctxt "was"
#| msgid "Old "
#| "text"
msgctxt "ctx"
msgid "New "
"text\\t\\"quoted\\"\\\\"
msgstr "Nouveau"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "Un fichier"
msgstr[1] ""
"%d fichiers"

#~ msgid "Gone"
#~ msgstr "Parti"

#, fuzzy
#~| msgid "Was gone"
#~ msgctxt "x"
#~ msgid "Gone "
#~ "too"
#~ msgstr "Parti aussi"
"""


def test_every_kind_of_line_as_the_full_reader_reads_it() -> None:
    entries = agree(TRICKY)
    assert entries is not None
    assert [e.linenum for e in entries] == [3, 20, 24, 30, 36]
    assert entries[1].flags == ["fuzzy", "range: 1..5"]  # the last flag line counts
    assert entries[1].occurrences == [("a.md", "1"), ("b.md", "2"), ("c.md", ""), ("old.c", "9")]


@given(
    msgid=st.text(max_size=5),
    msgstr=st.text(max_size=5),
    ctxt=st.none() | st.text(max_size=3),
    obsolete=st.booleans(),
    refs=st.lists(st.tuples(st.text(max_size=3), st.text(max_size=2)), max_size=2),
)
def test_new_entry_is_what_polibs_constructor_makes(
    msgid: str, msgstr: str, ctxt: str | None, obsolete: bool, refs: list[tuple[str, str]]
) -> None:
    fields = {"msgid": msgid, "msgstr": msgstr, "msgctxt": ctxt, "obsolete": obsolete}
    for given_fields in (fields, {**fields, "occurrences": refs, "linenum": 4}):
        made, reference = _fast.new_entry(**given_fields), polib.POEntry(**given_fields)
        assert made.__dict__ == reference.__dict__
        assert str(made) == str(reference)


def test_new_entries_share_no_list_or_dict() -> None:
    first, second = _fast.new_entry(msgid="a"), _fast.new_entry(msgid="b")
    first.flags.append("fuzzy")
    first.occurrences.append(("a.md", "1"))
    first.msgstr_plural[0] = "x"
    assert (second.flags, second.occurrences, second.msgstr_plural) == ([], [], {})
    assert polib.POEntry().flags == []


def test_new_entries_take_no_more_memory_than_polibs() -> None:
    """Their attributes set as the constructor sets them, entries share one key table."""
    import tracemalloc

    sizes = []
    for make in (polib.POEntry, _fast.new_entry):
        tracemalloc.start()
        made = [make(msgid="a", msgstr="b", occurrences=[("a.md", "1")]) for _ in range(2000)]
        sizes.append(tracemalloc.get_traced_memory()[0])
        tracemalloc.stop()
        del made
    assert sizes[1] <= sizes[0] * 1.05


#: The fixtures' catalogs, and the real translators' when ../shared is there (test_real_catalogs
#: above is the one that requires them).
CATALOGS = sorted(BASIC.parent.glob("*/locales/*/*.po")) + sorted(CORPUS_PO.glob("*.po"))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_runs_of_entries_read_on_their_own_are_the_catalog(path: Path) -> None:
    """read_in_slices + read_slice (each run read by a worker) give read_po's entries, with
    their lines, or say the catalog is for read_po (not plain, or refused)."""
    from alerti18n.core.errors import AlertI18nError
    from alerti18n.po.pofile import plural_count, read_in_slices, read_po, read_slice

    data = path.read_bytes()
    lang = path.name.split("--")[0] if "--" in path.name else path.parent.name  # (corpus: fr--…)
    try:
        whole = [e.__dict__ for e in read_po(path, expect_language=lang)]
    except AlertI18nError:
        whole = None
    for parts in (1, 3, 16):
        read = read_in_slices(data, path, lang, parts)
        if read is None:
            assert whole is None or _fast.parse(data) is None  # only read_po reads it
            continue
        header, slices = read
        runs = [read_slice(data, start, end, plural_count(header)) for start, end in slices]
        if any(run is None for run in runs):
            continue
        assert whole is not None
        assert [e.__dict__ for run in runs for e in run[0]] == whole, parts
