"""``alerti18n verify DIR``: is a release folder what its publisher signed?

Three things are checked, in this order, and the first that fails is the
answer (exit 1, naming what changed):

1. the signature ``manifest.json.sig`` over ``manifest.json``, by OpenSSH's
   ``ssh-keygen -Y verify`` against an allowed-signers file (the same
   command anyone can run; see the README). The identity is the one given,
   else the one the allowed-signers file gives the signing key
   (``ssh-keygen -Y find-principals``). Without an allowed-signers file the
   signature is still checked against the manifest (``check-novalidate``),
   but who signed it is not, and the result says so;
2. every file the manifest lists: present, and of the SHA-256 it records
   (the first that differs is named, and how many more do);
3. no file in the folder that the manifest does not list.

The manifest is untrusted input until its signature is checked, and even
then its paths must stay inside the folder: one that does not is bad input
(exit 2), never read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from alerti18n.core import sshsig
from alerti18n.core.errors import AlertI18nError, PolicyError
from alerti18n.core.files import read_input
from alerti18n.core.layout import MANIFEST
from alerti18n.stages.release import released_files
from alerti18n.stages.signing import SIGNATURE


class ReleaseChanged(PolicyError):
    """A file of the release differs from the signed manifest (exit code 1)."""


@dataclass(frozen=True)
class Verified:
    """What ``verify`` found in a release folder that passed."""

    folder: Path
    files: int  # files checked against their digests
    signed: sshsig.Signed | None = None  # None: the folder has no signature
    signer_checked: bool = False  # against an allowed-signers file
    warnings: list[str] = field(default_factory=list)


def verify_release(
    folder: Path, allowed_signers: Path | None = None, identity: str | None = None
) -> Verified:
    """Check the release ``folder`` (see the module docstring); raise on the first failure."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise AlertI18nError(
            "no manifest.json here: not a release folder",
            folder,
            hint="give the folder release wrote, e.g. dist/<document>/<version>",
        )
    signed, checked = _signature(folder, allowed_signers, identity)
    listed = _listed(manifest)
    count = _check_digests(folder, listed)
    return Verified(folder, count, signed, checked)


def _signature(
    folder: Path, allowed_signers: Path | None, identity: str | None
) -> tuple[sshsig.Signed | None, bool]:
    """The signature's signer, and whether it was checked against ``allowed_signers``."""
    manifest, signature = folder / MANIFEST, folder / SIGNATURE
    data = read_input(manifest, folder)
    if not signature.is_file():
        if allowed_signers is not None or identity is not None:
            raise sshsig.SignatureError(
                "this release is not signed: there is no manifest.json.sig",
                folder,
                hint="ask the publisher for the signed release",
            )
        return None, False
    if allowed_signers is None:
        if identity is not None:
            raise AlertI18nError(
                "--identity needs --allowed-signers", hint="give the allowed-signers file too"
            )
        return sshsig.check(data, signature), False
    if not allowed_signers.is_file():
        raise AlertI18nError(
            "allowed-signers file not found",
            allowed_signers,
            hint='one line per signer: "IDENTITY KEYTYPE KEY", e.g. from the publisher\'s .pub',
        )
    principals = [identity] if identity else sshsig.find_principals(signature, allowed_signers)
    if not principals:
        raise sshsig.SignatureError(
            "no key in the allowed-signers file made this signature",
            signature,
            hint=f"the release was signed by another key than those in {allowed_signers}",
        )
    return sshsig.verify(data, signature, allowed_signers, principals[0]), True


def _listed(manifest: Path) -> dict[str, str]:
    """Every file the manifest lists (path under the folder -> SHA-256), in its order."""
    try:
        data = json.loads(read_input(manifest, manifest.parent).decode("utf-8"))
        entries = [f for lang in data["languages"] for f in lang["files"]]
        entries += data.get("shared_files", [])
        listed = {str(f["file"]): str(f["sha256"]) for f in entries}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise AlertI18nError(
            f"manifest.json cannot be read: {exc}",
            manifest,
            hint="it is not a manifest alerti18n wrote",
        ) from None
    for name in listed:
        path = PurePosixPath(name)
        if path.is_absolute() or not path.parts or ".." in path.parts or "\\" in name:
            raise AlertI18nError(
                f"manifest.json lists a file outside its folder: {name!r}",
                manifest,
                hint="it is not a manifest alerti18n wrote",
            )
    return listed


def _check_digests(folder: Path, listed: dict[str, str]) -> int:
    """That each listed file has its digest and nothing else is there; the count checked."""
    root = folder.resolve()
    differ = []
    for name, digest in listed.items():
        path = folder / name
        if not path.is_file() or not path.resolve().is_relative_to(root):
            differ.append((name, "is missing"))
        elif hashlib.sha256(read_input(path, folder)).hexdigest() != digest:
            differ.append((name, "differs from the SHA-256 the manifest records"))
    if differ:
        name, what = differ[0]
        more = f" ({len(differ) - 1} more file(s) differ)" if len(differ) > 1 else ""
        raise ReleaseChanged(
            f"{what}{more}",
            folder / name,
            hint="this is not the file that was released",
        )
    extra = [p.relative_to(folder).as_posix() for p in released_files(folder)]
    unlisted = [name for name in extra if name not in listed]
    if unlisted:
        shown = ", ".join(unlisted[:3]) + (
            f" and {len(unlisted) - 3} more" if len(unlisted) > 3 else ""
        )
        raise ReleaseChanged(
            f"file(s) the manifest does not list: {shown}",
            folder,
            hint="they were added after the release",
        )
    return len(listed)
