"""A source document read as text, and without the Markdown and YAML parsers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from alerti18n.core.errors import SourceError
from alerti18n.text.sourcefile import decode_source, read_source


def test_a_bom_is_dropped_and_line_ends_made_lf(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes("\ufeffOne.\r\nTwo.\rThree.\n".encode())
    assert read_source(path) == "One.\nTwo.\nThree.\n"


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [(b"abc\n \xff\xfe\n", "invalid UTF-8", 2), (b"a\n\nb\0", "binary", 3)],
    ids=["bad-utf8", "binary"],
)
def test_a_document_that_is_no_text_names_its_line(data: bytes, message: str, line: int) -> None:
    with pytest.raises(SourceError, match=message) as info:
        decode_source(data, Path("doc.md"))
    assert info.value.format_message().startswith(f"doc.md:{line}: ")


def test_reading_a_document_imports_no_parser() -> None:
    """check reads every document to look for a channel: it need not load Markdown or YAML."""
    code = (
        "import sys, alerti18n.text.sourcefile, alerti18n.reports.channels; "
        "print(sorted({'yaml', 'markdown_it'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
