"""Images and links that try to leave the project: the beacon test.

A real HTTP server on 127.0.0.1, started here, counts every request. A hostile source
document, an imported web page, an imported Word document and a hostile translation point
images and links at it, at a marker file outside the project (by absolute path, ``../..``
and ``file://``), at ``javascript:``, ``vbscript:``, ``data:`` and office macro schemes.
Then ``import``, ``extract``, ``update``, ``build`` in every format and ``release`` run:

* the server gets no request at all;
* no output (pages, text, PDF, and every member of the DOCX/ODT zips) holds the marker
  file's content, a refused scheme, or the server's address;
* the project's own image still reaches every format that shows images;
* each refusal is one warning naming the file and line (sources at ``extract``,
  translations at ``build``), and no command fails.

The rule is :mod:`alerti18n.text.links`, the images :mod:`alerti18n.text.media`'s.
"""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from support.docx import add_link, png
from support.projects import cli, small_project

from alerti18n.po.pofile import read_po, write_po

MARKER = "MARKER-4f1c-outside-the-project"
MACRO = "vnd.sun.star.script:Standard.Module1.Main?language=Basic&location=document"
REFUSED = ("javascript", "vbscript", "vnd.sun.star", "ms-word:", "data:text", "file:")


class Beacon:
    """A real HTTP server on 127.0.0.1 that records every request and answers with a PNG."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                owner.requests.append(self.path)
                body = png()
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def beacon() -> Iterator[Beacon]:
    server = Beacon()
    yield server
    server.close()


def hostile_source(url: str, secret: Path) -> str:
    return f"""\
---
title: Alert
date: 2023-09-22
---

# Alert

The road is open. ![map](alert/media/map.png) See [the report](https://example.org/r).

The beacon is here. ![beacon]({url}/source-image.png) <img src="{url}/source-raw.png">

The secret is here. ![abs]({secret}) ![up](../../{secret.name}) ![file](file://{secret})

Click [this](javascript:alert(1)) or [that]({MACRO}) or [d](data:text/html,hi).

<div><img src="{url}/source-block.png"></div>

See [the notice][n].

[n]: vbscript:msgbox(1)
"""


def hostile_translations(url: str, secret: Path) -> dict[str, str]:
    """msgid (as extract wrote it, the source's refused links already taken out) -> msgstr."""
    return {
        "Alert": f"Alerte ![b]({url}/po-title.png)",
        "The road is open.": f"La route est ouverte. ![b]({url}/po-image.png) ![s]({secret})",
        "![map](alert/media/map.png) See [the report](https://example.org/r).": (
            "![carte](alert/media/map.png) Voir [le rapport](javascript:alert(1)) "
            f'<img src="{url}/po-raw.png"> <a href="ms-word:ofe|u|{url}/x.docx">ici</a>.'
        ),
        "The beacon is here. beacon": f"La balise est là. ![u](../../{secret.name}) balise",
        "The secret is here. abs up file": (
            f'Le secret est là. ![f](file://{secret}) <b onmouseover="x">b</b> abs up file'
        ),
        "Click this or that or d.": "Cliquez [ceci](<vbscript:msgbox(1)>) ou cela ou d.",
    }


def hostile_page(url: str, secret: Path) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><title>Page</title></head><body><main>
<h1>Imported page</h1>
<p>Remote <img src="{url}/import-image.png" alt="remote"> and local
<img src="file://{secret}" alt="secret"> and <img src="{secret}" alt="abs">.</p>
<p>Links <a href="javascript:alert(1)">js</a>, <a href="vbscript:x">vb</a>,
<a href="vnd.sun.star.script:Standard.Module1.Main?language=Basic">macro</a>,
<a href="data:text/html,hi">data</a> and <a href="https://example.org/ok">ok</a>.</p>
<p>An SVG <img src="data:image/svg+xml,%3Csvg%20onload%3Dalert(1)%3E" alt="svg">.</p>
</main></body></html>
"""


def hostile_docx(path: Path, url: str, secret: Path) -> Path:
    """A Word document with macro and script links and pictures linked (not embedded) to the
    beacon and to the marker file."""
    d = docx.Document()
    d.add_heading("Imported document", level=0)
    paragraph = d.add_paragraph("Links ")
    add_link(paragraph, "macro", "vnd.sun.star.script:Standard.Module1.Main?language=Basic")
    add_link(paragraph, " script", "javascript:alert(1)")
    add_link(paragraph, " fine", "https://example.org/fine")
    image = path.parent / "pixel.png"
    image.write_bytes(png(7))
    for target in (f"{url}/docx-linked.png", f"file://{secret}"):
        d.add_picture(str(image))
        blip = d.element.body.findall(".//" + qn("a:blip"))[-1]
        rel = d.part.relate_to(
            target,
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
            is_external=True,
        )
        del blip.attrib[qn("r:embed")]
        blip.set(qn("r:link"), rel)
    d.add_paragraph("The end.")
    d.save(str(path))
    return path


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file under ``folder``, and every member of its DOCX/ODT zips."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found[str(path)] = data
        if path.suffix in (".docx", ".odt"):
            with zipfile.ZipFile(path) as package:
                for name in package.namelist():
                    found[f"{path}!{name}"] = package.read(name)
    return found


def warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("warning:")]


def test_no_request_and_no_outside_file_from_any_format_or_release(
    tmp_path: Path, beacon: Beacon
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_text(MARKER, encoding="utf-8")
    root = small_project(tmp_path, "# Placeholder\n")
    (root / "source" / "alert" / "media").mkdir(parents=True)
    (root / "source" / "alert" / "media" / "map.png").write_bytes(png(42))
    source = root / "source" / "alert.md"
    source.write_text(hostile_source(beacon.url, secret), encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(hostile_page(beacon.url, secret), encoding="utf-8")
    word = hostile_docx(tmp_path / "word.docx", beacon.url, secret)

    imported = cli(root, "import", str(page), "--as", "page")
    imported += cli(root, "import", str(word), "--as", "word")
    for name in ("page", "word"):
        text = (root / "source" / f"{name}.md").read_text(encoding="utf-8")
        assert beacon.url not in text and MARKER not in text and str(secret) not in text
        assert not any(scheme in text for scheme in REFUSED), text
    assert "https://example.org/ok" in (root / "source" / "page.md").read_text(encoding="utf-8")
    assert len(warnings(imported)) >= 9, imported
    assert beacon.requests == []

    extracted = cli(root, "extract")
    refused_in_source = [w for w in warnings(extracted) if f"{source}:" in w]
    assert [w.split(":")[2] for w in refused_in_source] == [
        "10", "10", "12", "12", "12", "14", "14", "14", "16", "20",
    ]  # fmt: skip
    cli(root, "update")
    po_path = root / "locales" / "fr" / "alert.po"
    po = read_po(po_path)
    planted = hostile_translations(beacon.url, secret)
    for entry in po:
        if entry.msgid in planted:
            entry.msgstr = planted.pop(entry.msgid)
    assert planted == {}, "the source changed: update hostile_translations"
    write_po(po, po_path)

    built = cli(root, "build", "--format", "md,html,txt,pdf,docx,odt")
    refused_in_po = [w for w in warnings(built) if f"{po_path}:" in w]
    assert len(refused_in_po) == 10, built
    cli(root, "release", "--allow-draft")
    assert beacon.requests == []

    files = {**outputs(root / "build"), **outputs(root / "dist")}
    assert any(name.endswith("fr/alert.docx") for name in files)
    for name, data in files.items():
        for needle in (MARKER, beacon.url[7:], str(secret), *REFUSED):
            assert needle.encode() not in data, f"{needle} in {name}"
    # the project's own image still reaches every format that shows images
    pictures = [name for name, data in files.items() if data == png(42)]
    for lang in ("en", "fr"):
        assert any(name.endswith(f"build/{lang}/alert/media/map.png") for name in pictures)
        assert any(f"build/{lang}/alert.docx!word/media/" in name for name in pictures)
        assert any(f"build/{lang}/alert.odt!Pictures/" in name for name in pictures)
    html = files[str(root / "build" / "fr" / "alert.html")].decode()
    assert 'src="alert/media/map.png"' in html and "le rapport" in html
