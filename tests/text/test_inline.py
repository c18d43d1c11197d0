"""The inline lexer: typed markup spans of real Markdown inline text (and, through
``visible_text()``, ``alerti18n.text._emphasis``'s CommonMark emphasis pairing)."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from support.testdata import COMMONMARK_SPEC
from support.tools import require_testdata

from alerti18n.text import inline
from alerti18n.text.inline import lex


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


# One lexer for everything: CommonMark's reading where the old per-module regexes misread it.


def test_the_leftmost_construct_wins_as_in_commonmark() -> None:
    # a backtick inside a tag's attribute opens no code span; an autolink holds its backtick
    assert kinds('<a href="`">`') == [(inline.HTML, '<a href="`">')]
    assert kinds("<https://foo.bar.`baz>`") == [(inline.AUTOLINK, "<https://foo.bar.`baz>")]
    # a code span may hold a hard break's backslash and newline: it is code there
    assert kinds("`code\\\nspan`") == [(inline.CODE, "`code\\\nspan`")]
    # a run of three backticks is not closed by a run of two
    assert kinds("```foo``") == []


def test_backslash_escapes_open_nothing() -> None:
    text = "\\`not code` \\<br/> \\[not a link](/foo) a\\\\\nb"
    assert kinds(text) == []  # the escaped backslash before the newline makes no hard break
    assert kinds("[link \\[bar](/uri)") == [
        (inline.LINK_OPEN, "["),
        (inline.LINK_CLOSE, "](/uri)"),
    ]


def test_raw_html_is_tags_comments_and_processing_instructions() -> None:
    text = 'a <!-- x > y --> b <?php echo "<"; ?> c <![CDATA[>&<]]> d <a title="x>y">'
    assert [k for k, _ in kinds(text)] == [inline.HTML] * 4
    assert [t for _, t in kinds(text)][0] == "<!-- x > y -->"
    assert _kinds_words("<!-- a -->")[0][0] == inline.COMMENT  # the reader's view names them


def test_link_closers_as_commonmark_reads_them() -> None:
    for text, closer in [
        ("[a](foo(and(bar)))", "](foo(and(bar)))"),  # balanced parentheses
        ("[a](foo\\)\\:)", "](foo\\)\\:)"),  # escapes
        ("[a](   /uri\n  'title'  )", "](   /uri\n  'title'  )"),  # spaces, title in quotes
        ("[a](/url (title))", "](/url (title))"),  # title in parentheses
        ("[a](</my uri>)", "](</my uri>)"),  # a destination in <...> is no tag
    ]:
        assert kinds(text) == [(inline.LINK_OPEN, "["), (inline.LINK_CLOSE, closer)], text
    for text in ("[a](<b)c", "[a](b c d)", "[foo][ref[]", "[a](<foo\\>)"):
        assert not [k for k, _ in kinds(text) if k == inline.LINK_CLOSE], text
    # a link holds no link; an image may
    assert [k for k, _ in kinds("[[a](b)](c)")] == [inline.LINK_OPEN, inline.LINK_CLOSE]
    assert [k for k, _ in kinds("![a [b](c)](d)")] == [
        inline.IMAGE_OPEN,
        inline.LINK_OPEN,
        inline.LINK_CLOSE,
        inline.LINK_CLOSE,
    ]


def _addresses(text: str) -> list[str]:
    return [t for k, t in kinds(text) if k in (inline.URL, inline.EMAIL)]


def test_one_rule_for_bare_addresses() -> None:
    assert _addresses("See https://en.wikipedia.org/wiki/Foo_(bar), (or www.ex.org/a).") == [
        "https://en.wikipedia.org/wiki/Foo_(bar)",  # balanced parentheses stay
        "www.ex.org/a",  # the closing one that opens nothing does not
    ]
    assert _addresses("«https://ex.org/a» “www.ex.org”, Կայք՝ https://ex.am։") == [
        "https://ex.org/a",
        "www.ex.org",
        "https://ex.am",  # Armenian full stop trails it
    ]
    assert _addresses("open _http://127.0.0.1:7878_ and **mail a.b@ex.org**.") == [
        "http://127.0.0.1:7878",
        "a.b@ex.org",
    ]
    assert _addresses("[https://ex.org/](https://ex.org/) and `https://no.org`") == [
        "https://ex.org/"  # the link text's address, not the target or the code
    ]


def test_atomic_spans_are_markup_a_sentence_never_ends_inside() -> None:
    text = 'A `b. C` [d. E](f "g. H") <em>i. J</em> <!-- k. L --> {{ m. N }} [o. P] \\[q. R\\]'
    pieces = [text[s:e] for s, e in inline.atomic(text)]
    for whole in ("`b. C`", '[d. E](f "g. H")', "<em>i. J</em>", "<!-- k. L -->"):
        assert whole in pieces
    assert "{{ m. N }}" in pieces and "[o. P]" in pieces  # a reference may make it a link
    assert not [p for p in pieces if "q. R" in p]  # escaped brackets are text
    assert inline.atomic("No markup. None at all.") == []


def test_line_breaks_are_hard_soft_or_not_breaks() -> None:
    text = "one  \ntwo\\\nthree\n`four\nfive` <a\nhref=x> [l](u\n'v')\nsix\\\\\nseven"
    found = [(s.kind, text[s.start : s.end]) for s in inline.line_breaks(text)]
    assert found == [
        (inline.BREAK, "  \n"),
        (inline.BREAK, "\\\n"),
        (inline.SOFT_BREAK, "\n"),
        (inline.SOFT_BREAK, "\n"),  # after the link: its target's newline is no break
        (inline.SOFT_BREAK, "\n"),  # an escaped backslash makes no hard break
    ]
    assert inline.line_breaks("no newline") == []


def test_visible_text_is_what_a_reader_sees() -> None:
    assert (
        inline.visible_text("*tests* and _tests_ and **`code_x`**") == "tests and tests and code_x"
    )
    assert (
        inline.visible_text("snake_case, 2 * 3, a * b*, Note*")
        == "snake_case, 2 * 3, a * b*, Note*"
    )
    assert inline.visible_text("[text][ref], ![alt](i.png), [x](u 'T')") == "text, alt, x"
    assert inline.visible_text("\\*not\\* \\[x\\] a\\\nb") == "*not* [x] a\nb"
    assert (
        inline.visible_text("`` `a` `` [b] <b>c</b> https://x.org/a_b_")
        == "`a` [b] <b>c</b> https://x.org/a_b_"
    )
    assert inline.visible_text("*[foo*][ref]") == "*foo*"  # emphasis does not cross a link's text


def test_raw_html_finds_tags_wherever_a_renderer_may_read_them() -> None:
    def found(text: str) -> list[str]:
        return [text[s.start : s.end] for s in inline.raw_html(text)]

    assert found('a <img src="x<y" onerror=z> b') == ['<img src="x<y" onerror=z>']
    # in a link destination a backtick opens no code span, so the tag after it is HTML
    assert found("[x](`a) <script>`") == ["<script>"]
    assert found("\\<b> `<i>` <https://x.org>") == ["<i>", "<https://x.org>"]


def test_directives_are_found_everywhere() -> None:
    assert inline.directives("a {{ x }} `{{y}}`") == ["{{ x }}", "{{y}}"]


#: Spec examples where the lexer reads more raw HTML or autolinks than CommonMark does: it
#: takes any ``<`` letter ... ``>`` for a tag (MT protection and masking would rather take
#: too much), and is loose about autolinks' schemes and addresses.
OVER_READ = {493, 494, 602, 606, 609, 610, 619, 620, 621, 622, 624, 632}


@cache
def _markdown_it() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


def _code(raw: str) -> str:
    """A code span's content as CommonMark gives it (one space stripped each side)."""
    ticks = len(raw) - len(raw.lstrip("`"))
    inner = raw[ticks:-ticks].replace("\n", " ")
    return inner[1:-1] if inner[:1] == inner[-1:] == " " and inner.strip() else inner


def test_code_raw_html_and_autolinks_as_markdown_it_reads_the_spec() -> None:
    examples = json.loads(require_testdata(COMMONMARK_SPEC).read_text(encoding="utf-8"))
    differ = set()
    for example in examples:
        for token in _markdown_it().parse(example["markdown"]):
            if token.type != "inline":
                continue
            text = token.content
            want: Counter[tuple[str, str]] = Counter()
            for child in token.children or []:
                if child.type == "code_inline":
                    want[(inline.CODE, child.content)] += 1
                elif child.type == "html_inline":
                    want[(inline.HTML, child.content)] += 1
                elif child.type == "link_open" and child.markup == "autolink":
                    want[(inline.AUTOLINK, "")] += 1
            got: Counter[tuple[str, str]] = Counter()
            for span in lex(text):
                raw = text[span.start : span.end]
                if span.kind in (inline.CODE, inline.HTML, inline.AUTOLINK):
                    value = {inline.CODE: _code(raw), inline.HTML: raw}.get(span.kind, "")
                    got[(span.kind, value)] += 1
            if got != want:
                differ.add(example["example"])
    assert len(examples) == 652 and differ == OVER_READ


def test_the_checks_count_the_lexers_addresses() -> None:
    from alerti18n.checks._util import find_urls, mask

    text = "Voir https://fr.wikipedia.org/wiki/Haut-Karabagh_(région), «www.ex.org» ou a@b.org."
    assert find_urls(text) == [
        "https://fr.wikipedia.org/wiki/Haut-Karabagh_(région)",
        "www.ex.org",
        "a@b.org",
    ]
    assert mask(text).endswith(" .")  # the sentence's full stop is not the address's
    assert find_urls("Կայքը՝ https://ex.am։") == ["https://ex.am"]


def _reader_text(tokens: list) -> str:
    """What a reader sees of markdown-it's inline tokens (raw HTML and autolinks as written)."""
    out = []
    for token in tokens:
        if token.type in ("text", "code_inline", "html_inline"):
            out.append(token.content)
        elif token.type == "text_special":  # an escape shows its character, an entity itself
            out.append(token.content if token.info == "escape" else token.markup)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type in ("link_open", "link_close") and token.markup == "autolink":
            out.append("<" if token.type == "link_open" else ">")
        elif token.type == "image":
            out.append(_reader_text(token.children or []))
    return "".join(out)


#: Spec sections whose every example the visible text reads exactly as markdown-it does.
EXACT_SECTIONS = {
    "Code spans",
    "Emphasis and strong emphasis",
    "Hard line breaks",
    "Soft line breaks",
    "Textual content",
}


def test_visible_text_reads_emphasis_and_code_as_markdown_it() -> None:
    examples = json.loads(require_testdata(COMMONMARK_SPEC).read_text(encoding="utf-8"))
    checked = 0
    for example in (e for e in examples if e["section"] in EXACT_SECTIONS):
        for token in _markdown_it().parse(example["markdown"]):
            if token.type == "inline":
                want = " ".join(_reader_text(token.children or []).split())
                assert " ".join(inline.visible_text(token.content).split()) == want, example
                checked += 1
    assert checked >= 170


@given(st.text(alphabet=st.sampled_from("ab `<>[]()!*_{}\\&@:/.wW1^\n"), max_size=40))
def test_text_without_markup_characters_has_no_spans(text: str) -> None:
    """``may_hold_markup`` lets callers skip the lexer: where it says no, ``lex`` finds none."""
    if not inline.may_hold_markup(text):
        assert inline.lex(text, directives=True, words=True) == []


def test_footnote_references_are_markup_not_words_nor_links() -> None:
    text = "Nine months.[^1] See [the note](#n) and [^long-label], not [^ spaced]."
    assert kinds(text) == [
        (inline.FOOTNOTE, "[^1]"),
        (inline.LINK_OPEN, "["),
        (inline.LINK_CLOSE, "](#n)"),
        (inline.FOOTNOTE, "[^long-label]"),
    ]
    assert (4, 16) not in inline.atomic(text)  # a note reference never holds a sentence end
    assert any(s <= 12 and e >= 16 for s, e in inline.atomic(text))
    assert kinds("`[^1]` and \\[^2]") == [(inline.CODE, "`[^1]`")]
    assert inline.footnote_references("A.[^1] B.[^a] `[^c]` C.[^1]") == ["1", "a", "1"]
