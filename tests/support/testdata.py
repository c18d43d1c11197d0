"""Test data taken from registry packages, unpacked into the test venv (stdlib only).

``make test`` downloads the packages named in ``requirements-testdata.lock``
(hash-checked, never installed) and runs this script, which unpacks what the
tests read:

* ``po/django/``: Django's PO files (about 1,200 catalogs, 100 languages, written
  by translators through Transifex), for the msgcat conformance test
  (Django: BSD-3-Clause);
* ``commonmark/spec.json``: the CommonMark specification's examples, as
  markdown-it-py's source distribution ships them for the spec version it
  implements (spec: CC-BY-SA 4.0; markdown-it-py: MIT).

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
    found = len(list((out / "po" / "django").rglob("*.po")))
    if not found or not (out / "commonmark" / "spec.json").is_file():
        raise SystemExit(f"{downloads}: the test data was not found in the downloaded packages")
    print(f"test data: {found} Django PO files, the CommonMark spec examples → {out}")


if __name__ == "__main__":
    unpack(Path(sys.argv[1]), Path(sys.argv[2]))
