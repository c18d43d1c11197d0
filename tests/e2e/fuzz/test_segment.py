"""Fuzzing Markdown segmentation (``text.segment.parse_document``), front matter included.

Seeds are the basic fixture's documents and the segmenter's golden inputs (fenced code, hard
breaks, HTML blocks, include directives, Armenian sentences), mutated with Markdown's own
tokens. Any bytes either become segments that lie inside the text at the line they name, or
are refused with one line naming the file and line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from support.fuzzing import fuzz_settings, mutants, parses_or_refuses
from support.projects import BASIC, DATA

from alerti18n.core.errors import AlertI18nError
from alerti18n.text.segment import parse_document

SEEDS = [path.read_bytes() for path in sorted((BASIC / "source").glob("*.md"))] + [
    path.read_bytes()[:2000] for path in sorted((DATA / "segment").glob("*.md"))
]
TOKENS = [
    b"\n\n",
    b"# ",
    b"- ",
    b"1. ",
    b"> ",
    b"```\n",
    b"    ",
    b"| a | b |\n|---|---|\n",
    b"|",
    b"[x](",
    b"![",
    b"](https://example.org/a)",
    b'<img src="a.png">',
    b"<!-- ",
    b" -->",
    b"<div>\n",
    b"`",
    b"*",
    b"_",
    b"\\\n",
    b"  \n",
    b"---\n",
    b"title: ",
    b"\r",
    b"\t",
    b"\xc2\xa0",
    b"\xe2\x80\xae",
    b"\xd5\x80\xd5\xa1\xd5\xb5",
    b"\xff",
    b"\x00",
    b"{{#include a.md}}",
    b"&amp;",
    b"&#0;",
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-segment")


@given(data=mutants(SEEDS, TOKENS))
@example(data=b"")  # "empty document" named no line before
@example(data=b"# Title\n\nText\0")  # nor did "binary file"
@fuzz_settings(150)
def test_any_document_segments_or_is_refused_with_file_and_line(workdir: Path, data: bytes) -> None:
    path = workdir / "alert.md"
    path.write_bytes(data)
    result = parses_or_refuses(lambda: parse_document(path), path)
    if isinstance(result, AlertI18nError):
        return
    lines = result.text.count("\n") + 1
    for segment in result.segments:
        assert 0 <= segment.start <= segment.end <= len(result.text)
        assert 1 <= segment.line <= lines
