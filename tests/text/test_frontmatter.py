"""The one front-matter reader agrees with the segmenter, the index page and the DOCX writer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from alerti18n.core.errors import SourceError
from alerti18n.text import frontmatter
from alerti18n.text.segment import parse_document

CASES = [
    ("---\ntitle: Alert\ndate: 2023-09-22\n---\n\nBody.\n", True),
    ("---\ntitle: Alert\n...\nBody.\n", True),  # YAML's document end closes it too
    ("---\n\nA paragraph after a thematic break.\n", False),
    ("---\n- a list\n---\n\nBody.\n", False),  # YAML, but not a mapping
    ("Title\n---\n\nBody.\n", False),  # a setext heading
    ("---\ntitle: [unclosed\n---\n\nBody.\n", True),  # a mapping with a YAML error
]


@pytest.mark.parametrize(("text", "has"), CASES)
def test_find_agrees_with_the_segmenter(tmp_path: Path, text: str, has: bool) -> None:
    block = frontmatter.find(text)
    assert (block is not None) == has
    try:
        doc = parse_document(tmp_path / "a.md", text=text)
    except SourceError:
        assert has  # only front matter with a YAML error is refused
        return
    assert (doc.front_matter_span is not None) == has
    if block is not None:
        assert doc.front_matter_span is not None
        assert text[block.end :] == frontmatter.body(text)
        assert block.end >= doc.front_matter_span[1]


def test_body_keeps_the_rest_byte_for_byte() -> None:
    text = "---\ntitle: Alert\n---\n\n# Heading\n\n---\n"
    assert frontmatter.body(text) == "\n# Heading\n\n---\n"
    assert frontmatter.body("---\n\nText\n") == "---\n\nText\n"


def test_metadata_reads_crlf_and_bom_and_is_lenient(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: Alert\r\ndate: 2023-09-22\r\n---\r\n\r\nBody.\r\n")
    assert frontmatter.metadata(path) == {"title": "Alert", "date": dt.date(2023, 9, 22)}
    path.write_text("---\ntitle: [unclosed\n---\n\nBody.\n", encoding="utf-8")
    assert frontmatter.metadata(path) == {}
    path.write_text("No front matter.\n", encoding="utf-8")
    assert frontmatter.metadata(path) == {}


def test_parse_names_the_line_of_a_bad_date(tmp_path: Path) -> None:
    text = "---\ntitle: Alert\ndate: 22/09/2023\n---\n\nBody.\n"
    block = frontmatter.find(text)
    assert block is not None
    with pytest.raises(SourceError) as caught:
        frontmatter.parse(block, text, tmp_path / "a.md")
    assert caught.value.line == 3
    assert frontmatter.key_line(text, block.first, block.last, "title") == 2
    assert frontmatter.key_line(text, block.first, block.last, "version") == 1


#: Front matter whose values are not one line of text each: (text, line, words).
NOT_TEXT = [
    ("---\ntitle: [a, b]\n---\n\nBody.\n", 2, "title is a list"),
    ("---\ntitle: Alert\npublisher:\n  name: x\n---\n\nBody.\n", 3, "publisher is a mapping"),
    ("---\ntitle: yes\n---\n\nBody.\n", 2, "title is true or false"),
    ("---\ntitle: 2023\n---\n\nBody.\n", 2, "title is a number"),
    ("---\ntitle: Alert\ntags: [a]\n---\n\nBody.\n", 3, "tags is a list"),
    ("---\ntitle: !!binary aGVsbG8=\n---\n\nBody.\n", 2, "title is bytes"),
]


@pytest.mark.parametrize(("text", "line", "words"), NOT_TEXT)
def test_values_that_are_not_text_are_refused_with_their_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    block = frontmatter.find(text)
    assert block is not None
    with pytest.raises(SourceError) as caught:
        frontmatter.parse(block, text, tmp_path / "a.md")
    assert caught.value.line == line and words in caught.value.message
    assert caught.value.exit_code == 2


def test_numbers_may_name_a_version_and_unknown_keys_keep_scalars(tmp_path: Path) -> None:
    text = "---\ntitle: Alert\nversion: 1.5\nreviewed: true\n---\n\nBody.\n"
    block = frontmatter.find(text)
    assert block is not None
    assert frontmatter.parse(block, text, tmp_path / "a.md") == {
        "title": "Alert",
        "version": 1.5,
        "reviewed": True,
    }


#: A billion-laughs front matter: nine levels of nine aliases, 9**9 strings once expanded.
ALIAS_BOMB = (
    "---\ntitle: Alert\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "---\n\nBody.\n"
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (ALIAS_BOMB, 3),
        ("---\ntitle: &t Alert\npublisher: *t\n---\n\nBody.\n", 2),
        ("---\nbase: &b {title: x}\n<<: *b\n---\n\nBody.\n", 2),
    ],
    ids=["bomb", "alias", "merge-key"],
)
def test_anchors_and_aliases_are_refused_while_parsing(
    tmp_path: Path, text: str, line: int
) -> None:
    """The loader stops at the first anchor: no alias is ever expanded, not even once."""
    block = frontmatter.find(text)
    assert block is not None
    with pytest.raises(SourceError) as caught:
        frontmatter.parse(block, text, tmp_path / "a.md")
    assert caught.value.line == line and "anchor" in caught.value.message
    with pytest.raises(yaml.YAMLError):
        frontmatter.load_yaml(block.content)
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    assert frontmatter.metadata(path) == {}  # the index page reads nothing from it either


def test_metadata_drops_values_that_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: [a, b]\ndate: 2023-09-22\n---\n\nBody.\n", encoding="utf-8")
    assert frontmatter.metadata(path) == {"date": dt.date(2023, 9, 22)}
