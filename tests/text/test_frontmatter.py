"""The one front-matter reader agrees with the segmenter, the index page and the DOCX writer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

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
