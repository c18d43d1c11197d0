"""Hostile markup in translations and SVG images, end to end.

* ``check`` reports a msgstr that adds or changes an inline HTML tag or attribute
  (``<b onmouseover=...>``), a link target, or an image source (:mod:`alerti18n.checks.markup`),
  and bidirectional controls the source does not have (:mod:`alerti18n.checks.controls`):
  exit 1, each finding naming the catalog and line;
* an SVG that is not a static picture (:mod:`alerti18n.text.svg`) is neither imported nor
  copied beside a page from ``source/``, with a warning naming it; a ``data:`` SVG that is not
  base64 does not vanish silently.
"""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path

from support.docx import png
from support.projects import cli, invoke, small_project

from alerti18n.po.pofile import read_po, write_po

SOURCE = "# Alert\n\nHold <b>every</b> line.\n\nSend money to account 4521.\n\nSee the map.\n"
HOSTILE = {
    "Hold <b>every</b> line.": 'Tenez <b onmouseover="alert(1)">chaque</b> ligne.',
    "Send money to account 4521.": "Envoyez l’argent au compte \u202e1254\u202c.",
    "See the map.": "Voir [la carte](javascript:alert(1)) ![x](http://127.0.0.1:9/b.png).",
}


def test_check_reports_added_tags_attributes_links_images_and_bidi_controls(
    tmp_path: Path,
) -> None:
    root = small_project(tmp_path, SOURCE)
    po_path = root / "locales" / "fr" / "alert.po"
    po = read_po(po_path)
    for entry in po:
        if entry.msgid in HOSTILE:
            entry.msgstr = HOSTILE.get(entry.msgid, entry.msgstr)
    write_po(po, po_path)
    lines = {e.msgid: e.linenum for e in read_po(po_path) if e.msgid in HOSTILE}
    assert set(lines) == set(HOSTILE)
    result = invoke(root, "check", "--lang", "fr", "--only", "markup,bidi")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if " error [" in line]
    where = {line.split(": error")[0].strip() for line in errors}
    assert where == {f"locales/fr/alert.po:{line}" for line in lines.values()}, errors
    text = "\n".join(errors)
    assert '[markup] inline HTML <b onmouseover="alert(1)"> is not in the source' in text
    assert "[markup] link target javascript:alert(1) is not allowed" in text
    assert "[markup] link target http://127.0.0.1:9/b.png is not in the source" in text
    assert "[bidi] 1 RIGHT-TO-LEFT OVERRIDE (U+202E) not in the source" in text


SCRIPTED = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
STATIC = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>'


def test_svg_that_runs_anything_is_neither_imported_nor_published(tmp_path: Path) -> None:
    root = small_project(tmp_path, "# Alert\n\nThe road is open.\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "static.svg").write_bytes(STATIC)
    (site / "scripted.svg").write_bytes(SCRIPTED)
    embedded = base64.b64encode(SCRIPTED).decode()
    (site / "page.html").write_text(
        "<html><body><main><h1>Page</h1><p>"
        '<img src="static.svg" alt="static"> <img src="scripted.svg" alt="scripted"> '
        f'<img src="data:image/svg+xml;base64,{embedded}" alt="embedded"> '
        '<img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" alt="plain"> end.</p>'
        "</main></body></html>",
        encoding="utf-8",
    )
    out = cli(root, "import", str(site / "page.html"), "--as", "page")
    warned = [line for line in out.splitlines() if line.startswith("warning:")]
    assert sum("is not imported: <svg> has an event handler" in w for w in warned) == 2, out
    assert any("a data: image (image/svg+xml) is not imported" in w for w in warned), out
    media = root / "source" / "page" / "media"
    assert [p.read_bytes() for p in sorted(media.iterdir())] == [STATIC]
    text = (root / "source" / "page.md").read_text(encoding="utf-8")
    assert "![static](page/media/static.svg)" in text and "scripted" in text

    # an SVG put into source/ by hand is not copied, nor shown, nor embedded
    (root / "source" / "alert").mkdir()
    (root / "source" / "alert" / "bad.svg").write_bytes(SCRIPTED)
    (root / "source" / "alert" / "map.png").write_bytes(png(9))
    (root / "source" / "alert.md").write_text(
        "# Alert\n\nThe road is open. ![bad](alert/bad.svg) ![map](alert/map.png)\n",
        encoding="utf-8",
    )
    cli(root, "extract")
    built = cli(root, "build", "--format", "md,html,docx,odt")
    assert "alert.md: image alert/bad.svg is not shown: <svg> has an event handler" in built
    for lang in ("en", "fr"):
        folder = root / "build" / lang
        assert not (folder / "alert" / "bad.svg").exists()
        assert (folder / "alert" / "map.png").read_bytes() == png(9)
        assert "bad.svg" not in (folder / "alert.html").read_text(encoding="utf-8")
        for fmt in ("docx", "odt"):
            with zipfile.ZipFile(folder / f"alert.{fmt}") as package:
                assert not any(b"onload" in package.read(name) for name in package.namelist())
