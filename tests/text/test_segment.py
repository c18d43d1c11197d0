"""Segmentation: sentence rules, inline markup, spans, what is never a msgid."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from support.projects import BASIC

from alerti18n.core.errors import SourceError
from alerti18n.text.segment import HARD_BREAK, hard_break_backslashes, normalise, parse_document
from alerti18n.text.sentences import SENTENCE_ENDS, split_sentences


def segments(text: str, lang: str = "en") -> list[str]:
    return [s.text for s in parse_document(Path("doc.md"), lang, text).segments]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "fr",
            "M. Dupont est arrivé le 3 sept. à Paris. Il a dit : « Non ! » Puis il est parti.",
            [
                "M. Dupont est arrivé le 3 sept. à Paris.",
                "Il a dit : « Non ! »",
                "Puis il est parti.",
            ],
        ),
        (
            "en",
            "Dr. Smith met the U.S. envoy. He left.",
            ["Dr. Smith met the U.S. envoy.", "He left."],
        ),
        ("en", "The crisis goes on. . Nothing else.", ["The crisis goes on. .", "Nothing else."]),
        ("hy", "Կան հաղորդումներ։ Ինչո՞ւ։", ["Կան հաղորդումներ։", "Ինչո՞ւ։"]),
    ],
    ids=["fr-abbreviations", "en-abbreviations", "stray-period", "hy-full-stop"],
)
def test_sentence_rules(lang: str, text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text, lang)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Նա ասաց. «Գնանք»։ Հետո գնաց։", ["Նա ասաց. «Գնանք»։", "Հետո գնաց։"]),
        ("Ասվում էր. Արցախը շրջափակված է։", ["Ասվում էր. Արցախը շրջափակված է։"]),
        ("Պրն. Պետրոսյանը եկավ։ Նա խոսեց։", ["Պրն. Պետրոսյանը եկավ։", "Նա խոսեց։"]),
        ("Ըստ զեկույցի (2023 թ.) Ադրբեջանը լռեց։", ["Ըստ զեկույցի (2023 թ.) Ադրբեջանը լռեց։"]),
        ("Ամսաթիվ՝ 2023 թ. սեպտեմբերի 22", ["Ամսաթիվ՝ 2023 թ. սեպտեմբերի 22"]),
        (
            "Նա գրեց. «Մենք այստեղ ենք։» Մյուսները լռեցին։",
            ["Նա գրեց. «Մենք այստեղ ենք։»", "Մյուսները լռեցին։"],
        ),
        ("Իսկ դու? Ես պատրաստ եմ!", ["Իսկ դու?", "Ես պատրաստ եմ!"]),
        ("Սպասեցինք… Ոչ ոք չեկավ։", ["Սպասեցինք…", "Ոչ ոք չեկավ։"]),
        ("Սպասեցինք... Ոչ ոք չեկավ։", ["Սպասեցինք...", "Ոչ ոք չեկավ։"]),
        ("Եվ այսպես… մինչև վերջ։", ["Եվ այսպես… մինչև վերջ։"]),
        ("Կոչվում է «Alert No. 2. Artsakh»։ Այո։", ["Կոչվում է «Alert No. 2. Artsakh»։", "Այո։"]),
        # ՞ and ՜ sit on the stressed word: a sentence end only before a capital or at the end
        ("Դու՞ ես գրել։", ["Դու՞ ես գրել։"]),
        ("Ինչո՞ւ Արամը չեկավ։", ["Ինչո՞ւ Արամը չեկավ։"]),
        ("Ավա՜ղ, ոչ ոք չօգնեց։", ["Ավա՜ղ, ոչ ոք չօգնեց։"]),
        ("Իսկ հետո՞ Մենք սպասում ենք։", ["Իսկ հետո՞", "Մենք սպասում ենք։"]),
        ("Ինչ ցավալի է սա՜ «Ոչ ոք» չեկավ։", ["Ինչ ցավալի է սա՜", "«Ոչ ոք» չեկավ։"]),
        ("Այո։ Ինչ ցավալի է սա՜", ["Այո։", "Ինչ ցավալի է սա՜"]),
    ],
    ids=[
        "mijaket-quote",
        "mijaket-capital",
        "abbreviation",
        "abbreviation-bracket",
        "date",
        "full-stop-in-quote",
        "ascii-question-exclamation",
        "ellipsis",
        "ascii-ellipsis",
        "ellipsis-lowercase",
        "latin-inside",
        "question-mark-lowercase",
        "question-mark-inside-word",
        "exclamation-mark-comma",
        "question-mark-capital",
        "exclamation-mark-quote-capital",
        "exclamation-mark-block-end",
    ],
)
def test_armenian_sentence_ends(text: str, expected: list[str]) -> None:
    for lang in ("hy", "hy_AM"):
        assert [text[s:e] for s, e in split_sentences(text, lang)] == expected


def test_sentence_ends_are_data() -> None:
    """The table says which characters end a sentence; an ASCII "." is not one in Armenian."""
    assert "." not in SENTENCE_ENDS["hy"].always and "..." in SENTENCE_ENDS["hy"].always
    assert set(SENTENCE_ENDS["hy"].before_capital) == {"՞", "՜"}


def test_inline_markup_is_never_split() -> None:
    text = "See `a. b` and [the U.N. page. Really](http://x.org/a. b) now. Next one."
    assert segments(text) == [
        "See `a. b` and [the U.N. page. Really](http://x.org/a. b) now.",
        "Next one.",
    ]


def test_rewrapping_changes_no_msgid() -> None:
    one = "A first sentence that is long. A second one\nthat wraps over\n   lines.\n"
    two = "A first sentence\nthat is long. A second one that wraps over lines.\n"
    assert (
        segments(one)
        == segments(two)
        == [
            "A first sentence that is long.",
            "A second one that wraps over lines.",
        ]
    )


def test_blocks_and_structure() -> None:
    text = (
        "---\ntitle: 'My title'\ndate: 2023-09-22\n---\n\n"
        "# Heading\n\n"
        "> Quoted text. Second.\n\n"
        "- item *one*\n- item two\n\n"
        "| A | B |\n|---|---|\n| cell | `code` |\n\n"
        "```\ncode block. Not text.\n```\n\n"
        "<div>\nraw html. Not text.\n</div>\n\n"
        "{{#include ../listings/file.rs}}\n\n"
        "[ref]: https://example.org/page\n\n"
        "...\n"
    )
    doc = parse_document(Path("doc.md"), "en", text)
    got = [(s.block, s.text) for s in doc.segments]
    assert got == [
        ("title", "My title"),
        ("heading", "Heading"),
        ("quote", "Quoted text."),
        ("quote", "Second."),
        ("list item", "item *one*"),
        ("list item", "item two"),
        ("table cell", "A"),
        ("table cell", "B"),
        ("table cell", "cell"),
    ]
    # every span points at the exact source text of its segment
    for seg in doc.segments[1:]:
        assert text[seg.start : seg.end] == seg.text


def test_lines_and_positions() -> None:
    doc = parse_document(BASIC / "source" / "field-hospital.md")
    first = doc.segments[0]
    assert (first.block, first.line, first.text) == (
        "title",
        2,
        "A field hospital opens in the northern district",
    )
    heading = doc.segments[1]
    assert (heading.block, heading.line) == ("heading", 8)
    second = [s for s in doc.segments if s.text.startswith("It treats injured")]
    assert len(second) == 1 and (second[0].where, second[0].line) == (
        "paragraph 1, sentence 2",
        10,
    )
    assert doc.front_matter["publisher"] == "Coastal Relief Network"
    assert all(any(c.isalpha() for c in s.text) for s in doc.segments)


def test_source_normalisation(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes("\ufeffOne\u200b sentence.\r\nStill one. Two\u00a0words.\r\n".encode())
    doc = parse_document(path)
    assert [s.text for s in doc.segments] == ["One sentence.", "Still one.", "Two\u00a0words."]


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "empty document", 1),
        (b"abc\n \xff\xfe\n", "invalid UTF-8", 2),
        (b"a\n\nb\0", "binary", 3),
    ],
    ids=["empty", "bad-utf8", "binary"],
)
def test_bad_sources(tmp_path: Path, data: bytes, message: str, line: int) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=message) as info:
        parse_document(path)
    assert info.value.format_message().startswith(f"{path}:{line}: ")


def test_unknown_front_matter_key_is_warned() -> None:
    doc = parse_document(Path("d.md"), "en", "---\ntitle: T\ncolour: red\n---\n\nText.\n")
    assert any("colour" in w for w in doc.warnings)


def test_a_front_matter_language_against_the_projects_is_warned_at_its_line() -> None:
    """``lang: hy`` in an English project (issue #23): a warning naming both, at its line;
    the sentences are still split as the project's language says."""
    text = "---\ntitle: T\nlang: hy\n---\n\nDr. Smith came. He left.\n"
    doc = parse_document(Path("d.md"), "en", text)
    (warning,) = [w for w in doc.warnings if "lang" in w]
    assert warning.startswith("d.md:3: front matter 'lang: hy'")
    assert "Armenian (hy)" in warning and "English (en)" in warning
    assert [s.text for s in doc.segments if s.block != "title"] == ["Dr. Smith came.", "He left."]
    for agrees in ("en", "en-GB"):
        same = parse_document(Path("d.md"), "en", text.replace("hy", agrees))
        assert not [w for w in same.warnings if "lang" in w]


@pytest.mark.parametrize(
    ("source", "msgid"),
    [
        ("`a  \nb`  \nc", "`a b`\\\nc"),  # in a code span a line ending is a space
        ("<a\nhref=x>  \nb", "<a href=x>\\\nb"),  # in a tag too
        ("[l](u\n'v')  \nx", "[l](u 'v')\\\nx"),  # and in a link's target
        ("<!-- a  \nb --> c", "<!-- a b --> c"),  # and in a comment
        ("a\\\\\nb", "a\\\\ b"),  # an escaped backslash makes no hard break
        ("a\\\\\\\nb", "a\\\\\\\nb"),  # the next one does
        ("\\`a  \nb`", "\\`a\\\nb`"),  # an escaped backtick opens no code span
        ("[a](b  \nc) d", "[a](b\\\nc) d"),  # no link: a space in the destination
    ],
    ids=[
        "code",
        "tag",
        "link-target",
        "comment",
        "escaped-backslash",
        "backslash-after-escape",
        "escaped-backtick",
        "not-a-link",
    ],
)
def test_line_breaks_are_the_inline_lexers(source: str, msgid: str) -> None:
    """A msgid's hard breaks are where CommonMark renders ``<br />``, and only there."""
    assert normalise(source) == msgid
    html = MarkdownIt("commonmark", {"html": True}).renderInline(source)
    assert html.count("<br />") == msgid.count(HARD_BREAK)


def test_hard_break_backslashes_skip_escaped_ones() -> None:
    assert hard_break_backslashes("a\\\nb `c\\\nd` e\\\\\nf g\\\\\\\nh") == [1, 21]


def test_footnotes_are_segmented_and_named_after_their_note() -> None:
    text = (
        "Nine months.[^a] Closed.[^b]\n\n"
        "[^b]: Second note, first paragraph.\n\n    Its second paragraph.\n\n"
        "[^a]: First note.\n"
    )
    doc = parse_document(Path("doc.md"), "en", text)
    assert [(s.text, s.where) for s in doc.segments] == [
        ("Nine months.[^a]", "paragraph 1, sentence 1"),
        ("Closed.[^b]", "paragraph 1, sentence 2"),
        ("Second note, first paragraph.", "footnote 1, sentence 1"),
        ("Its second paragraph.", "footnote 1, sentence 1"),
        ("First note.", "footnote 2, sentence 1"),
    ]
    assert doc.warnings == []


def test_a_reference_to_no_note_and_a_note_nobody_refers_to_are_warned_about() -> None:
    text = "One.[^missing]\n\n`[^code]` is code.\n\n[^orphan]: Nobody calls this note.\n"
    doc = parse_document(Path("doc.md"), "en", text)
    assert doc.warnings == [
        "doc.md:1: [^missing] refers to no footnote: it is shown as text",
        "doc.md:5: footnote [^orphan] is not referred to: it is left out",
    ]
    assert [s.block for s in doc.segments] == ["paragraph", "paragraph", "footnote"]


def test_an_unclosed_html_cell_ends_with_the_markdown_container_around_it() -> None:
    text = "- <td>\n\n  In a cell.\n\n- A plain item.\n"
    doc = parse_document(Path("doc.md"), "en", text)
    assert [(s.text, s.block) for s in doc.segments] == [
        ("In a cell.", "table cell"),
        ("A plain item.", "list item"),
    ]
