"""Images of a source document, copied next to every page that shows them.

A source document at ``source/<doc>.md`` may show images by relative paths
(``![map](alert/media/image1.png)``, or an HTML ``<img src>``). The built
page sits at ``<out>/<lang>/<doc>.<fmt>``, so an image found at
``source/<rel>`` is copied to ``<out>/<lang>/<rel>`` and the same relative
path works there. Only images inside the source folder are copied (a path
that leads elsewhere, through ``..`` or a link, is skipped with a warning);
URLs and absolute paths are left alone here.

These copied images are the only ones any output may show
(:mod:`alerti18n.text.links` applies the rule): :func:`image_rule` answers
for one document, from the files :func:`images_of` found (``build``), or
from the path alone (``extract``, :func:`path_rule`: no scheme, no host, no
absolute path, nothing that leads out of the source folder). An SVG that is
not static (:mod:`alerti18n.text.svg`) is not copied either.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

from alerti18n.core.files import read_input

log = logging.getLogger(__name__)

_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported when a document names an image

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _sources(tokens: list[Token]) -> list[str]:
    found: list[str] = []
    for token in tokens:
        if token.type == "image":
            found.append(str(token.attrGet("src") or ""))
        elif token.type in ("html_inline", "html_block"):
            found += [
                next(g for g in m.groups() if g is not None)
                for m in _IMG_SRC.finditer(token.content)
            ]
        if token.children:
            found += _sources(token.children)
    return found


def images_of(text: str, document: Path, source_dir: Path) -> list[tuple[Path, str]]:
    """The local images ``text`` (the document at ``document``) shows: (file, path under source).

    Each is a file inside ``source_dir``; one that is missing or outside it
    is reported once as a warning and left out.
    """
    return local_images(named_images(text), document, source_dir)


def named_images(text: str) -> list[str]:
    """Every image address ``text`` names (Markdown images and HTML ``<img src>``), in order."""
    if "![" not in text and "<img" not in text.lower():
        return []
    return _sources(_parser().parse(text))


def local_images(named: list[str], document: Path, source_dir: Path) -> list[tuple[Path, str]]:
    """Of the image addresses ``named`` in the document at ``document``, the local ones (see
    :func:`images_of`)."""
    found: dict[str, Path] = {}
    top = source_dir.resolve()
    for src in named:
        parts = urlsplit(src)
        if not src or parts.scheme or parts.netloc or src.startswith(("/", "#")):
            continue
        target = (document.parent / unquote(parts.path)).resolve()
        if not target.is_relative_to(top):
            log.warning(
                "%s: image %s is outside %s, so it is not copied", document, src, source_dir
            )
            continue
        if not target.is_file():
            log.warning("%s: image %s does not exist", document, src)
            continue
        if target.suffix.lower() == ".svg":
            from alerti18n.text.svg import svg_problem

            problem = svg_problem(read_input(target))
            if problem is not None:
                log.warning("%s: image %s is not shown: %s", document, src, problem)
                continue
        found.setdefault(target.relative_to(top).as_posix(), target)
    return sorted((path, rel) for rel, path in found.items())


def _local_path(src: str) -> str | None:
    """The path part of an image source that names a file (None: a URL, an absolute path)."""
    parts = urlsplit(src)
    if not src or parts.scheme or parts.netloc or src.startswith(("/", "#", "\\")) or "\\" in src:
        return None
    from alerti18n.text.links import scheme_of

    if scheme_of(src) is not None:  # what a browser takes for a scheme (``ja\tvascript:``)
        return None
    return unquote(parts.path) or None


def path_rule(document: Path, source_dir: Path | None) -> Callable[[str], bool]:
    """Whether an image source may be shown, from its path alone (no file is looked at).

    It must name a file by a relative path that stays inside ``source_dir``
    (without one: inside the document's folder). Whether the file exists, and
    where links lead, is :func:`image_rule`'s question at build time.
    """
    top = os.path.abspath(source_dir or document.parent)
    folder = os.path.abspath(document.parent)

    def allowed(src: str) -> bool:
        path = _local_path(src)
        if path is None:
            return False
        target = os.path.normpath(os.path.join(folder, path))
        return target == top or target.startswith(top.rstrip(os.sep) + os.sep)

    return allowed


def image_rule(document: Path, images: list[tuple[Path, str]]) -> Callable[[str], bool]:
    """Whether an image source may be shown: it is one of ``images`` (what :func:`images_of`
    found for ``document``: the files copied beside its pages)."""
    files = {path for path, _ in images}

    def allowed(src: str) -> bool:
        path = _local_path(src)
        return path is not None and (document.parent / path).resolve() in files

    return allowed
