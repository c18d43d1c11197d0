"""Bad files given to ``import``: refused with exit 2, one line naming the file, nothing written.

Most are refused by ``alerti18n.importing._checks``, before any parser reads the file.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from msoffcrypto.format.ooxml import OOXMLFile
from support.docx import png, write_alert

from alerti18n.cli.main import main

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&lol3;</dc:title></cp:coreProperties>"""


def rezip(path: Path, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None):
    """The DOCX at ``path`` with some parts replaced or added (raw zip members)."""
    source = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, (replace or {}).get(item.filename, source.read(item)))
        for name, data in (add or {}).items():
            target.writestr(name, data)
    path.write_bytes(out.getvalue())


def encrypted(path: Path) -> Path:
    """``path`` (a DOCX) encrypted with a password, as Word's "Encrypt with Password" does
    (ECMA-376 agile encryption, by msoffcrypto-tool); checked to decrypt back."""
    plain = path.read_bytes()
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("s3cret", out)
    locked = OOXMLFile(io.BytesIO(out.getvalue()))
    locked.load_key(password="s3cret")
    check = io.BytesIO()
    locked.decrypt(check)
    assert check.getvalue() == plain
    path.write_bytes(out.getvalue())
    return path


def make(kind: str, tmp: Path) -> Path:
    if kind == "text-as-docx":
        path = tmp / "alert.docx"
        path.write_text("Just some text, saved with the wrong extension.\n")
    elif kind == "odt-as-docx":
        path = tmp / "alert.docx"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            z.writestr("content.xml", "<office:document-content/>")
    elif kind == "docx-as-odt":
        path = write_alert(tmp / "alert.docx").rename(tmp / "alert.odt")
    elif kind == "png-as-html":
        path = tmp / "alert.html"
        path.write_bytes(png())
    elif kind == "encrypted":
        path = encrypted(write_alert(tmp / "alert.docx"))
    elif kind == "zip-slip":
        path = write_alert(tmp / "alert.docx")
        rezip(path, add={"word/media/../../../../evil.png": png()})
    elif kind == "absolute-member":
        path = write_alert(tmp / "alert.docx")
        rezip(path, add={"/tmp/evil.png": png()})
    elif kind == "xml-bomb":
        path = write_alert(tmp / "alert.docx")
        rezip(path, replace={"docProps/core.xml": BILLION_LAUGHS})
    elif kind == "zip-bomb":
        path = write_alert(tmp / "alert.docx")
        rezip(path, add={"word/media/big.bin": bytes(30 * 1024 * 1024)})
    else:
        path = tmp / "alert.pdf"
        path.write_bytes(b"%PDF-1.4\n")
    return path


CASES = {
    "text-as-docx": "not a DOCX: not a zip package",
    "odt-as-docx": "not a DOCX",
    "docx-as-odt": "not an ODT",
    "png-as-html": "not an HTML file",
    "encrypted": "password-protected",
    "zip-slip": "unsafe part name",
    "absolute-member": "unsafe part name",
    "xml-bomb": "XML bomb",
    "zip-bomb": "zip bomb",
    "pdf": "cannot import a .pdf",
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_bad_file_is_refused_and_nothing_written(kind: str, tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert CliRunner().invoke(main, ["init", str(root), "--target", "fr"]).exit_code == 0
    before = sorted(p.relative_to(root) for p in root.rglob("*") if ".alerti18n" not in p.parts)
    inputs = tmp_path / "in"
    inputs.mkdir()
    path = make(kind, inputs)
    result = CliRunner().invoke(main, ["import", str(path), "--project", str(root)])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {path}: ") and CASES[kind] in lines[0]
    after = sorted(p.relative_to(root) for p in root.rglob("*") if ".alerti18n" not in p.parts)
    assert after == before
    assert not (tmp_path / "evil.png").exists()
    assert list((root / ".alerti18n").glob("import-*")) == []


@pytest.mark.pandoc
@pytest.mark.parametrize(("declared", "warned"), [("ru-RU", True), ("en-GB", False), ("", False)])
def test_a_word_file_in_another_language_is_named_not_copied(
    tmp_path: Path, declared: str, warned: bool
) -> None:
    """A Word file marked Russian in an English project (issue #23): a warning naming both
    languages; the source keeps the project's language, which sentences and checks follow."""
    import docx

    from alerti18n.text.segment import parse_document

    root = tmp_path / "p"
    assert CliRunner().invoke(main, ["init", str(root), "--target", "fr"]).exit_code == 0
    path = write_alert(tmp_path / "alert.docx")
    document = docx.Document(str(path))
    document.core_properties.language = declared
    document.save(str(path))
    result = CliRunner().invoke(main, ["import", str(path), "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert ("Russian (ru-RU)" in result.output and "English (en)" in result.output) is warned
    assert parse_document(root / "source" / "alert.md").front_matter["lang"] == "en"
