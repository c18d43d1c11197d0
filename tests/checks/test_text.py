"""whitespace, unchanged, length and doubled-words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.tools import REPO

from alerti18n.checks.testing import fails, findings, passes
from alerti18n.language.glossary import load_glossary

GLOSSARY = load_glossary(REPO / "locales" / "glossary.csv")
EN = "There are unconfirmed reports of atrocities and massacres."
FR = "Des informations non confirmées font état d’atrocités et de massacres."
HY = "Կան չհաստատված հաղորդումներ վայրագությունների և ջարդերի մասին։"


def test_whitespace():
    assert passes("whitespace", EN, FR)
    assert passes("whitespace", " " + EN, " " + HY, "hy")
    assert fails("whitespace", EN, " " + FR)
    assert fails("whitespace", EN, FR + " ")
    [finding] = findings("whitespace", EN, FR.replace("font état", "font  état"))
    assert "double space" in finding.message
    assert passes("whitespace", EN.replace(" of", "  of"), FR.replace(" et", "  et"))


def test_unchanged():
    assert fails("unchanged", EN, EN, "fr")
    assert fails("unchanged", EN, EN, "hy")
    assert passes("unchanged", EN, FR, "fr")
    assert passes("unchanged", "Ilham Aliyev", "Ilham Aliyev", "fr", glossary=GLOSSARY)
    assert passes("unchanged", "SOS", "SOS", "fr")
    assert passes("unchanged", "https://www.lemkininstitute.com", "https://www.lemkininstitute.com")


def test_length():
    assert passes("length", EN, FR)
    assert passes("length", EN, HY, "hy")
    [short] = findings("length", EN, "Des rumeurs.")
    assert "nothing was left out" in short.message and short.severity == "warning"
    [long] = findings("length", EN, " ".join([FR] * 3))
    assert "added or repeated" in long.message
    assert passes("length", "Act now.", "Agissez.")


EN_LONG = (
    "The Lemkin Institute calls for an immediate humanitarian pause so that aid can reach "
    "the civilians who remain in Artsakh."
)
#: Correct translations, far shorter in characters than the English (about 31%, 36%, 52%).
CJK = {
    "zh": (
        "莱姆金研究所呼吁立即实行人道主义暂停，使援助能够送达仍留在阿尔察赫的平民。",
        "有关于暴行和屠杀的未经证实的报道。",
        "莱姆金研究所呼吁停火。",  # truncated: the humanitarian pause and the aid are gone
    ),
    "ja": (
        "レムキン研究所は、アルツァフに残る民間人に援助が届くよう、即時の人道的休止を求めている。",
        "残虐行為や虐殺に関する未確認の報告がある。",
        "レムキン研究所は停戦を求めている。",
    ),
    "ko": (
        "렘킨 연구소는 아르차흐에 남아 있는 민간인들에게 구호품이 전달될 수 있도록 즉각적인 "
        "인도적 교전 중단을 촉구한다.",
        "잔학 행위와 학살에 대한 확인되지 않은 보도가 있다.",
        "렘킨 연구소는 휴전을 촉구한다.",
    ),
}


@pytest.mark.parametrize("lang", sorted(CJK))
def test_length_ratio_comes_from_the_script(lang):
    long, short, truncated = CJK[lang]
    assert passes("length", EN_LONG, long, lang)
    assert passes("length", EN, short, lang)
    [finding] = findings("length", EN_LONG, truncated, lang)
    assert "nothing was left out" in finding.message and f"en→{lang}" in finding.message
    # the upper bound follows too: three copies of the sentence are still under twice the
    # English length in characters, but far over the usual length for the language
    [finding] = findings("length", EN_LONG, " ".join([long] * 3), lang)
    assert "added or repeated" in finding.message


def test_doubled_words():
    assert passes("doubled-words", EN, FR)
    [finding] = findings("doubled-words", EN, FR.replace("de massacres", "de de massacres"))
    assert "“de de”" in finding.message
    assert fails("doubled-words", EN, HY.replace("և", "և և"), "hy")
    assert passes("doubled-words", "We must act.", "Nous nous devons d’agir.")
    assert passes("doubled-words", "Slowly, they left.", "Կամաց կամաց հեռացան։", "hy")


def test_no_word_break_between_two_joined_characters():
    """ICU's word rules never break between two JOINED characters, nor between any two
    characters that case-fold to one (the quick test of doubled words relies on it)."""
    import sys

    import icu

    from alerti18n.checks.text import JOINED

    joined = set(JOINED)
    folding = [c for c in map(chr, range(sys.maxunicode + 1)) if c.casefold() in joined]
    for lang in ("root", "fr", "sv", "fi", "de", "ja", "th", "hy"):
        iterator = icu.BreakIterator.createWordInstance(icu.Locale(lang))
        for first in folding:
            for second in folding:
                iterator.setText(first + second)
                assert not iterator.isBoundary(1), (lang, first, second)


_TEXTS = st.text(
    st.sampled_from(list("aAbBéÉßſKkİıi ’'-.,0123９日本語ไทย\u0301\u00a0\t")), max_size=40
) | st.lists(st.sampled_from(["le", "Le", "l’eau", "eau", "3", "ß", "SS", "日本", "ไทย"]),
             max_size=8).map(" ".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_the_quick_test_never_misses_a_doubled_word(text):
    from alerti18n.checks.text import _maybe_doubled

    for lang in ("fr", "ja", "th"):
        if _doubled_slowly(text, lang):
            assert _maybe_doubled(text)


def _doubled_slowly(text: str, lang: str) -> list[str]:
    """_doubled without its quick test."""
    from alerti18n.language.breaks import word_spans

    spans = word_spans(text, lang)
    return [
        text[s1:e1]
        for (s1, e1), (s2, e2) in zip(spans, spans[1:], strict=False)
        if text[s1:e1].casefold() == text[s2:e2].casefold()
        and text[e1:s2].isspace()
        and any(c.isalpha() for c in text[s1:e1])
    ]
