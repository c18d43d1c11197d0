"""Sentence splitting: markup stays whole, Armenian full stops and closing quotes."""

from __future__ import annotations

from alerti18n.sentences import split_sentences


def pieces(text: str, lang: str = "en") -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


def test_english() -> None:
    assert pieces("Stay inside. Close the windows!  Listen.") == [
        "Stay inside.",
        "Close the windows!",
        "Listen.",
    ]


def test_markup_is_never_split() -> None:
    text = "Run `a. B` now. See [the map. Here](https://x.org/a. B) today."
    assert pieces(text) == ["Run `a. B` now.", "See [the map. Here](https://x.org/a. B) today."]


def test_armenian_ends_at_the_verjaket_not_the_full_stop() -> None:
    text = "Նա ասաց. «Մնացեք տանը»։ Փակեք պատուհանները։"
    assert pieces(text, "hy") == ["Նա ասաց. «Մնացեք տանը»։", "Փակեք պատուհանները։"]
