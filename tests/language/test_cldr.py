"""CLDR data from ICU: quotation marks and menu capitalisation, or None when ICU has none."""

from __future__ import annotations

import icu

from alerti18n.language.cldr import capitalise_for_menu, knows, quotation_marks


def test_quotation_marks_are_icus_delimiters() -> None:
    for lang in ("am", "de", "ja", "ru"):
        data = icu.LocaleData(lang)
        assert quotation_marks(lang) == "".join(data.getDelimiter(k) for k in range(4))
    assert quotation_marks("am")[:2] == "«»" and quotation_marks("ja")[:2] == "「」"


def test_a_language_icu_does_not_know_has_no_data() -> None:
    assert not knows("tlh") and quotation_marks("tlh") is None
    assert capitalise_for_menu("tlh") is None
    assert knows("fr_CA") and knows("pt-BR")


def test_menu_capitalisation_follows_cldr_context_transforms() -> None:
    assert capitalise_for_menu("fr") is True  # titlecase-firstword in uiListOrMenu
    assert capitalise_for_menu("ka") is None  # CLDR says nothing for Georgian
