"""SSH signatures through OpenSSH's own ``ssh-keygen -Y``: sign, verify, find the signer.

Files: ``ssh-keygen -Y sign`` signs a file and writes the signature beside it,
so the data is copied into a private temporary folder and signed there (the
one place this module writes); what is verified is given on standard input.

A release's ``manifest.json`` is signed the way git and OpenSSH sign
(``ssh-keygen -Y sign``, the SSHSIG format), in a namespace of alerti18n's own
(:data:`NAMESPACE`), so that a signature made for a release can never pass for a
git commit's or a file's, nor the other way round, and anyone verifies it with
stock OpenSSH and an allowed-signers file. No cryptography is done here: every
operation runs ``ssh-keygen``.

``ssh-keygen`` never gets a terminal to prompt on: it runs in a session of its
own (no controlling terminal), with standard input closed, no askpass program
(``SSH_ASKPASS_REQUIRE=never``, no ``DISPLAY``) and a time limit. A key that
needs a passphrase therefore fails at once with a clear error, never hangs; a
key held by ``ssh-agent`` works (``SSH_AUTH_SOCK`` is passed on).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alerti18n.core.errors import AlertI18nError, PolicyError

#: The signature namespace of alerti18n releases (``ssh-keygen -Y ... -n``).
NAMESPACE = "alerti18n-release@alerti18n"
#: Seconds one ``ssh-keygen`` call may take.
TIMEOUT = 30
#: What ``ssh-keygen`` prints about the key of a good signature.
_GOOD = re.compile(
    r'^Good "[^"]*" signature (?:for (?P<who>.+?) )?with (?P<kind>\S+) key (?P<fp>\S+)'
)


class SignatureError(PolicyError):
    """A signature does not verify (exit code 1, like a failed check)."""


@dataclass(frozen=True)
class Signed:
    """Who signed: the key's fingerprint and type, and the principal when one was checked."""

    fingerprint: str  # SHA256:...
    key_type: str  # ED25519, RSA, ECDSA...
    principal: str | None = None


def ssh_keygen() -> str:
    """The ``ssh-keygen`` program (OpenSSH's client tools), or an error saying how to get it."""
    found = shutil.which("ssh-keygen")
    if found is None:
        raise AlertI18nError(
            "signing and verifying need ssh-keygen, which is not installed",
            hint="install OpenSSH's client (Debian: apt-get install openssh-client)",
        )
    return found


def _run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """``ssh-keygen ARGS`` with no terminal, no askpass, ``data`` on stdin (else closed)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "SSH_ASKPASS_REQUIRE": "never",
    }
    if os.environ.get("SSH_AUTH_SOCK"):
        env["SSH_AUTH_SOCK"] = os.environ["SSH_AUTH_SOCK"]
    try:
        done = subprocess.run(
            [ssh_keygen(), *args],
            input=data,
            stdin=subprocess.DEVNULL if data is None else None,
            capture_output=True,
            env=env,
            start_new_session=True,  # no controlling terminal: nothing can prompt
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise AlertI18nError(f"ssh-keygen took more than {TIMEOUT} s", hint="try again") from None
    out, err = (stream.decode("utf-8", "replace") for stream in (done.stdout, done.stderr))
    return subprocess.CompletedProcess(done.args, done.returncode, out, err)


def _said(done: subprocess.CompletedProcess[str]) -> str:
    """ssh-keygen's last line of complaint, one line."""
    lines = [ln.strip() for ln in (done.stderr + done.stdout).splitlines() if ln.strip()]
    lines = [ln.removeprefix("Enter passphrase: ") for ln in lines]
    return lines[-1] if lines else f"exit status {done.returncode}"


def sign(key: Path, data: bytes, namespace: str = NAMESPACE) -> bytes:
    """An armored SSH signature of ``data`` by ``key`` (a private key file, or a public key
    whose private half ``ssh-agent`` holds).

    The data is copied into a private temporary folder and signed there, so
    nothing is written beside the key or the data.
    """
    if not key.is_file():
        raise AlertI18nError("signing key not found", key, hint="give the path of a private key")
    with tempfile.TemporaryDirectory(prefix="alerti18n-sign-") as folder:
        target = Path(folder) / "data"
        target.write_bytes(data)
        done = _run(["-Y", "sign", "-f", str(key), "-n", namespace, str(target)])
        signature = target.with_name("data.sig")
        if done.returncode != 0 or not signature.is_file():
            raise _sign_error(key, _said(done))
        return signature.read_bytes()


def _sign_error(key: Path, said: str) -> AlertI18nError:
    if "passphrase" in said:
        return AlertI18nError(
            "the signing key is protected by a passphrase, and alerti18n never prompts for one",
            key,
            hint="load it into ssh-agent with ssh-add, then run again",
        )
    return AlertI18nError(
        f"ssh-keygen could not sign with this key: {said}",
        key,
        hint="give an SSH private key (ssh-keygen -t ed25519 makes one)",
    )


def check(data: bytes, signature: Path, namespace: str = NAMESPACE) -> Signed:
    """That ``signature`` is a good signature of ``data`` in ``namespace``, by whatever key.

    This proves the data unchanged since it was signed, not who signed it:
    :func:`verify` checks the key against an allowed-signers file.
    """
    done = _run(["-Y", "check-novalidate", "-n", namespace, "-s", str(signature)], data)
    return _good(done, signature)


def verify(
    data: bytes, signature: Path, allowed_signers: Path, identity: str, namespace: str = NAMESPACE
) -> Signed:
    """That ``signature`` of ``data`` was made by ``identity``'s key in ``allowed_signers``."""
    done = _run(
        [
            "-Y",
            "verify",
            "-f",
            str(allowed_signers),
            "-I",
            identity,
            "-n",
            namespace,
            "-s",
            str(signature),
        ],
        data,
    )
    return _good(done, signature)


def _good(done: subprocess.CompletedProcess[str], signature: Path) -> Signed:
    match = _GOOD.match(done.stdout.strip()) if done.returncode == 0 else None
    if match is None:
        raise SignatureError(
            f"the signature does not verify: {_said(done)}",
            signature,
            hint="the signed file changed after signing, or another key signed it",
        )
    return Signed(match.group("fp"), match.group("kind"), match.group("who"))


def probe(key: Path) -> Signed:
    """Whether ``key`` can sign: a throwaway signature, checked; its key's fingerprint."""
    data = b"alerti18n release signing probe\n"
    with tempfile.TemporaryDirectory(prefix="alerti18n-probe-") as folder:
        signature = Path(folder) / "probe.sig"
        signature.write_bytes(sign(key, data))
        return check(data, signature)


def find_principals(signature: Path, allowed_signers: Path) -> list[str]:
    """The principals of ``allowed_signers`` whose key made ``signature`` (none: empty)."""
    done = _run(["-Y", "find-principals", "-s", str(signature), "-f", str(allowed_signers)])
    if done.returncode != 0:
        return []
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]
