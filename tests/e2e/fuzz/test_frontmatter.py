"""Fuzzing the front-matter reader (``text.frontmatter``): the block, its YAML, its date.

Seeds are the basic fixture's documents, whose front matter is what alerti18n writes and
reads (title, date, publisher, lang), and a few YAML shapes around it; the tokens are YAML's
(anchors, aliases, tags, flow collections, block scalars) and the markers. Any bytes either
give a mapping or are refused with one line naming the file and line; :func:`metadata`, which
the index page uses, gives a mapping or names the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from support.fuzzing import fuzz_settings, mutants, parses_or_refuses
from support.projects import BASIC

from alerti18n.core.errors import AlertI18nError
from alerti18n.text import frontmatter

SEEDS = [path.read_bytes()[:600] for path in sorted((BASIC / "source").glob("*.md"))] + [
    b"---\ntitle: 'Quoted: title'\ndate: 2023-09-22\ntags: [a, b]\n...\n\n# Body\n",
    b"---\ntitle: >\n  folded\n  title\nnote: |\n  kept\n---\nText.\n",
    b"---\n# a comment\ntitle: x\n---\n---\nnot front matter\n---\n",
]
TOKENS = [
    b"---\n",
    b"...\n",
    b"title: ",
    b"date: ",
    b"2023-13-40",
    b"2023-09-22T10:00:00",
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"!!binary ",
    b"<<: ",
    b"[",
    b"{",
    b"- ",
    b"? ",
    b": ",
    b"|\n",
    b">-\n",
    b"'",
    b'"',
    b"\t",
    b"\r",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\x00",
    b"%YAML 1.1\n",
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-frontmatter")


def read(path: Path) -> dict:
    """The front matter as ``extract`` reads it: the block, then its strict parse."""
    text = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    block = frontmatter.find(text)
    return {} if block is None else frontmatter.parse(block, text, path)


@given(data=mutants(SEEDS, TOKENS))
@example(data=b"\xad--\ntitle: x\n---\n")  # metadata(): UnicodeDecodeError before
@fuzz_settings(150)
def test_any_front_matter_parses_or_is_refused_with_file_and_line(
    workdir: Path, data: bytes
) -> None:
    path = workdir / "doc.md"
    path.write_bytes(data)
    result = parses_or_refuses(lambda: read(path), path)
    assert isinstance(result, dict | AlertI18nError)
    meta = parses_or_refuses(lambda: frontmatter.metadata(path), path, lines=False)
    assert isinstance(meta, dict | AlertI18nError)
