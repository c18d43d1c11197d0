"""The term index: its case folding is the regular expression engine's, letter by letter, and
it finds what each term's pattern finds. (``Glossary.find`` on top of it is compared with
every term's pattern in tests/language/test_glossary.py.)"""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from alerti18n.language.termindex import TermIndex, fold, fold_letter, term_pattern

EVERY_LETTER = "".join(map(chr, range(sys.maxunicode + 1)))


def test_folding_a_text_folds_each_letter_as_ignorecase_does() -> None:
    """``fold`` (str.lower between two tables, in C) is ``fold_letter`` of every code point,
    so it keeps a text's length; and ``fold_letter`` takes two letters as equal exactly when
    ``re.IGNORECASE`` does, for the letters whose case differs."""
    assert fold(EVERY_LETTER) == "".join(map(fold_letter, EVERY_LETTER))
    for char in EVERY_LETTER:
        other = char.upper()
        if len(other) == 1 and other != char:
            same = term_pattern(char).fullmatch(other) is not None
            assert same == (fold_letter(char) == fold_letter(other)), hex(ord(char))


@settings(max_examples=300)
@given(st.text(st.sampled_from(list("ΣσςİIıiſsSKkK µΜμAa"))))
def test_folding_in_context_is_folding_letter_by_letter(text: str) -> None:
    """Greek final sigma is the one letter str.lower reads in context: σ and ς fold alike."""
    assert fold(text) == "".join(map(fold_letter, text))


def _by_patterns(sources: list[str], text: str) -> list[tuple[int, list[tuple[int, int]]]]:
    found = []
    for number, source in enumerate(sources):
        spans = [m.span() for m in term_pattern(source).finditer(text)]
        if spans:
            found.append((number, spans))
    return found


_PIECES = st.sampled_from(["fuze", "Fuze", "FUZE", "kadi", "ſuze", "Kadi", "lo", "1", "_", "é"])
_GLUE = st.sampled_from([" ", "  ", "-", ". ", "", "\n", "«"])
_TERMS = st.lists(st.lists(st.tuples(_GLUE, _PIECES), min_size=1, max_size=3), max_size=10)


@settings(max_examples=400)
@given(_TERMS, st.lists(st.tuples(_GLUE, _PIECES), max_size=14))
def test_the_index_finds_what_each_pattern_finds(terms: list, pieces: list) -> None:
    """Terms of one to three words sharing first words and heads, in both cases, some
    starting with no word; texts made of the same words."""
    sources = ["".join(a + b for a, b in term).strip() or "x" for term in terms]
    text = "".join(a + b for a, b in pieces)
    assert TermIndex(sources).matches(text) == _by_patterns(sources, text)
    for source in sources:
        assert TermIndex(sources).matches(f"({source})") == _by_patterns(sources, f"({source})")
