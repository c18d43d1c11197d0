"""Fuzzing ``import`` (``importing.importer.import_document``): Word, ODT and HTML files.

Seeds are a real DOCX (python-docx: title, headings, list, table, link, image), the same
converted to ODT by pandoc, and a web page. A package (DOCX, ODT) is fuzzed twice: its XML
parts mutated and zipped again (so the damage reaches pandoc and alerti18n's own readers), and
its bytes flipped. Each import either writes a source document that the segmenter reads, or
is refused with one line naming the file. pandoc takes most of the time, so these are few.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from support.docx import write_alert
from support.fuzzing import fuzz_settings, mutants, parses_or_refuses
from support.projects import cli

from alerti18n.core.config import Project, load_project
from alerti18n.core.errors import AlertI18nError
from alerti18n.core.pandoc import run_pandoc
from alerti18n.importing.importer import import_document
from alerti18n.text.segment import parse_document

PAGE = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Alert</title>
<meta name="description" content="A road closes"><meta property="og:title" content="Og"></head>
<body><header>Site</header><main><h1>The road is closed</h1><p>Convoys <b>cannot</b> pass.
<a href="https://example.org/r">Report</a></p><ul><li>Stay inside.</li></ul>
<table><tr><th>Date</th></tr><tr><td>12 May</td></tr></table></main><footer>f</footer>
</body></html>"""
XML_TOKENS = [
    b"<",
    b">",
    b"</w:p>",
    b"<w:t>",
    b"<text:p>",
    b"&amp;",
    b"&#0;",
    b"<!DOCTYPE",
    b'<!ENTITY x "y">',
    b"&x;",
    b"\xff",
    b"\x00",
    b'"',
    b"xmlns:w=",
    b"<![CDATA[",
]
HTML_TOKENS = [
    b"<p>",
    b"</p>",
    b"<h2>",
    b"<img src=",
    b"<a href=",
    b"javascript:",
    b"<script>",
    b"<main>",
    b"<article>",
    b"<table>",
    b"<td>",
    b"&nbsp;",
    b"&#0;",
    b"\xff",
    b"\x00",
    b'"',
    b"<!--",
    b"<svg>",
    b"<meta charset=latin-1>",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("fuzz-import") / "p"
    cli(None, "init", str(root), "--target", "fr", "--name", "p")
    return load_project(root)


class Seeds(dict):
    """The seed files' bytes by kind (shown by name only when hypothesis reports an example)."""

    def __repr__(self) -> str:
        return f"Seeds({', '.join(self)})"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Seeds:
    folder = tmp_path_factory.mktemp("fuzz-import-seeds")
    docx = write_alert(folder / "alert.docx")
    odt = folder / "alert.odt"
    odt.write_bytes(run_pandoc(["-f", "docx", "-t", "odt", str(docx)], cwd=folder, what=docx))
    return Seeds(docx=docx.read_bytes(), odt=odt.read_bytes())


def with_part(package: bytes, member: str, data: bytes) -> bytes:
    """``package`` (a zip) with ``member`` replaced by ``data``, zipped again."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, data if info.filename == member else source.read(info))
    return out.getvalue()


def imports_or_refuses(project: Project, file: Path) -> None:
    shutil.rmtree(project.source_dir / "fuzz", ignore_errors=True)
    result = parses_or_refuses(lambda: import_document(project, file, "fuzz"), file, lines=False)
    if not isinstance(result, AlertI18nError):
        written = project.source_dir / "fuzz.md"
        parses_or_refuses(lambda: parse_document(written), written)


@given(data=mutants([PAGE], HTML_TOKENS))
@fuzz_settings(6)
def test_any_web_page_imports_or_is_refused(project: Project, data: bytes) -> None:
    file = project.root.parent / "page.html"
    file.write_bytes(data)
    imports_or_refuses(project, file)


PARTS = {"docx": "word/document.xml", "odt": "content.xml"}
KINDS = st.sampled_from(sorted(PARTS))


@given(kind=KINDS, part=st.data())
@fuzz_settings(5)
def test_any_office_document_part_imports_or_is_refused(
    project: Project, seeds: Seeds, kind: str, part: st.DataObject
) -> None:
    """The main XML part mutated, the package zipped again: the damage reaches the parsers."""
    xml = zipfile.ZipFile(io.BytesIO(seeds[kind])).read(PARTS[kind])
    file = project.root.parent / f"alert.{kind}"
    file.write_bytes(with_part(seeds[kind], PARTS[kind], part.draw(mutants([xml], XML_TOKENS))))
    imports_or_refuses(project, file)


@given(kind=KINDS, edits=st.lists(st.tuples(st.floats(0, 0.999), st.integers(1, 255)), min_size=1))
@example(kind="docx", edits=[(0.0484, 0x55)])  # damaged deflate data: a zlib.error before
@fuzz_settings(5)
def test_any_office_file_bytes_import_or_are_refused(
    project: Project, seeds: Seeds, kind: str, edits: list[tuple[float, int]]
) -> None:
    """Bytes of the file flipped (where: a fraction of its length; how: an XOR mask)."""
    data = bytearray(seeds[kind])
    for where, mask in edits:
        data[int(where * len(data))] ^= mask
    file = project.root.parent / f"alert.{kind}"
    file.write_bytes(bytes(data))
    imports_or_refuses(project, file)
