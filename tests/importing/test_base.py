"""alerti18n.importing.base: the importer registry; a registered importer is used by
``alerti18n import`` like the shipped ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.projects import cli

from alerti18n.importing.base import DocumentProperties, Importer, parse_date, register
from alerti18n.importing.importer import importer_for, importers


def _plain_text(file: Path, data: bytes, name: str, work: Path):
    """A plain-text importer: the first line is the title, the rest paragraphs."""
    title, _, body = data.decode("utf-8").partition("\n")
    return DocumentProperties(title=title.strip()), body.lstrip("\n"), []


def test_the_shipped_importers_and_their_suffixes() -> None:
    found = {name: importer.suffixes for name, importer in importers().items()}
    assert found == {"docx": (".docx",), "html": (".html", ".htm"), "odt": (".odt",)}
    assert importer_for(Path("Alert.HTM")).name == "html"


def test_a_suffix_is_taken_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("alerti18n.importing.base.IMPORTERS", dict(importers()))
    with pytest.raises(ValueError, match="a suffix of another importer"):
        register(Importer("web", (".htm",), _plain_text))


def test_a_registered_importer_is_used_by_the_command(
    new_project_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(importers(), "text", Importer("text", (".txt",), _plain_text))
    notice = tmp_path / "Road Notice.txt"
    notice.write_text("Road notice\n\nThe road is open.\n", encoding="utf-8")
    cli(new_project_root, "import", str(notice))
    written = (new_project_root / "source" / "road-notice.md").read_text("utf-8")
    assert written == "---\ntitle: Road notice\nlang: en\n---\n\nThe road is open.\n"
    out = cli(new_project_root, "import", str(tmp_path / "a.rtf"), code=2)
    assert "cannot import a .rtf" in out and ".txt" in out


def test_dates_are_read_from_the_start_of_a_timestamp() -> None:
    assert str(parse_date("2024-03-05T10:00:00Z")) == "2024-03-05"
    assert parse_date("2024-13-05") is None and parse_date("March 5") is None


@pytest.fixture
def new_project_root(new_project) -> Path:
    return new_project.root


@pytest.mark.pandoc
@pytest.mark.parametrize("text", ["---", "- - -", "------", " -- -"])
def test_a_paragraph_of_hyphens_stays_a_paragraph(tmp_path: Path, text: str) -> None:
    """``<p>---</p>`` (an AP story's separator line): pandoc's GFM writer leaves it
    unescaped, which Markdown reads as a horizontal rule (found by the conformance test)."""
    import json

    from markdown_it import MarkdownIt

    from alerti18n.core.pandoc import run_pandoc
    from alerti18n.importing.base import to_markdown

    html = f"<p>Before.</p><p>{text}</p><ul><li>{text}</li></ul><p>After.</p>".encode()
    ast = json.loads(run_pandoc(["-f", "html", "-t", "json"], html))
    markdown, _ = to_markdown(ast, tmp_path, tmp_path / "page.html")
    kinds = [t.type for t in MarkdownIt("commonmark").parse(markdown)]
    assert "hr" not in kinds, markdown
    assert MarkdownIt("commonmark").render(markdown).count(text.strip()) == 2, markdown


@pytest.mark.pandoc
def test_code_of_several_spans_stays_one_code_span(tmp_path: Path) -> None:
    """Sphinx writes ``<code><span>{"a":</span> <span>"b"}</span></code>``: pandoc's GFM
    writer ran the pieces' backticks together (found by the conformance test)."""
    import json

    from markdown_it import MarkdownIt

    from alerti18n.core.pandoc import run_pandoc
    from alerti18n.importing.base import to_markdown

    html = (
        b'<p>dicts <code class="literal"><span class="pre">{"name":</span> '
        b'<span class="pre">"value"}</span></code>; <code>x</code> and <code>y</code>.</p>'
    )
    ast = json.loads(run_pandoc(["-f", "html", "-t", "json"], html))
    markdown, _ = to_markdown(ast, tmp_path, tmp_path / "page.html")
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "<code>{&quot;name&quot;: &quot;value&quot;}</code>" in rendered, markdown
    assert "<code>x</code> and <code>y</code>" in rendered, markdown
