"""Amended documents: which sentences changed between two versions, and which languages are
behind.

**Changed sentences.** Two versions are compared on their sentences (msgids): a sentence
of the new version that the old one lacks is *added*, one of the old that the new lacks
is *removed*, and an added sentence that resembles a removed one as ``update``'s merge
would draft it (:data:`alerti18n.text.matcher.MERGE_THRESHOLD`) is a *changed* sentence
instead, the pair (old, new); pairs are made one to one, in the new version's order.

**Behind.** A language has *caught up* with a version when that version's own text was
published in it with every sentence translated (the release history,
:mod:`alerti18n.reports.history`). It is *outdated since version N* when N is the last
version it caught up with and a sentence added or changed since then (up to the current
template, the last ``extract``) is not translated in its catalog yet (untranslated, fuzzy,
or not in the catalog at all before ``update``). A language that never caught up is not
outdated, only unfinished: the release policy treats it as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from alerti18n.core.config import Project
from alerti18n.core.errors import AlertI18nError
from alerti18n.reports.history import History, VersionRecord, load_history
from alerti18n.text.matcher import MERGE_THRESHOLD, FuzzyIndex

if TYPE_CHECKING:
    import polib


@dataclass(frozen=True)
class Changes:
    """How one version's sentences became another's."""

    added: tuple[str, ...] = ()
    changed: tuple[tuple[str, str], ...] = ()  # (old, new)
    removed: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
        }

    def to_dict(self) -> dict:
        return {
            "added": list(self.added),
            "changed": [{"from": old, "to": new} for old, new in self.changed],
            "removed": list(self.removed),
        }

    @property
    def new_text(self) -> tuple[str, ...]:
        """The sentences a translator must (re)translate: added and changed ones, in order."""
        return (*self.added, *(new for _, new in self.changed))

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def compare(old: Sequence[str], new: Sequence[str]) -> Changes:
    """The changes from sentences ``old`` to sentences ``new`` (see the module docstring)."""
    before, after = set(old), set(new)
    gone = [s for s in dict.fromkeys(old) if s not in after]
    fresh = [s for s in dict.fromkeys(new) if s not in before]
    if not gone or not fresh:
        return Changes(tuple(fresh), (), tuple(gone))
    index = FuzzyIndex(gone)
    taken: set[int] = set()
    added: list[str] = []
    changed: list[tuple[str, str]] = []
    for sentence in fresh:
        match = next(
            (n for n, _ in index.search(sentence, MERGE_THRESHOLD) if n not in taken), None
        )
        if match is None:
            added.append(sentence)
        else:
            taken.add(match)
            changed.append((gone[match], sentence))
    removed = tuple(s for n, s in enumerate(gone) if n not in taken)
    return Changes(tuple(added), tuple(changed), removed)


@dataclass(frozen=True)
class Lag:
    """How far one language of one document is behind its current sentences."""

    doc: str
    lang: str
    since: VersionRecord  # the last version the language caught up with
    changes: Changes  # from that version to the current template
    pending: tuple[str, ...]  # added or changed sentences not translated yet

    @property
    def outdated(self) -> bool:
        return bool(self.pending)

    def to_dict(self) -> dict:
        return {
            "since": self.since.version,
            "since_released": self.since.released,
            "pending": list(self.pending),
            "changes": self.changes.to_dict(),
        }

    def summary(self) -> str:
        """``outdated since version N: K sentence(s) to translate``."""
        return (
            f"outdated since version {self.since.version}: "
            f"{len(self.pending)} sentence(s) to translate"
        )


def lag(history: History, lang: str, sentences: Sequence[str], translated: set[str]) -> Lag | None:
    """``lang``'s lag behind ``sentences`` (None when it never caught up with a version)."""
    since = history.caught_up(lang)
    if since is None:
        return None
    changes = compare(since.sentences, sentences)
    pending = tuple(s for s in changes.new_text if s not in translated)
    return Lag(history.document, lang, since, changes, pending)


def template_sentences(project: Project, doc: str) -> tuple[list[str], str | None] | None:
    """The msgids of ``doc``'s template and its POT-Creation-Date; None without a template."""
    from alerti18n.po.pofile import read_po

    path = project.pot_path(doc)
    if project.files.existing(path) is None:
        return None
    pot = read_po(path)
    sentences = [e.msgid for e in pot if e.msgid and not e.obsolete and not e.msgctxt]
    return sentences, pot.metadata.get("POT-Creation-Date")


def translated_msgids(po: polib.POFile | None) -> set[str]:
    """The msgids a person has translated in a catalog (what a build shows translated)."""
    from alerti18n.po.compiled import translations_of

    return set(translations_of(po))


def project_lags(project: Project, langs: list[str] | None = None) -> dict[tuple[str, str], Lag]:
    """The lag of every document released before, in each target language (or ``langs``)."""
    from alerti18n.po.compiled import read_catalog

    found: dict[tuple[str, str], Lag] = {}
    for source in project.documents():
        doc = project.doc_name(source)
        history = load_history(project, doc)
        current = template_sentences(project, doc) if history.versions else None
        if current is None:
            continue
        for lang in project.select_languages(langs):
            try:
                po = read_catalog(project, lang, doc)
            except AlertI18nError:  # status and the policy report it; here it is no lag
                continue
            result = lag(history, lang, current[0], translated_msgids(po))
            if result is not None:
                found[doc, lang] = result
    return found
