"""Test data taken from registry packages, unpacked into the test venv (stdlib only).

``make test`` downloads the packages named in ``requirements-testdata.lock``
(hash-checked, never installed) and runs this script, which unpacks what the
tests read:

* ``po/django/``: Django's PO files (about 1,200 catalogs, 100 languages, written
  by translators through Transifex), for the msgcat conformance test
  (Django: BSD-3-Clause);
* ``commonmark/spec.json``: the CommonMark specification's examples, as
  markdown-it-py's source distribution ships them for the spec version it
  implements (spec: CC-BY-SA 4.0; markdown-it-py: MIT);
* ``conformance/<format>/<source>/``: the public documents of the import
  conformance test (``tests/e2e/test_conformance.py``), as the source
  distributions named in :data:`CONFORMANCE` ship them: python-docx's test
  DOCX files (MIT), odfpy's (Apache-2.0/GPL/LGPL) and ezodf's (MIT) test ODT
  files, and the saved article pages of newspaper4k (MIT; with the article
  text its authors expect, ``<page>.txt``), trafilatura (Apache-2.0) and
  html-text (MIT). The pages' own texts belong to their publishers; they
  are read here as their packages ship them, never copied into the repository.

Run by hand: ``python tests/support/testdata.py DOWNLOADS OUT``.
"""

from __future__ import annotations

import shutil
import sys
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

#: Where the tests find the data: inside the venv that runs them.
TESTDATA = Path(sys.prefix) / "testdata"
DJANGO_PO = TESTDATA / "po" / "django"
COMMONMARK_SPEC = TESTDATA / "commonmark" / "spec.json"
CONFORMANCE_DOCS = TESTDATA / "conformance"

#: The conformance test's documents: (sdist name prefix, folder inside it, suffixes, where
#: they go under conformance/, the name prefix that keeps two folders' files apart).
CONFORMANCE = (
    ("python_docx-", "features/steps/test_files", (".docx",), "docx/python-docx", ""),
    ("python_docx-", "tests/test_files", (".docx",), "docx/python-docx", "unit-"),
    ("odfpy-", "tests/examples", (".odt",), "odt/odfpy", ""),
    ("ezodf-", "tests/data", (".odt",), "odt/ezodf", ""),
    ("newspaper4k-", "tests/data/html", (".html",), "html/newspaper4k", ""),
    ("newspaper4k-", "tests/data/txt", (".txt",), "html/newspaper4k", ""),
    ("trafilatura-", "tests/resources", (".html",), "html/trafilatura", ""),
    ("html_text-", "tests/test_webpages", (".html",), "html/html-text", ""),
)


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise SystemExit(f"{name}: unsafe member name in a downloaded package")
    return path


def unpack(downloads: Path, out: Path) -> None:
    """Unpack the test data from the downloaded distributions into ``out`` (made anew)."""
    if out.exists():
        shutil.rmtree(out)
    (wheel,) = downloads.glob("django-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            member = _safe(name)
            if member.suffix == ".po" and member.parts[0] == "django":
                target = out / "po" / "django" / Path(*member.parts[1:])
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    (sdist,) = downloads.glob("markdown_it_py-*.tar.gz")
    with tarfile.open(sdist) as archive:
        for info in archive.getmembers():
            member = _safe(info.name)
            if member.parts[1:] == ("tests", "test_cmark_spec", "commonmark.json"):
                data = archive.extractfile(info)
                assert data is not None
                target = out / "commonmark" / "spec.json"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data.read())
    documents = sum(_conformance(downloads, out / "conformance", *row) for row in CONFORMANCE)
    found = len(list((out / "po" / "django").rglob("*.po")))
    if not found or not (out / "commonmark" / "spec.json").is_file() or not documents:
        raise SystemExit(f"{downloads}: the test data was not found in the downloaded packages")
    print(
        f"test data: {found} Django PO files, the CommonMark spec examples, "
        f"{documents} conformance documents → {out}"
    )


def _plain(name: str) -> str:
    """A file name with only letters, digits, dots, hyphens and underscores."""
    stem, dot, suffix = name.rpartition(".")
    plain = "".join(c if c.isalnum() or c in "_-" else "-" for c in stem.lower())
    return "-".join(part for part in plain.split("-") if part) + dot + suffix.lower()


def _conformance(
    downloads: Path, out: Path, sdist: str, folder: str, suffixes: tuple, to: str, prefix: str
) -> int:
    """Unpack one folder of a source distribution's documents; how many."""
    (archive_path,) = downloads.glob(f"{sdist}*.tar.gz")
    count = 0
    with tarfile.open(archive_path) as archive:
        for info in archive.getmembers():
            member = _safe(info.name)
            inside = PurePosixPath(*member.parts[1:])
            if not info.isfile() or inside.parent != PurePosixPath(folder):
                continue
            if member.suffix.lower() not in suffixes:
                continue
            data = archive.extractfile(info)
            assert data is not None
            target = out / to / (prefix + _plain(member.name))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.read())
            count += 1
    return count


if __name__ == "__main__":
    unpack(Path(sys.argv[1]), Path(sys.argv[2]))
