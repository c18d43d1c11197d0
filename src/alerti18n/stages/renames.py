"""Catalogs whose source document is gone: a rename is carried over, the rest named.

``extract`` calls these: when exactly one orphan shares most of its sentences
with the one new document, its catalogs move to the new name; any other orphan
is only warned about (nothing is removed until the user does it).
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from alerti18n.core.commits import Commits
from alerti18n.core.config import Project
from alerti18n.core.errors import AlertI18nError
from alerti18n.core.files import ABSENT, Stamp, move_file, read_input, remove_file, walk
from alerti18n.core.state import State

log = logging.getLogger(__name__)


def orphaned_catalogs(project: Project, names: set[str]) -> dict[str, list[Path]]:
    """Catalogs whose source document no longer exists: document name -> its POT and POs."""
    found: dict[str, list[Path]] = {}
    locales = project.locales_dir
    for folder, suffix in [(locales, ".pot")] + [
        (locales / t, ".po") for t in project.target_languages
    ]:
        for path in walk(folder, suffix, project.root, {project.state_dir}):
            doc = path.relative_to(folder).with_suffix("").as_posix()
            if doc not in names:
                found.setdefault(doc, []).append(path)
    return dict(sorted(found.items()))


def translated_at_all(project: Project, doc: str) -> bool:
    """Whether any catalog of ``doc`` holds a translation or a translator's comment.

    A catalog that cannot be read counts as translated: it is never replaced.
    """
    from alerti18n.catalog.merge import has_work
    from alerti18n.po.pofile import read_po

    for lang in project.target_languages:
        path = project.catalog(lang, doc)
        if path is None:
            continue
        try:
            if any(has_work(entry) for entry in read_po(path)):
                return True
        except AlertI18nError:
            return True
    return False


def find_rename(
    project: Project, orphans: dict[str, list[Path]], new: list[str], templates: dict[str, bytes]
) -> tuple[str, str] | None:
    """(old, new) when one orphaned document was evidently renamed to the one new document.

    That is when exactly one document is new (none of its catalogs holds a
    translation yet) and exactly one orphan has catalogs that share more than
    half of their sentences with it (unchanged msgids).
    """
    if len(new) != 1:
        return None
    from alerti18n.po.pofile import parse_po

    target = new[0]
    pot_path = project.pot_path(target)
    template = templates[target] if target in templates else read_input(pot_path, project.root)
    sentences = {e.msgid for e in parse_po(template, pot_path) if e.msgid}
    matches = []
    for doc, paths in orphans.items():
        old = _sentences(paths)
        if old and len(old & sentences) * 2 > len(old):
            matches.append(doc)
    return (matches[0], target) if len(matches) == 1 else None


def _sentences(paths: list[Path]) -> set[str]:
    """The sentences of an orphan with translations to carry over (else none).

    They are the msgids of its template, else of its first readable catalog.
    """
    from alerti18n.catalog.merge import has_work
    from alerti18n.po.pofile import read_po

    catalogs = []
    for path in paths:
        with contextlib.suppress(AlertI18nError):
            catalogs.append((path, read_po(path)))
    if not any(path.suffix == ".po" and any(map(has_work, po)) for path, po in catalogs):
        return set()
    return {e.msgid for e in catalogs[0][1] if e.msgid and not e.obsolete}


def carry_over(
    project: Project,
    state: State,
    orphans: dict[str, list[Path]],
    old: str,
    new: str,
    commits: Commits,
) -> list[Path]:
    """Move the renamed document's catalogs to its new name; drop its old template.

    A catalog the new document already has holds no translation (see
    :func:`translated_at_all`), so it is replaced, unless a translator put work
    in it meanwhile (then it is kept, and noted in ``commits.changed``).
    ``update`` then merges the new template into the moved catalogs: unchanged
    sentences stay translated, changed ones become fuzzy, gone ones obsolete.
    """
    moved = []
    for path in orphans[old]:
        if path.suffix == ".pot":
            remove_file(path, project.root)  # extract's own output: the new document has its own
            continue
        lang = path.relative_to(project.locales_dir).parts[0]
        target = project.po_path(lang, new)
        expected = _replaceable(project, target)
        if expected is not None and move_file(path, target, project.root, expected):
            moved.append((path, target))
            state.forget("update", f"{lang}/{old}")
        else:
            commits.changed.append(target)
    state.forget("extract", old)
    carried = _carry_history(project, old, new) if moved else None
    if moved:
        log.warning(
            "%s is gone and %s shares most of its sentences: taken as a rename, its "
            "catalogs were moved (%s); 'alerti18n update' merges them",
            _relative(project.source_dir / f"{old}.md", project.root),
            _relative(project.source_dir / f"{new}.md", project.root),
            ", ".join(
                f"{_relative(a, project.root)} -> {_relative(b, project.root)}" for a, b in moved
            ),
        )
    return [target for _, target in moved] + ([carried] if carried else [])


def _carry_history(project: Project, old: str, new: str) -> Path | None:
    """Move the renamed document's release history to its new name, where its versions go
    on (:mod:`alerti18n.reports.history`); its new path, or None when there is none to move
    (or one is there already, or it cannot be read: then it is left, with a warning)."""
    from alerti18n.core.errors import HistoryError
    from alerti18n.reports.history import History, history_path, load_history, save_history

    target = history_path(project, new)
    try:
        found = load_history(project, old)
    except HistoryError as error:
        log.warning("%s; it stays under the old name", error.format_message())
        return None
    if not found.versions or project.files.existing(target) is not None:
        return None
    save_history(project, History(new, target, found.versions))
    remove_file(found.path, project.root)
    return target


def _replaceable(project: Project, target: Path) -> Stamp | None:
    """What the new document's catalog must still be for the move to replace it: absent,
    or the file read now, holding no work; None (never replace) if it holds work now."""
    from alerti18n.catalog.merge import has_work
    from alerti18n.po.pofile import read_po, stamp_of

    if project.files.existing(target) is None:
        return ABSENT
    with contextlib.suppress(AlertI18nError):
        po = read_po(target)
        if not any(has_work(entry) for entry in po):
            return stamp_of(po)
    return None


def warn_orphaned(project: Project, doc: str, paths: list[Path]) -> None:
    source = _relative(project.source_dir / f"{doc}.md", project.root)
    names = ", ".join(_relative(p, project.root) for p in paths)
    log.warning(
        "%s no longer exists, but its catalogs remain: %s. If the document was renamed, "
        "rename them to its new name (git mv) and run 'alerti18n update'; if it was deleted, "
        "delete them. Nothing is removed until you do.",
        source,
        names,
    )


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
