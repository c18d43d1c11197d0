"""SSH signatures through the real ssh-keygen, with throwaway keys made at test time.

Keys live in the test's temporary folder and nowhere else; the passphrase test
runs with standard input closed and no terminal, as CI does, and must fail at
once instead of waiting for a prompt.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from support.tools import require_tool

from alerti18n.core import sshsig
from alerti18n.core.errors import AlertI18nError


def make_key(folder: Path, name: str = "key", passphrase: str = "") -> Path:
    """A new ed25519 key pair in ``folder`` (``name`` and ``name.pub``), made by ssh-keygen."""
    tool = require_tool("ssh-keygen")
    key = folder / name
    subprocess.run(
        [tool, "-q", "-t", "ed25519", "-N", passphrase, "-C", "test", "-f", str(key)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return key


def allowed_signers(folder: Path, identity: str, key: Path) -> Path:
    """An OpenSSH allowed-signers file naming ``identity`` for ``key``'s public half."""
    path = folder / "allowed_signers"
    path.write_text(f"{identity} {key.with_suffix('.pub').read_text()}", encoding="utf-8")
    return path


@pytest.fixture
def signed(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(key, data, its signature) in a temporary folder."""
    key = make_key(tmp_path)
    data = tmp_path / "data.json"
    data.write_bytes(b'{"a": 1}\n')
    signature = tmp_path / "data.json.sig"
    signature.write_bytes(sshsig.sign(key, data.read_bytes()))
    return key, data, signature


def test_a_signature_is_openssh_armored_and_verifies_with_ssh_keygen(
    signed: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    key, data, signature = signed
    assert signature.read_text().startswith("-----BEGIN SSH SIGNATURE-----")
    signers = allowed_signers(tmp_path, "alerts@example.org", key)
    with data.open("rb") as stdin:
        done = subprocess.run(
            [require_tool("ssh-keygen"), "-Y", "verify", "-f", str(signers)]
            + ["-I", "alerts@example.org", "-n", sshsig.NAMESPACE, "-s", str(signature)],
            stdin=stdin,
            capture_output=True,
            text=True,
        )
    assert done.returncode == 0, done.stderr
    found = sshsig.verify(data.read_bytes(), signature, signers, "alerts@example.org")
    assert found.principal == "alerts@example.org"
    assert found.key_type == "ED25519" and found.fingerprint.startswith("SHA256:")
    assert sshsig.find_principals(signature, signers) == ["alerts@example.org"]
    assert sshsig.check(data.read_bytes(), signature).fingerprint == found.fingerprint


def test_changed_data_another_namespace_or_another_key_do_not_verify(
    signed: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    key, data, signature = signed
    signers = allowed_signers(tmp_path, "alerts@example.org", key)
    data.write_bytes(b'{"a": 2}\n')
    with pytest.raises(sshsig.SignatureError, match="does not verify") as error:
        sshsig.verify(data.read_bytes(), signature, signers, "alerts@example.org")
    assert error.value.exit_code == 1
    with pytest.raises(sshsig.SignatureError):
        sshsig.check(data.read_bytes(), signature)
    data.write_bytes(b'{"a": 1}\n')
    with pytest.raises(sshsig.SignatureError):  # a git or file signature is not a release's
        sshsig.check(data.read_bytes(), signature, namespace="file")
    other = make_key(tmp_path, "other")
    strangers = allowed_signers(tmp_path, "alerts@example.org", other)
    with pytest.raises(sshsig.SignatureError):
        sshsig.verify(data.read_bytes(), signature, strangers, "alerts@example.org")
    assert sshsig.find_principals(signature, strangers) == []


def test_signing_is_deterministic_for_ed25519(signed: tuple[Path, Path, Path]) -> None:
    key, data, signature = signed
    assert sshsig.sign(key, data.read_bytes()) == signature.read_bytes()


def test_a_passphrase_protected_key_is_a_clear_error_not_a_prompt(tmp_path: Path) -> None:
    key = make_key(tmp_path, "locked", passphrase="correct horse")
    with pytest.raises(AlertI18nError, match="protected by a passphrase") as error:
        sshsig.sign(key, b"data")
    assert error.value.exit_code == 2
    assert "ssh-add" in (error.value.hint or "")


def test_a_passphrase_prompt_never_reaches_the_terminal(tmp_path: Path) -> None:
    """Run from a terminal (``script`` gives the command one, whose input stays open), plain
    ``ssh-keygen -Y sign`` would wait there for the passphrase; alerti18n's must not."""
    script = require_tool("script")
    key = make_key(tmp_path, "locked", passphrase="correct horse")
    code = (
        "from pathlib import Path\nfrom alerti18n.core import sshsig\n"
        f"try:\n    sshsig.sign(Path({str(key)!r}), b'x')\n"
        "except Exception as error:\n    print('refused:', error)\n"
    )
    command = shlex.join([sys.executable, "-c", code])
    with subprocess.Popen(
        [script, "-qec", command, os.devnull],
        stdin=subprocess.PIPE,  # kept open: a prompt would wait for a line
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    ) as process:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("ssh-keygen waited for a passphrase on the terminal")
        finally:
            assert process.stdin is not None
            process.stdin.close()
        assert process.stdout is not None
        output = process.stdout.read().decode("utf-8", "replace")
    assert "refused:" in output and "protected by a passphrase" in output, output
    assert "Enter passphrase" not in output


def test_a_probe_says_whether_a_key_signs_and_which_key_it_is(tmp_path: Path) -> None:
    key = make_key(tmp_path)
    fingerprint = subprocess.run(
        [require_tool("ssh-keygen"), "-l", "-f", str(key.with_suffix(".pub"))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[1]
    assert sshsig.probe(key).fingerprint == fingerprint
    assert sorted(tmp_path.iterdir()) == sorted([key, key.with_suffix(".pub")])  # nothing else


def test_a_missing_or_unusable_key_is_bad_input(tmp_path: Path) -> None:
    require_tool("ssh-keygen")
    with pytest.raises(AlertI18nError, match="signing key not found"):
        sshsig.sign(tmp_path / "absent", b"data")
    junk = tmp_path / "junk"
    junk.write_text("not a key\n")
    with pytest.raises(AlertI18nError, match="could not sign") as error:
        sshsig.sign(junk, b"data")
    assert error.value.path == junk
