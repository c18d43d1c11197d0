"""A catalog's translations as ``build`` reads them, kept like a compiled MO file.

``read_catalog`` reads a project catalog, validated against its folder;
``translations_of`` keeps what a person has translated; ``save_translations``
and ``load_translations`` keep that mapping beside the project state, keyed by
the digest of the PO's bytes, so a build or an index rewrite parses a PO only
when it changed.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from alerti18n.core.config import Project
from alerti18n.core.errors import AlertI18nError
from alerti18n.core.files import atomic_write, read_input

if TYPE_CHECKING:
    import polib

# pofile is imported inside the functions: a run with nothing to do starts faster.


def read_catalog(project: Project, lang: str, doc: str) -> polib.POFile | None:
    """The PO of ``doc`` in ``lang``, validated against its folder; None if absent."""
    from alerti18n.po.pofile import read_po

    path = project.catalog(lang, doc)
    return read_po(path, expect_language=lang) if path is not None else None


def translations_of(po: polib.POFile | None) -> dict[str, str]:
    """msgid -> msgstr for entries a person has translated (fuzzy ones fall back)."""
    from alerti18n.po.entrystate import state

    if po is None:
        return {}
    return {e.msgid: e.msgstr for e in po if state(e).is_translated and not e.msgctxt}


def _compiled_path(project: Project, lang: str, doc: str) -> Path:
    return project.compiled_dir / lang / f"{doc}.json"


def save_translations(
    project: Project, lang: str, doc: str, po_digest: str, translations: dict[str, str]
) -> None:
    """Keep a catalog's translations, keyed by the digest of its PO bytes, for ``build``.

    Like compiling a PO to an MO file: ``build`` then reads a JSON object
    instead of parsing the PO, as long as the PO's bytes are the same.
    """
    data = json.dumps({"po": po_digest, "translations": translations}, ensure_ascii=False)
    atomic_write(_compiled_path(project, lang, doc), data.encode(), project.root, durable=False)


def load_translations(
    project: Project, lang: str, doc: str, po_path: Path, po_digest: str
) -> dict[str, str]:
    """The translations of the PO at ``po_path`` (whose digest is ``po_digest``)."""
    from alerti18n.po.pofile import read_po

    with contextlib.suppress(AlertI18nError, ValueError, KeyError, TypeError):
        saved = json.loads(read_input(_compiled_path(project, lang, doc), project.root))
        if saved["po"] == po_digest and isinstance(saved["translations"], dict):
            return saved["translations"]
    translations = translations_of(read_po(po_path, expect_language=lang))
    save_translations(project, lang, doc, po_digest, translations)
    return translations
