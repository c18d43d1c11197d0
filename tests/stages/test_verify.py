"""alerti18n verify: a signed release checked, then tampered with, as a reader would find it.

A release of the basic fixture is signed once with a throwaway key made at
test time; each test checks a copy of its folder. Every tampering is also
shown to OpenSSH's own ``ssh-keygen -Y verify`` where the signature is
concerned, so both refuse the same things.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support.projects import BASIC, cli, copy_root, invoke
from support.tools import require_tool

from alerti18n.core.sshsig import NAMESPACE
from alerti18n.stages.signing import SIGNATURE
from alerti18n.stages.verify import ReleaseChanged, verify_release

pytestmark = [pytest.mark.weasyprint, pytest.mark.pandoc, pytest.mark.slow]

DOC, DATE = "field-hospital", "2024-03-14"
IDENTITY = "alerts@example.org"


def keygen(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(
        [require_tool("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return key


@pytest.fixture(scope="module")
def signed_release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the signed release folder, an allowed-signers file naming its key)."""
    where = tmp_path_factory.mktemp("verify")
    keys = where / "keys"
    keys.mkdir()
    key = keygen(keys, "release-key")
    project = copy_root(BASIC, where)
    with (project / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write('\n[tool.alerti18n.signing]\npublic-key = "https://example.org/k.pub"\n')
    cli(project, "release", "--allow-draft", "--sign", str(key))
    signers = keys / "allowed_signers"
    signers.write_text(f"{IDENTITY} {key.with_suffix('.pub').read_text()}", encoding="utf-8")
    return project / "dist" / DOC / DATE, signers


@pytest.fixture
def release(signed_release: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the signed release folder, to tamper with."""
    copy = tmp_path / "release"
    shutil.copytree(signed_release[0], copy)
    return copy


def openssh(folder: Path, signers: Path) -> int:
    with (folder / "manifest.json").open("rb") as stdin:
        return subprocess.run(
            [require_tool("ssh-keygen"), "-Y", "verify", "-f", str(signers), "-I", IDENTITY]
            + ["-n", NAMESPACE, "-s", str(folder / SIGNATURE)],
            stdin=stdin,
            capture_output=True,
        ).returncode


def test_an_untouched_release_verifies(release: Path, signed_release: tuple[Path, Path]) -> None:
    signers = signed_release[1]
    output = cli(None, "verify", str(release), "--allowed-signers", str(signers))
    assert f"signed by {IDENTITY} (ED25519 key SHA256:" in output
    manifest = json.loads((release / "manifest.json").read_text())
    count = sum(len(entry["files"]) for entry in manifest["languages"]) + 1  # + index.html
    assert f"verify: {count} file(s) match" in output
    # the identity given explicitly, as in the OpenSSH command
    cli(None, "verify", str(release), "--allowed-signers", str(signers), "--identity", IDENTITY)
    assert openssh(release, signers) == 0


def test_a_changed_file_is_named(release: Path, signed_release: tuple[Path, Path]) -> None:
    page = release / "fr" / f"{DOC}.html"
    html = page.read_text(encoding="utf-8")
    assert "<main>" in html
    page.write_text(html.replace("<main>", "<main>\n<p>A forged sentence.</p>"), "utf-8")
    result = invoke(None, "verify", str(release), "--allowed-signers", str(signed_release[1]))
    assert result.exit_code == 1
    assert f"fr/{DOC}.html: differs from the SHA-256 the manifest records" in result.output
    assert openssh(release, signed_release[1]) == 0  # the signature covers the manifest only


def test_the_first_of_several_changes_is_named_with_a_count(release: Path) -> None:
    (release / "hy" / f"{DOC}.txt").write_text("forged\n", encoding="utf-8")
    (release / "fr" / f"{DOC}.pdf").unlink()
    with pytest.raises(ReleaseChanged) as error:
        verify_release(release)
    assert error.value.path == release / "hy" / f"{DOC}.txt" or error.value.path == (
        release / "fr" / f"{DOC}.pdf"
    )
    assert "1 more file(s) differ" in error.value.message


def test_a_changed_manifest_fails_the_signature(
    release: Path, signed_release: tuple[Path, Path]
) -> None:
    """A forger edits a file and its digest in the manifest: the digests agree, the signature
    does not, for alerti18n and for OpenSSH."""
    page = release / "hy" / f"{DOC}.txt"
    page.write_text("forged text\n", encoding="utf-8")
    manifest = release / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["languages"]:
        for listed in entry["files"]:
            if listed["file"] == f"hy/{DOC}.txt":
                listed["sha256"] = hashlib.sha256(page.read_bytes()).hexdigest()
    manifest.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    result = invoke(None, "verify", str(release), "--allowed-signers", str(signed_release[1]))
    assert result.exit_code == 1
    assert f"{SIGNATURE}: the signature does not verify" in result.output
    assert openssh(release, signed_release[1]) != 0
    # without an allowed-signers file the signature is still checked against the manifest
    result = invoke(None, "verify", str(release))
    assert result.exit_code == 1 and "does not verify" in result.output


def test_a_file_added_after_the_release_is_named(release: Path) -> None:
    (release / "fr" / "extra.html").write_text("<p>added</p>\n", encoding="utf-8")
    result = invoke(None, "verify", str(release))
    assert result.exit_code == 1
    assert "file(s) the manifest does not list: fr/extra.html" in result.output


def test_another_key_or_a_missing_signature_is_refused(
    release: Path, signed_release: tuple[Path, Path], tmp_path: Path
) -> None:
    other = keygen(tmp_path, "other")
    strangers = tmp_path / "strangers"
    strangers.write_text(f"{IDENTITY} {other.with_suffix('.pub').read_text()}", encoding="utf-8")
    result = invoke(None, "verify", str(release), "--allowed-signers", str(strangers))
    assert result.exit_code == 1 and "no key in the allowed-signers file" in result.output
    result = invoke(
        None, "verify", str(release), "--allowed-signers", str(strangers), "--identity", IDENTITY
    )
    assert result.exit_code == 1 and "does not verify" in result.output
    assert openssh(release, strangers) != 0
    (release / SIGNATURE).unlink()
    result = invoke(None, "verify", str(release), "--allowed-signers", str(signed_release[1]))
    assert result.exit_code == 1 and "not signed" in result.output
    output = cli(None, "verify", str(release))  # unsigned, no signer asked for: digests only
    assert "not signed" in output


def test_without_allowed_signers_the_signer_is_said_to_be_unchecked(release: Path) -> None:
    output = cli(None, "verify", str(release))
    assert "signer was NOT checked" in output


def test_a_manifest_that_points_outside_its_folder_is_bad_input(
    release: Path, tmp_path: Path
) -> None:
    secret = release.parent / "secret.txt"
    secret.write_text("outside\n", encoding="utf-8")
    (release / SIGNATURE).unlink()
    manifest = release / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["shared_files"].append({"file": "../secret.txt", "sha256": "0" * 64})
    manifest.write_text(json.dumps(data), encoding="utf-8")
    result = invoke(None, "verify", str(release))
    assert result.exit_code == 2 and "outside its folder" in result.output
    manifest.write_text("{not json", encoding="utf-8")
    result = invoke(None, "verify", str(release))
    assert result.exit_code == 2 and "cannot be read" in result.output
    result = invoke(None, "verify", str(tmp_path))
    assert result.exit_code == 2 and "not a release folder" in result.output
