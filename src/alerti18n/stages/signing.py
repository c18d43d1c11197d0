"""Signed releases: ``release --sign KEY`` signs each ``manifest.json`` with an SSH key.

The manifest lists every file of a release folder with its SHA-256 digest;
its signature, ``manifest.json.sig`` beside it, is an SSH signature in
alerti18n's namespace (:data:`alerti18n.core.sshsig.NAMESPACE`), made and
checked by OpenSSH's ``ssh-keygen -Y``. Anyone holding the publisher's public
key verifies a release with OpenSSH alone (the README shows how), or with
``alerti18n verify`` (:mod:`alerti18n.stages.verify`).

Everything is checked before ``release`` writes anything (:func:`prepare`):
the config says where readers find the public key (``[tool.alerti18n.signing]
public-key``, printed on every page), the key lies outside the release folder
(a private key must never be published) and it can sign (a throwaway
signature, which also gives the key's fingerprint for the manifest). The
signature is written only when the manifest's bytes changed, so a release
run again with nothing changed changes no byte, whatever the key type.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alerti18n.core import sshsig
from alerti18n.core.config import Project
from alerti18n.core.errors import AlertI18nError, ConfigError
from alerti18n.core.files import atomic_write, read_input, remove_file
from alerti18n.core.layout import MANIFEST

log = logging.getLogger(__name__)

#: The signature's name, beside the manifest.
SIGNATURE = f"{MANIFEST}.sig"


@dataclass(frozen=True)
class Signer:
    """A key checked to sign, and what readers are told about it."""

    key: Path
    fingerprint: str  # SHA256:... as ssh-keygen prints it
    key_type: str
    public_key: str  # where readers find the public key (config signing.public-key)

    def manifest_entry(self) -> dict[str, str]:
        """The manifest's ``signing`` record: how to check the signature beside it."""
        return {
            "signature": SIGNATURE,
            "namespace": sshsig.NAMESPACE,
            "key": self.fingerprint,
            "key_type": self.key_type,
            "public_key": self.public_key,
        }


def prepare(project: Project, key: Path, out: Path) -> Signer:
    """Check that ``key`` can sign the releases written into ``out`` (nothing is written)."""
    public_key = project.signing.get("public-key")
    if not public_key:
        raise ConfigError(
            "release --sign needs to know where readers find your public key",
            project.config_file,
            hint='set [tool.alerti18n.signing] public-key = "https://..." (every page says it)',
        )
    key = key.expanduser().absolute()
    if key.resolve().is_relative_to(out.resolve()):
        raise AlertI18nError(
            "the signing key is inside the release folder, which is published",
            key,
            hint="keep private keys outside the project",
        )
    if key.resolve().is_relative_to(project.root):
        log.warning(
            "%s: the signing key is inside the project; keep private keys out of it (and out "
            "of version control)",
            key,
        )
    signed = sshsig.probe(key)
    return Signer(key, signed.fingerprint, signed.key_type, public_key)


def page_lines(project: Project, signer: Signer | None, langs: tuple[str, ...]) -> dict:
    """The line each language's pages print about the signature (none when unsigned)."""
    if signer is None:
        return {}
    from alerti18n.language.pagestrings import project_pages, ui

    pages = project_pages(project.locales_dir)
    return {
        lang: (
            ui(
                lang,
                "signed",
                manifest=MANIFEST,
                signature=SIGNATURE,
                namespace=sshsig.NAMESPACE,
                public_key=signer.public_key,
                catalogs=pages,
            ),
        )
        for lang in langs
    }


def sign_manifest(signer: Signer, manifest: Path, root: Path | None) -> Path:
    """Write ``manifest.json.sig`` beside ``manifest``, unless the one there already signs
    these bytes with this key; then check what was written."""
    signature = manifest.with_name(SIGNATURE)
    data = read_input(manifest, root)
    if signature.is_file() and _signs(signature, data, signer):
        return signature
    atomic_write(signature, sshsig.sign(signer.key, data), root)
    found = sshsig.check(data, signature)
    if found.fingerprint != signer.fingerprint:  # pragma: no cover - ssh-keygen changed keys
        raise AlertI18nError("the signature written is not the key's", signature)
    return signature


def _signs(signature: Path, data: bytes, signer: Signer) -> bool:
    try:
        return sshsig.check(data, signature).fingerprint == signer.fingerprint
    except sshsig.SignatureError:
        return False


def drop_signature(manifest: Path, root: Path | None) -> None:
    """Remove a signature left beside a manifest released unsigned (it no longer matches)."""
    signature = manifest.with_name(SIGNATURE)
    if signature.is_file() and not signature.is_symlink():
        remove_file(signature, root)
        log.info("release: removed %s (this release is not signed)", signature)
