"""alerti18n.output.formats: the registry of output formats, and the page every writer sees."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from support.projects import cli

from alerti18n.core.errors import ConfigError
from alerti18n.output import formats, render
from alerti18n.output.formats import FORMATS, OutputFormat, Page


def test_the_formats_and_what_build_and_release_make() -> None:
    assert list(FORMATS) == ["md", "html", "txt", "pdf", "docx", "odt", "sms"]
    assert formats.default_formats() == ("md", "html", "txt", "pdf")
    assert formats.release_formats() == ("md", "html", "txt", "pdf", "docx")
    assert {f.name for f in FORMATS.values() if f.shows_images} == {"html", "pdf", "docx", "odt"}
    assert [f.name for f in FORMATS.values() if f.index] == ["html"]
    suffixes = {name: f".{name}" for name in FORMATS} | {"sms": ".sms.txt"}
    assert [f.suffix for f in FORMATS.values()] == list(suffixes.values())


def test_choose_checks_the_names() -> None:
    assert formats.choose(["md", " html", "", "md"]) == ("md", "html")
    with pytest.raises(ConfigError, match="unknown format") as caught:
        formats.choose(["md", "epub"])
    assert caught.value.hint == "choose from md, html, txt, pdf, docx, odt, sms"
    with pytest.raises(ValueError, match="twice"):
        formats.register(FORMATS["md"])


def test_an_unknown_format_is_refused_before_anything_is_built(basic_project: Path) -> None:
    output = cli(basic_project, "build", "--format", "md,epub", code=2)
    assert "error: unknown format(s): epub" in output
    assert not (basic_project / "build").exists()


def _checksum(page: Page) -> str:
    """A writer of the smallest kind: the page's Markdown, hashed."""
    return hashlib.sha256(page.rendered.markdown.encode("utf-8")).hexdigest() + "\n"


def test_a_registered_format_is_built_like_the_others(
    basic_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new format is one record: build then writes it in every language, with its suffix."""
    monkeypatch.setitem(
        FORMATS, "sha", OutputFormat("sha", ".sha256", "checksum of the Markdown", _checksum)
    )
    cli(basic_project, "build", "--format", "md,sha")
    built = sorted((basic_project / "build").rglob("*.sha256"))
    assert [p.relative_to(basic_project / "build").parts[0] for p in built] == sorted(
        ["en", "hy", "fr"] * 2
    )
    for path in built:
        markdown = path.with_suffix(".md").read_bytes()
        assert path.read_text("utf-8") == hashlib.sha256(markdown).hexdigest() + "\n"
    assert not (basic_project / "build" / "index.html").exists()  # no format links to it


def test_a_page_renders_html_once_and_only_when_asked(
    basic_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = render.render_html

    def counted(*args: object, **kwargs: object) -> str:
        calls.append("html")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_html", counted)
    cli(basic_project, "build", "--format", "md,txt")
    assert calls == []
    cli(basic_project, "build", "--format", "html,txt")
    assert len(calls) == 6  # two documents in three languages, once each
