"""PDF output: text in order (pdftotext), Armenian fonts embedded (pdffonts), reproducible."""

from __future__ import annotations

import logging
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.projects import BASIC, copy_root
from support.tools import require_tool

from alerti18n.cli.main import main
from alerti18n.po.pofile import read_po

pytestmark = pytest.mark.weasyprint

DOC = "field-hospital"  # the basic fixture project's first document (tests/roots/basic)


def require_weasyprint() -> None:
    """Skip without WeasyPrint, but fail under CI=true (it is a dependency)."""
    if os.environ.get("CI") == "true":
        import weasyprint  # noqa: F401
    else:
        pytest.importorskip("weasyprint")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture project built once as PDF (and HTML) in every language."""
    require_weasyprint()
    root = copy_root(BASIC, tmp_path_factory.mktemp("pdf"))
    result = CliRunner().invoke(main, ["build", "--format", "html,pdf", "--project", str(root)])
    assert result.exit_code == 0, result.output
    return root


def pdf_text(path: Path) -> str:
    tool = require_tool("pdftotext")
    out = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return " ".join(out.stdout.split())


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["hy", "fr"])
def test_pdf_text_is_the_translation_in_order(built: Path, lang: str) -> None:
    text = pdf_text(built / "build" / lang / f"{DOC}.pdf")
    po = read_po(built / "locales" / lang / f"{DOC}.po")
    at = 0
    # every sentence of the body, in source order (the source's sentence where the translation
    # is fuzzy or missing); WeasyPrint hyphenates with U+2010
    flat = text.replace("\u2010 ", "")
    for entry in po:
        if entry.obsolete or "front matter" in entry.comment.split(";")[0]:
            continue
        shown = entry.msgstr if entry.translated() else entry.msgid
        plain = squash(re.sub(r"[*_`]|\[|\]\([^)]*\)", "", shown))
        found = flat.find(plain[:40], at)
        assert found >= 0, (lang, entry.msgstr[:60])
        at = found
    assert at > 0


def test_pdf_embeds_fonts_that_cover_armenian(built: Path) -> None:
    tool = require_tool("pdffonts")
    out = subprocess.run(
        [tool, str(built / "build" / "hy" / f"{DOC}.pdf")], capture_output=True, text=True
    ).stdout
    armenian = [line for line in out.splitlines() if "Armenian" in line]
    assert armenian, out
    for line in out.splitlines()[2:]:
        assert line.split()[-5] == "yes", f"font not embedded: {line}"  # the 'emb' column
    assert "դաշտային հիվանդանոց" in pdf_text(built / "build" / "hy" / f"{DOC}.pdf")


def test_pdf_is_reproducible(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    result = CliRunner().invoke(
        main, ["build", "--format", "pdf", "--out", str(out), "--project", str(built)]
    )
    assert result.exit_code == 0, result.output
    for lang in ("en", "hy", "fr"):
        assert (out / lang / f"{DOC}.pdf").read_bytes() == (
            built / "build" / lang / f"{DOC}.pdf"
        ).read_bytes()


def test_pdf_metadata_and_layout(built: Path) -> None:
    tool = require_tool("pdfinfo")
    info = subprocess.run(
        [tool, str(built / "build" / "fr" / f"{DOC}.pdf")], capture_output=True, text=True
    ).stdout
    assert re.search(r"Title:\s+Un hôpital de campagne ouvre dans le district nord", info)
    assert re.search(r"Page size:\s+595.* x 841.* \(A4\)", info)
    assert re.search(r"Tagged:\s+yes", info)
    text = pdf_text(built / "build" / "fr" / f"{DOC}.pdf")
    assert "Langues" not in text  # the language switcher is screen-only


def test_pdf_refuses_network_and_outside_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    require_weasyprint()
    from alerti18n.output.pdf import html_to_pdf

    (tmp_path / "build" / "en").mkdir(parents=True)
    page = (
        '<html lang="en"><body><p>x</p><img src="http://127.0.0.1:9/x.png">'
        '<img src="../../secret.png"></body></html>'
    )
    (tmp_path / "secret.png").write_bytes(b"not for the PDF")
    with caplog.at_level(logging.WARNING, logger="alerti18n"):
        data = html_to_pdf(page, tmp_path / "build" / "en", tmp_path / "build")
    assert data.startswith(b"%PDF-")
    warnings = [r.getMessage() for r in caplog.records if r.name == "alerti18n.output.pdf"]
    assert any("http://127.0.0.1:9/x.png" in w for w in warnings), warnings
    assert any("secret.png" in w for w in warnings), warnings


def test_pdf_embeds_a_relative_image(tmp_path: Path) -> None:
    """A document showing an image by a relative path gets that image, pixel for pixel."""
    require_weasyprint()
    pdfimages = require_tool("pdfimages")
    from PIL import Image

    root = tmp_path / "p"
    assert CliRunner().invoke(main, ["init", str(root), "--target", "fr"]).exit_code == 0
    for path in (root / "source").glob("*.md"):
        path.unlink()
    (root / "source" / "alert" / "media").mkdir(parents=True)
    pixels = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (250, 250, 0), (0, 0, 0), (9, 9, 9)]
    image = Image.new("RGB", (3, 2))
    image.putdata(pixels)
    image.save(root / "source" / "alert" / "media" / "map.png")
    (root / "source" / "alert.md").write_text(
        "---\ntitle: Alert\nlang: en\n---\n\n# What happened\n\nThe road was closed.\n\n"
        "![Map of the closed road](alert/media/map.png)\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "--format", "pdf", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "PDF:" not in result.output  # no image it could not load, no alt text missing
    for lang in ("en", "fr"):
        pdf = root / "build" / lang / "alert.pdf"
        listing = subprocess.run(
            [pdfimages, "-list", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert [line.split()[3:5] for line in listing] == [["3", "2"]], listing
        subprocess.run([pdfimages, "-png", str(pdf), str(tmp_path / lang)], check=True)
        (extracted,) = tmp_path.glob(f"{lang}-*.png")
        got = Image.open(extracted).convert("RGB")
        assert [got.getpixel((x, y)) for y in range(2) for x in range(3)] == pixels
