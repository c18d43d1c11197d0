"""The glossary: every target form, longest-first matching, names versus common words, bad files.

(The shipped glossary's own content is checked in tests/e2e/test_shipped_alert.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.projects import BASIC

from alerti18n.core.config import Project
from alerti18n.core.errors import ConfigError
from alerti18n.language.glossary import (
    MAX_CELL,
    Glossary,
    Term,
    _read_carefully,
    load_glossary,
    project_glossary,
)

NESTED = """\
en,fr,note
Relief Network,Réseau de secours,short form
water point,point d'eau,
Coastal Relief Network,Réseau de secours côtier,full name
"""


def test_a_fixture_glossary_has_every_target_form_longest_first() -> None:
    glossary = load_glossary(BASIC / "locales" / "glossary.csv")
    assert glossary.terms
    for term in glossary.terms:
        assert set(term.forms) == {"hy", "fr"}, term.source
    lengths = [len(term.source) for term in glossary.terms]
    assert lengths == sorted(lengths, reverse=True)


def test_longest_term_wins_and_is_not_repeated_by_a_shorter_one(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(NESTED, encoding="utf-8")
    glossary = load_glossary(path)
    text = "The Coastal Relief Network opens a water point; the Relief Network will run it."
    found = [term.source for term in glossary.find(text)]
    assert found == ["Coastal Relief Network", "Relief Network", "water point"]
    only_long = [t.source for t in glossary.find("The Coastal Relief Network.")]
    assert only_long == ["Coastal Relief Network"]


def test_names_match_case_sensitively_common_words_do_not(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("en,fr,note\nArtsakh,Artsakh,name\ngenocide,génocide,\n", encoding="utf-8")
    glossary = load_glossary(path)
    assert [t.source for t in glossary.find("Genocide in artsakh")] == ["genocide"]
    assert [t.source for t in glossary.find("Artsakhians")] == []  # whole words only
    assert glossary.find("Artsakh")[0].note == "name"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"fr,hy\nx,y\n", 1, "no 'en' column"),
        (b"en,fr\nArtsakh,Artsakh\n,vide\n", 3, "empty source term"),
        (b"en,fr\n\xff\xfe,x\n", 2, "not valid UTF-8"),
    ],
)
def test_bad_glossary_names_the_file_and_line(
    tmp_path: Path, content: bytes, line: int | None, message: str
) -> None:
    path = tmp_path / "glossary.csv"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as info:
        load_glossary(path)
    assert info.value.path == path and info.value.line == line
    assert message in info.value.message and info.value.exit_code == 2


def test_no_glossary_is_an_empty_one() -> None:
    assert load_glossary(None, "fr").terms == ()


def _every_term(glossary: Glossary, text: str) -> list[Term]:
    """``Glossary.find`` as it was: every term's pattern tried on the text."""
    found: list[Term] = []
    taken: list[tuple[int, int]] = []
    for term in glossary.terms:
        for match in term.pattern().finditer(text):
            span = match.span()
            if any(s <= span[0] and span[1] <= e for s, e in taken):
                continue
            taken.append(span)
            if term not in found:
                found.append(term)
    return found


_LETTERS = st.sampled_from(list("abkisSKIſKİıßẞσςΣµμ-. _(éÉ1"))


@settings(max_examples=300)
@given(
    st.lists(st.text(_LETTERS, min_size=1, max_size=6), min_size=1, max_size=8, unique=True),
    st.text(_LETTERS, max_size=40),
)
def test_find_tries_only_the_terms_that_can_occur(sources: list[str], text: str) -> None:
    """The indexed lookup finds what trying every term finds, case folding included."""
    terms = sorted((Term(s, {"fr": s}) for s in sources), key=lambda t: -len(t.source))
    glossary = Glossary(tuple(terms))
    assert glossary.find(text) == _every_term(glossary, text)
    for term in terms:  # and each term in a text of its own, in another case
        for variant in (term.source, term.source.upper(), term.source.lower()):
            assert glossary.find(f"x {variant} y") == _every_term(glossary, f"x {variant} y")


@settings(max_examples=300)
@given(st.data())
def test_find_on_texts_made_of_the_terms(data: st.DataObject) -> None:
    """Terms next to each other, overlapping, followed by digits, underscores, letters."""
    sources = data.draw(
        st.lists(st.text(_LETTERS, min_size=1, max_size=5), min_size=1, max_size=6, unique=True)
    )
    pieces = data.draw(
        st.lists(
            st.sampled_from(sources).map(lambda s: s.swapcase() if len(s) % 2 else s)
            | st.sampled_from([" ", "", "1", "_", "-", "a", ". "]),
            max_size=12,
        )
    )
    terms = sorted((Term(s, {"fr": s}) for s in sources), key=lambda t: -len(t.source))
    glossary = Glossary(tuple(terms))
    text = "".join(pieces)
    assert glossary.find(text) == _every_term(glossary, text)


def test_find_matches_as_finditer_does() -> None:
    """A term that overlaps itself matches as a regular expression's finditer reads it."""
    glossary = Glossary((Term("a-a", {}), Term("b", {}), Term("k", {}), Term("a", {})))
    for text in ("a-a-a", "b1 b_ b", "K k K", "a-a a-a-a-a"):
        assert glossary.find(text) == _every_term(glossary, text), text


def test_an_overlong_cell_is_one_error_naming_its_line(tmp_path: Path) -> None:
    """A cell past csv's own limit (128 KiB) or the glossary's cap names its row, no traceback."""
    path = tmp_path / "glossary.csv"
    huge = "x" * (200 * 1024)
    path.write_text(f'en,fr\nArtsakh,Artsakh\nwater,eau\nterm,"{huge}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_glossary(path)
    assert (info.value.path, info.value.line) == (path, 4)
    assert "longer than" in info.value.message and info.value.exit_code == 2
    path.write_text(f'en,fr\nwater,"{"y" * (MAX_CELL + 1)}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="longer than") as info:
        load_glossary(path)
    assert info.value.line == 2


def test_rows_are_numbered_by_their_first_line_past_quoted_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text('en,fr,note\nwater,eau,"two\nlines"\n,vide,\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="empty source term") as info:
        load_glossary(path)
    assert info.value.line == 4


def test_the_project_glossary_is_its_file_in_its_source_language(new_project: Project) -> None:
    glossary = new_project.glossary
    assert glossary is not None
    glossary.write_text("en,fr,note,severity\nAlert,Alerte,,\n", encoding="utf-8")
    found = project_glossary(new_project)
    assert found.source_language == new_project.source_language == "en"
    assert [(t.source, t.forms) for t in found.terms] == [("Alert", {"fr": "Alerte"})]
    glossary.write_text("fr,en\nAlerte,Alert\n", encoding="utf-8")
    assert project_glossary(new_project).terms[0].source == "Alert"  # read by its en column
    glossary.write_text("fr\nAlerte\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no 'en' column"):
        project_glossary(new_project)


_GOOD = st.sampled_from(["water", "Water", "eau", " point d'eau ", "warning", " Error ", "a, b"])
_CELLS = st.one_of(_GOOD, _GOOD, _GOOD, st.sampled_from(["", " ", "error!", "x" * 5000]))
_COLUMNS = st.sampled_from(["en", "fr", "hy", "note", "severity", "", " fr", "de"])


def _csv(rows: list[list[str]]) -> str:
    return "".join(",".join(f'"{c}"' if "," in c else c for c in row) + "\n" for row in rows)


@settings(max_examples=300)
@given(st.data())
def test_reading_in_bulk_gives_what_reading_row_by_row_gives(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """The same terms in the same order, or the same error on the same line, whatever the
    rows' lengths, blank rows, repeated columns, severities and cell lengths."""
    header = ["en", *data.draw(st.lists(_COLUMNS, max_size=4))]
    header = data.draw(st.permutations(header))
    width = st.integers(0, len(header) + 1) if data.draw(st.booleans()) else st.just(len(header))
    rows = [
        data.draw(st.lists(_CELLS, min_size=size, max_size=size))
        for size in data.draw(st.lists(width, max_size=8))
    ]
    path = tmp_path_factory.mktemp("g") / "glossary.csv"
    text = _csv([header, *rows])
    path.write_text(text, encoding="utf-8")
    try:
        careful: tuple[Term, ...] | ConfigError = _read_carefully(text, path, "en", None)
    except ConfigError as error:
        careful = error
    try:
        loaded: tuple[Term, ...] | ConfigError = tuple(load_glossary(path, "en").terms)
    except ConfigError as error:
        loaded = error
    if isinstance(careful, ConfigError):
        assert isinstance(loaded, ConfigError)
        assert (loaded.message, loaded.line) == (careful.message, careful.line)
    else:
        assert loaded == careful
        assert all(term.pattern() for term in careful)
