"""Word in, Word out: import DOCX/ODT/HTML, translate, build per-language DOCX (real pandoc).

The importers through the command: ``alerti18n.importing.docx``, ``alerti18n.importing.odt``
and what they share (``alerti18n.importing.office``), ``alerti18n.importing.html``.

Inputs are written by the tests: a DOCX with python-docx, and the same
document saved by a real LibreOffice (``soffice``, installed by .ci/run) as
ODT and as DOCX. Outputs are read back with python-docx.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from babel.dates import format_date
from click.testing import CliRunner
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from support.docx import MODIFIED, SECOND, png, translate_all, write_alert
from support.projects import invoke
from support.tools import require_tool

from alerti18n.cli.main import main
from alerti18n.output.render import ui
from alerti18n.po.pofile import read_po
from alerti18n.text.segment import parse_document

pytestmark = pytest.mark.pandoc


@pytest.fixture
def ar_project(tmp_path: Path) -> Path:
    """A new project translating English into Arabic and French, with no document yet."""
    root = tmp_path / "p"
    result = CliRunner().invoke(main, ["init", str(root), "--target", "ar,fr", "--name", "t"])
    assert result.exit_code == 0, result.output
    for path in (root / "source").glob("*.md"):
        path.unlink()
    return root


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def body_paragraphs(document, skip: tuple[str, ...]) -> list:
    return [p for p in document.paragraphs if p.text.strip() and p.style.name not in skip]


def headings(document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]


def default_lang(path: Path) -> dict[str, str]:
    """The attributes of w:lang in the document's default run properties (styles.xml)."""
    from lxml import etree

    styles = etree.fromstring(zipfile.ZipFile(path).read("word/styles.xml"))
    found = styles.find(f".//{qn('w:docDefaults')}//{qn('w:lang')}")
    assert found is not None
    return {etree.QName(k).localname: v for k, v in found.attrib.items()}


def test_docx_import_translate_build_docx(ar_project: Path, tmp_path: Path) -> None:
    source_docx = write_alert(tmp_path / "alert.docx")
    result = invoke(ar_project, "import", str(source_docx))
    assert result.exit_code == 0, result.output
    markdown = ar_project / "source" / "alert.md"
    doc = parse_document(markdown)
    meta = doc.front_matter
    # the visible Title paragraph wins over the core property; the date is the last save
    assert meta["title"] == "Urgent alert on the blockade"
    assert meta["date"] == MODIFIED.date()
    assert meta["publisher"] == "Jane Doe" and meta["lang"] == "en"
    text = markdown.read_text()
    assert "# What happened" in text and "## What we ask" in text
    assert "[full report](https://example.org/report)" in text
    assert "| 12 December | The road was closed. |" in text
    assert "<" not in text.split("---", 2)[2]  # no raw HTML
    (image_ref,) = [line for line in text.splitlines() if line.startswith("![")]
    image = ar_project / "source" / image_ref.split("(")[1].rstrip(")")
    assert image.read_bytes() == png()
    assert image.parent == ar_project / "source" / "alert" / "media"

    for step in ("extract", "update"):
        assert invoke(ar_project, step).exit_code == 0
    french = translate_all(ar_project)
    result = invoke(ar_project, "build", "--format", "md,html,docx")
    assert result.exit_code == 0, result.output

    source = docx.Document(str(source_docx))
    src_body = body_paragraphs(source, ("Title",))
    for lang in ("en", "ar", "fr"):
        built = ar_project / "build" / lang / "alert.docx"
        out = docx.Document(str(built))
        # same headings, same heading levels, same number of paragraphs of text
        assert [s for s, _ in headings(out)] == [s for s, _ in headings(source)]
        assert len(body_paragraphs(out, ("Title", "Date", "Notice"))) == len(src_body)
        assert [p.text for p in out.paragraphs if p.style.name == "Title"] == [
            (f"«{lang}» " if lang != "en" else "") + "Urgent alert on the blockade"
        ]
        assert len(out.tables) == 1 and len(out.tables[0].rows) == 2
        assert len(out.inline_shapes) == 1  # the image, embedded
        # the image is copied beside the HTML page too
        assert (ar_project / "build" / lang / "alert" / "media" / image.name).read_bytes() == png()
    fr = docx.Document(str(ar_project / "build" / "fr" / "alert.docx"))
    fr_text = all_text(fr)
    for msgid, msgstr in french.items():
        if "](" not in msgid:
            assert msgstr in fr_text, msgstr
    assert "«fr» Read the full report before you call." in fr_text
    assert fr.paragraphs[1].style.name == "Date"
    date = format_date(MODIFIED.date(), "long", locale="fr")
    assert fr.paragraphs[1].text == ui("fr", "published", publisher="Jane Doe", date=date)
    # the language is on the text; Arabic is right-to-left paragraph by paragraph
    assert default_lang(ar_project / "build" / "fr" / "alert.docx")["val"] == "fr"
    assert default_lang(ar_project / "build" / "ar" / "alert.docx")["bidi"] == "ar"
    ar = docx.Document(str(ar_project / "build" / "ar" / "alert.docx"))
    paragraphs = ar.element.body.iter(qn("w:p"))
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in paragraphs)
    assert not list(fr.element.body.iter(qn("w:bidi")))


def test_reimport_after_one_edit_makes_only_that_sentence_fuzzy(
    ar_project: Path, tmp_path: Path
) -> None:
    first = write_alert(tmp_path / "alert.docx")
    assert invoke(ar_project, "import", str(first)).exit_code == 0
    for step in ("extract", "update"):
        assert invoke(ar_project, step).exit_code == 0
    translate_all(ar_project)
    edited = tmp_path / "v2" / "alert.docx"
    edited.parent.mkdir()
    write_alert(edited, second="Food, fuel and medicine cannot enter.")
    result = invoke(ar_project, "import", str(edited))
    assert result.exit_code == 0, result.output
    for step in ("extract", "update"):
        assert invoke(ar_project, step).exit_code == 0
    po = read_po(ar_project / "locales" / "fr" / "alert.po")
    active = [e for e in po if e.msgid and not e.obsolete]
    fuzzy = [e.msgid for e in active if "fuzzy" in e.flags]
    assert fuzzy == ["Food, fuel and medicine cannot enter."]
    assert all(e.translated() for e in active if "fuzzy" not in e.flags)


@pytest.mark.libreoffice
def test_libreoffice_written_docx_and_odt(ar_project: Path, tmp_path: Path) -> None:
    """The same alert saved by a real LibreOffice, as ODT and as DOCX, imports alike."""
    soffice = require_tool("soffice")
    original = write_alert(tmp_path / "alert.docx")
    lo = tmp_path / "lo"
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    conversions = (
        ("odt", original, lo),
        ("docx:MS Word 2007 XML", lo / "alert.odt", lo / "docx"),
    )
    for target, src, folder in conversions:
        subprocess.run(
            [soffice, profile, "--headless", "--convert-to", target, "--outdir", str(folder)]
            + [str(src)],
            check=True,
            capture_output=True,
            env=env,
            timeout=120,
        )
    written = {"odt": lo / "alert.odt", "docx": lo / "docx" / "alert.docx"}
    assert b"LibreOffice" in zipfile.ZipFile(written["docx"]).read("docProps/app.xml")
    texts = {}
    for kind, path in written.items():
        result = invoke(ar_project, "import", str(path), "--as", f"lo-{kind}")
        assert result.exit_code == 0, result.output
        texts[kind] = (ar_project / "source" / f"lo-{kind}.md").read_text()
    for text in texts.values():
        assert "# What happened" in text and "## What we ask" in text
        assert f"The blockade has lasted nine months. {SECOND}" in text
        assert "[full report](https://example.org/report)" in text
        assert "The road was closed." in text
        assert "Urgent alert on the blockade" in text
        assert "date: 2023-09-22" in text and "publisher: Jane Doe" in text
        assert "/media/" in text
    assert invoke(ar_project, "extract").exit_code == 0
    assert invoke(ar_project, "update").exit_code == 0
    result = invoke(ar_project, "build", "--format", "docx,odt", "--lang", "ar")
    assert result.exit_code == 0, result.output
    out = docx.Document(str(ar_project / "build" / "ar" / "lo-docx.docx"))
    assert [s for s, _ in headings(out)] == ["Heading 1", "Heading 2"]
    assert "title: Urgent alert on the blockade" in texts["docx"]  # Word's Title paragraph
    assert len(out.inline_shapes) == 1
    assert zipfile.ZipFile(ar_project / "build" / "ar" / "lo-odt.odt").read("mimetype") == (
        b"application/vnd.oasis.opendocument.text"
    )


def test_tracked_changes_and_comments_are_warned_about(ar_project: Path, tmp_path: Path) -> None:
    path = write_alert(tmp_path / "alert.docx")
    d = docx.Document(str(path))
    paragraph = d.paragraphs[2]
    insertion = OxmlElement("w:ins")
    insertion.set(qn("w:id"), "901")
    insertion.set(qn("w:author"), "Editor")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = " Added later."
    run.append(t)
    insertion.append(run)
    paragraph._p.append(insertion)
    d.add_comment(paragraph.runs[0], text="Check this figure", author="Editor")
    d.save(str(path))
    result = invoke(ar_project, "import", str(path))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2
    assert "1 tracked change(s)" in warnings[0] and str(path) in warnings[0]
    assert "1 comment(s)" in warnings[1]
    assert "Added later." in (ar_project / "source" / "alert.md").read_text()  # accepted
    assert "Check this figure" not in (ar_project / "source" / "alert.md").read_text()


PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Alerte | Site</title>
<meta property="og:title" content="Alerte urgente">
<meta property="og:site_name" content="Institut Lemkin">
<meta property="article:published_time" content="2023-09-22T09:00:00+00:00">
<script>var tracker = "SCRIPT-TEXT";</script><style>.x{color:red}</style></head>
<body><header><a href="/">Accueil</a><nav><a href="/a">NAV-TEXT</a></nav></header>
<main><article><h1>Alerte urgente</h1>
<p>Le blocus dure depuis neuf mois. <em>Rien</em> n’entre.</p>
<aside>ASIDE-TEXT</aside><img src="img/carte.png" alt="Carte">
<img src="../outside.png" alt="dehors"><ul><li>Ouvrez le corridor.</li></ul>
<script>alert("INLINE-SCRIPT")</script><form><button>FORM-TEXT</button></form>
</article></main><footer>FOOTER-TEXT</footer></body></html>
"""


def test_html_page_import_keeps_only_the_article(ar_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "img" / "carte.png").write_bytes(png(10))
    (tmp_path / "outside.png").write_bytes(png(20))
    page = site / "alerte.html"
    page.write_text(PAGE, encoding="utf-8")
    result = invoke(ar_project, "import", str(page), "--as", "alerte")
    assert result.exit_code == 0, result.output
    text = (ar_project / "source" / "alerte.md").read_text()
    meta = parse_document(ar_project / "source" / "alerte.md").front_matter
    assert meta == {
        "title": "Alerte urgente",
        "date": dt.date(2023, 9, 22),
        "publisher": "Institut Lemkin",
        "lang": "en",  # the project's: the page's own (French) is named in a warning
    }
    assert "French (fr)" in result.output and "English (en)" in result.output
    assert "# Alerte urgente" in text
    assert "Le blocus dure depuis neuf mois. *Rien* n’entre." in text
    assert "- Ouvrez le corridor." in text
    for gone in (
        "NAV-TEXT",
        "SCRIPT-TEXT",
        "INLINE-SCRIPT",
        "ASIDE-TEXT",
        "FORM-TEXT",
        "FOOTER-TEXT",
        "Accueil",
        "color:red",
    ):
        assert gone not in text
    assert "![Carte](alerte/media/carte.png)" in text
    assert (ar_project / "source" / "alerte" / "media" / "carte.png").read_bytes() == png(10)
    # outside the page's folder: not copied, shown as its text, with a warning
    assert "../outside.png" not in text and "![Carte](alerte/media/carte.png) dehors" in text
    assert "image ../outside.png is not one of the project's images" in result.output
    assert len(list((ar_project / "source" / "alerte" / "media").iterdir())) == 1


def test_docx_release_is_byte_reproducible(ar_project: Path, tmp_path: Path) -> None:
    assert invoke(ar_project, "import", str(write_alert(tmp_path / "alert.docx"))).exit_code == 0
    for step in ("extract", "update"):
        assert invoke(ar_project, step).exit_code == 0
    trees = []
    for out in ("one", "two"):
        result = invoke(ar_project, "release", "--allow-draft", "--out", str(tmp_path / out))
        assert result.exit_code == 0, result.output
        folder = tmp_path / out / "alert" / MODIFIED.date().isoformat()
        trees.append(
            {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        )
    assert trees[0] == trees[1]
    assert Path("ar/alert.docx") in trees[0] and Path("ar/alert/media/image1.png") in trees[0]
    import json

    manifest = json.loads(trees[0][Path("manifest.json")])
    ar = next(e for e in manifest["languages"] if e["language"] == "ar")
    assert {f["file"] for f in ar["files"]} >= {"ar/alert.docx", "ar/alert/media/image1.png"}
    draft = docx.Document(str(tmp_path / "one" / "alert" / "2023-09-22" / "fr" / "alert.docx"))
    notices = [p.text for p in draft.paragraphs if p.style.name == "Notice"]
    assert any(text.startswith("Version provisoire") for text in notices)


def test_reference_docx_styles_the_output(ar_project: Path, tmp_path: Path) -> None:
    assert invoke(ar_project, "import", str(write_alert(tmp_path / "alert.docx"))).exit_code == 0
    reference = docx.Document()
    reference.styles["Heading 1"].font.name = "Letterhead Serif"
    reference.save(str(ar_project / "reference.docx"))
    assert invoke(ar_project, "extract").exit_code == 0
    result = invoke(ar_project, "build", "--format", "docx", "--lang", "fr")
    assert result.exit_code == 0, result.output
    out = docx.Document(str(ar_project / "build" / "fr" / "alert.docx"))
    assert out.styles["Heading 1"].font.name == "Letterhead Serif"
    shutil.rmtree(ar_project / "build")
