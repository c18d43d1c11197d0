"""The inline lexer: typed markup spans of real Markdown inline text."""

from __future__ import annotations

from alerti18n import inline
from alerti18n.inline import lex


def kinds(text: str, directives: bool = False) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in lex(text, directives)]


def test_code_spans_bind_tighter_than_links_and_urls() -> None:
    text = "Run `[x](y) https://a.example` and ``a ` b`` then stop."
    assert kinds(text) == [
        (inline.CODE, "`[x](y) https://a.example`"),
        (inline.CODE, "``a ` b``"),
    ]


def test_link_opener_closer_and_target_leave_the_link_text_as_words() -> None:
    text = 'See [the *report*](https://ex.org/r_(1).pdf "Report") now.'
    spans = lex(text)
    assert [(s.kind, text[s.start : s.end]) for s in spans] == [
        (inline.LINK_OPEN, "["),
        (inline.LINK_CLOSE, '](https://ex.org/r_(1).pdf "Report")'),
    ]
    start, end = spans[1].target or (0, 0)
    assert text[start:end] == 'https://ex.org/r_(1).pdf "Report"'


def test_image_and_reference_links_and_nested_brackets() -> None:
    text = "![a [b] c](img.png) and [ref text][r1] but [not a link]."
    assert kinds(text) == [
        (inline.IMAGE_OPEN, "!["),
        (inline.LINK_CLOSE, "](img.png)"),
        (inline.LINK_OPEN, "["),
        (inline.LINK_CLOSE, "][r1]"),
    ]
    assert lex(text)[3].target is None  # a reference closer has no destination


def test_autolinks_html_tags_and_bare_addresses() -> None:
    text = "Mail <ops@ex.org> or see <https://ex.org/a>, <b>bold</b>, www.ex.org/x. Or a@b.org!"
    assert kinds(text) == [
        (inline.AUTOLINK, "<ops@ex.org>"),
        (inline.AUTOLINK, "<https://ex.org/a>"),
        (inline.HTML, "<b>"),
        (inline.HTML, "</b>"),
        (inline.URL, "www.ex.org/x"),  # the sentence's full stop is not part of it
        (inline.EMAIL, "a@b.org"),
    ]


def test_hard_break_and_directives() -> None:
    text = "First line\\\nsecond {{ site.name }} line"
    assert kinds(text) == [(inline.BREAK, "\\\n")]
    assert kinds(text, directives=True) == [
        (inline.BREAK, "\\\n"),
        (inline.DIRECTIVE, "{{ site.name }}"),
    ]


def test_plain_prose_has_no_spans_and_unclosed_markup_is_text() -> None:
    assert lex("The 1,350 people fled on 19 September 2023.") == []
    assert lex("An unclosed `tick, a lone ] and 3 < 4 > 2.") == []


def test_checks_mask_the_lexers_markup_and_keep_link_text() -> None:
    from alerti18n.checks._util import find_urls, mask, words

    text = 'Read [the `rules`](https://ex.org/r "R") at <b>www.ex.org/faq</b>, `www.no.org`.'
    masked = mask(text, fill="#")
    assert len(masked) == len(text)
    assert masked.startswith("Read [the ") and "](###" in masked
    assert "rules" not in masked and "<b>" not in masked
    assert find_urls(text) == ["www.ex.org/faq"]  # not the link target, not the code span
    assert words(text) == ["Read", "the", "at"]


def _kinds_words(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in inline.lex(text, True, words=True)]


def test_words_mode_finds_what_hides_words_from_a_reader() -> None:
    text = 'Press <kbd>Ctrl</kbd> &amp; <!-- note --> see <a title="`x`">here</a> `a\\\nb`.'
    assert _kinds_words(text) == [
        (inline.ELEMENT, "<kbd>Ctrl</kbd>"),
        (inline.ENTITY, "&amp;"),
        (inline.COMMENT, "<!-- note -->"),
        (inline.HTML, '<a title="`x`">'),
        (inline.HTML, "</a>"),
        (inline.CODE, "`a\\\nb`"),
    ]


def test_words_mode_ends_an_address_in_link_text_at_the_closer() -> None:
    text = "[https://example.org/](https://example.org/)"
    assert _kinds_words(text) == [
        (inline.LINK_OPEN, "["),
        (inline.URL, "https://example.org/"),
        (inline.LINK_CLOSE, "](https://example.org/)"),
    ]
