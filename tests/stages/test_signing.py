"""release --sign: a real SSH signature over the manifest, the pages saying where it is.

One signed release of the basic fixture (tests/roots/basic), made with a
throwaway ed25519 key generated at test time in the test's temporary folder,
is checked with stock OpenSSH (``ssh-keygen -Y verify``), as anyone without
alerti18n would; the verification command itself is tested in test_verify.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from support.projects import BASIC, cli, copy_root, invoke
from support.tools import require_tool

from alerti18n.core.sshsig import NAMESPACE
from alerti18n.language.pagestrings import ui
from alerti18n.stages.signing import SIGNATURE

pytestmark = [pytest.mark.weasyprint, pytest.mark.pandoc, pytest.mark.slow]

DOC, DATE = "field-hospital", "2024-03-14"
PUBLIC_KEY_AT = "https://example.org/keys/alerts.pub"
IDENTITY = "alerts@example.org"


def keygen(folder: Path, name: str, passphrase: str = "") -> Path:
    """A throwaway ed25519 key pair made by ssh-keygen, outside any project."""
    tool = require_tool("ssh-keygen")
    key = folder / name
    subprocess.run(
        [tool, "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", str(key)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return key


def with_public_key(project: Path) -> Path:
    with (project / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[tool.alerti18n.signing]\npublic-key = "{PUBLIC_KEY_AT}"\n')
    return project


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(project, signed release folder of DOC, key) — a release made once for this module."""
    where = tmp_path_factory.mktemp("signed")
    keys = where / "keys"
    keys.mkdir()
    key = keygen(keys, "release-key")
    project = with_public_key(copy_root(BASIC, where))
    output = cli(project, "release", "--allow-draft", "--sign", str(key))
    assert "(signed)" in output
    return project, project / "dist" / DOC / DATE, key


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def openssh_verify(
    folder: Path, signers: Path, identity: str = IDENTITY
) -> subprocess.CompletedProcess:
    """What anyone runs: ssh-keygen -Y verify, the manifest on standard input."""
    with (folder / "manifest.json").open("rb") as stdin:
        return subprocess.run(
            [require_tool("ssh-keygen"), "-Y", "verify", "-f", str(signers), "-I", identity]
            + ["-n", NAMESPACE, "-s", str(folder / SIGNATURE)],
            stdin=stdin,
            capture_output=True,
            text=True,
        )


def allowed(folder: Path, key: Path, identity: str = IDENTITY) -> Path:
    path = folder / "allowed_signers"
    path.write_text(f"{identity} {key.with_suffix('.pub').read_text()}", encoding="utf-8")
    return path


def test_the_manifest_verifies_with_openssh_alone(
    released: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, folder, key = released
    done = openssh_verify(folder, allowed(tmp_path, key))
    assert done.returncode == 0, done.stderr
    assert f"signature for {IDENTITY}" in done.stdout


def test_the_manifest_records_the_key_and_how_each_text_came_about(
    released: tuple[Path, Path, Path],
) -> None:
    project, folder, key = released
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    fingerprint = subprocess.run(
        [require_tool("ssh-keygen"), "-l", "-f", str(key.with_suffix(".pub"))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[1]
    assert manifest["signing"] == {
        "signature": SIGNATURE,
        "namespace": NAMESPACE,
        "key": fingerprint,
        "key_type": "ED25519",
        "public_key": PUBLIC_KEY_AT,
    }
    langs = {entry["language"]: entry for entry in manifest["languages"]}
    for lang in ("hy", "fr"):
        origin = langs[lang]["provenance"]
        segments = langs[lang]["segments"]
        kinds = ("reviewed", "human", "memory", "machine", "fuzzy", "untranslated")
        assert sum(origin[kind] for kind in kinds) == segments["total"]
        assert origin["reviewed"] == segments["reviewed"]
        assert origin["published"] == segments["translated"]
    # every file of the folder is listed: the index page among the shared ones
    listed = {f["file"] for entry in manifest["languages"] for f in entry["files"]}
    listed |= {f["file"] for f in manifest["shared_files"]}
    assert listed == set(files_of(folder)) - {"manifest.json", SIGNATURE}
    assert "index.html" in listed


@pytest.mark.parametrize("lang", ["en", "hy", "fr"])
def test_every_page_and_pdf_says_where_the_signature_and_the_key_are(
    released: tuple[Path, Path, Path], lang: str
) -> None:
    _, folder, _ = released
    html = (folder / lang / f"{DOC}.html").read_text(encoding="utf-8")
    line = re.search(r'<p class="signed"[^>]*>([^<]*)</p>', html)
    assert line, "no signature line"
    text = unescape(line.group(1))
    assert text == ui(
        lang,
        "signed",
        manifest="manifest.json",
        signature=SIGNATURE,
        namespace=NAMESPACE,
        public_key=PUBLIC_KEY_AT,
    )
    assert 'lang="en"' not in line.group(0)  # in the page's language, not a fallback
    pdf = subprocess.run(
        [require_tool("pdftotext"), "-raw", str(folder / lang / f"{DOC}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = re.sub(r"\s+", "", pdf)
    for needle in ("manifest.json.sig", NAMESPACE, PUBLIC_KEY_AT):
        assert needle in flat, needle  # whole: never hyphenated where a line breaks


def test_releasing_again_changes_no_byte(released: tuple[Path, Path, Path], tmp_path: Path) -> None:
    project, folder, key = released
    copy = tmp_path / "again"
    shutil.copytree(project, copy)
    before = files_of(copy / "dist")
    cli(copy, "release", "--allow-draft", "--sign", str(key))
    assert files_of(copy / "dist") == before


def test_an_unsigned_release_drops_the_old_signature_and_the_page_line(
    released: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    project, _, _ = released
    copy = tmp_path / "unsigned"
    shutil.copytree(project, copy)
    cli(copy, "release", "--allow-draft")
    folder = copy / "dist" / DOC / DATE
    assert not (folder / SIGNATURE).exists()
    assert "signing" not in json.loads((folder / "manifest.json").read_text())
    assert 'class="signed"' not in (folder / "fr" / f"{DOC}.html").read_text(encoding="utf-8")


def test_a_passphrase_key_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    key = keygen(tmp_path, "locked", passphrase="correct horse")
    project = with_public_key(copy_root(BASIC, tmp_path))
    result = invoke(project, "release", "--allow-draft", "--sign", str(key))
    assert result.exit_code == 2
    assert "protected by a passphrase" in result.output and "ssh-add" in result.output
    assert not (project / "dist").exists()


def test_signing_needs_the_public_keys_address_and_a_key_outside_the_release(
    tmp_path: Path,
) -> None:
    key = keygen(tmp_path, "key")
    project = copy_root(BASIC, tmp_path)
    result = invoke(project, "release", "--allow-draft", "--sign", str(key))
    assert result.exit_code == 2 and "public-key" in result.output
    assert not (project / "dist").exists()
    with_public_key(project)
    inside = project / "dist" / "key"
    inside.parent.mkdir()
    shutil.copy(key, inside)
    result = invoke(project, "release", "--allow-draft", "--sign", str(inside))
    assert result.exit_code == 2 and "inside the release folder" in result.output
    assert [p.name for p in (project / "dist").iterdir()] == ["key"]
