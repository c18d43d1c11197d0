"""The main content of a web page: what ``alerti18n import page.html`` keeps.

1. **The extractor.** readability-lxml (a maintained port of Arc90's
   Readability, Apache-2.0) scores the page's blocks and chooses the article:
   its best block and the sibling blocks that belong with it. Only its
   *choice* is taken: every element of the page is numbered before
   readability sees it, and the elements it kept are taken from the page
   itself, whole, with their HTML structure (headings, lists, tables, links,
   images). readability's own clean-up, which drops a short table or a
   heading it finds link-heavy, would lose text without a word. It parses a
   string with lxml and fetches nothing.
2. **The fallback**, when readability finds no article (it errs, keeps no
   text, or keeps the whole ``<body>``): the page's ``<main>``, else its
   longest ``<article>``, else its ``<body>`` without ``<header>`` and
   ``<footer>``.

Either way, navigation, asides, forms, scripts, styles and hidden elements
are then dropped from what is kept, and :attr:`Article.share` says how much
of the page's visible text is left: under :data:`SMALL_SHARE` the import
warns (a page of six teaser ``<article>``\\ s whose alert is elsewhere, an
index page). What is kept then goes through the content rules and pandoc
``--sandbox`` like any other import (:mod:`alerti18n.importing.html`).
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: Under this share of the page's visible text kept, the import warns.
SMALL_SHARE = 0.15
#: Dropped wherever they are inside the article.
NOT_ARTICLE = frozenset(
    (
        "script style noscript template iframe object embed nav aside form button "
        "select input textarea svg canvas dialog"
    ).split()
)
#: Never text a reader sees.
_INVISIBLE = frozenset(("script", "style", "noscript", "template", "head", "title", "meta"))
#: An element readability kept inside one of these is taken with its container.
_CONTAINER = {
    "tbody": "table",
    "thead": "table",
    "tfoot": "table",
    "tr": "table",
    "td": "table",
    "th": "table",
    "caption": "table",
    "colgroup": "table",
    "li": "ul ol menu",
    "dt": "dl",
    "dd": "dl",
}
_MARK = "data-alerti18n-block"


@dataclass
class Article:
    """What an import keeps of a page, and how much of the page that is."""

    element: Any  # an lxml element holding what is kept
    how: str  # "readability", "<main>", "<article>", "<body> without header and footer"
    kept: int  # visible characters (no spaces) kept
    page: int  # visible characters of the whole page

    @property
    def share(self) -> float:
        return self.kept / self.page if self.page else 1.0

    def warning(self) -> str | None:
        """A warning when what is kept is a small share of what the page shows."""
        if self.share >= SMALL_SHARE:
            return None
        return (
            f"only {self.share:.0%} of the page's visible text was taken as the article "
            f"({self.kept} of {self.page} characters, found by {self.how}): if the alert is "
            "not all there, save the alert alone as a web page (or copy it into a Word "
            "file) and import that"
        )


def main_content(root: Any) -> Article:
    """The page's article (see the module docstring); ``root`` is left as it was."""
    page = visible_size(_body(root))
    roots = _readability(root)
    if roots is None:
        element, how = _by_rules(copy.deepcopy(root))
    else:
        element, how = _holder(roots), "readability"
    drop_hidden(element)
    return Article(element, how, visible_size(element), page)


def visible_size(element: Any) -> int:
    """The characters (spaces not counted) a reader sees in ``element``."""
    shown = copy.deepcopy(element)
    for node in list(shown.iter()):
        seen = isinstance(node.tag, str) and node.getparent() is not None
        if seen and (node.tag in _INVISIBLE or _hidden(node)):
            node.drop_tree()
    if isinstance(shown.tag, str) and shown.tag in _INVISIBLE:
        return 0
    return len("".join(shown.text_content().split()))


def drop_hidden(article: Any) -> None:
    """Drop navigation, forms, scripts... and hidden elements from ``article``."""
    for element in list(article.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if element.tag in NOT_ARTICLE or _hidden(element):
            element.drop_tree()


def _hidden(element: Any) -> bool:
    style = "".join((element.get("style") or "").split()).lower()
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )


def _body(root: Any) -> Any:
    body = root.find("body")
    return body if body is not None else root


def _readability(root: Any) -> list[Any] | None:
    """Copies of the page's elements readability chose, in page order; None if it chose
    nothing, or the whole body."""
    import lxml.html
    from readability import Document
    from readability.readability import Unparseable

    # readability logs its own failures with tracebacks (to stderr, through Python's
    # last-resort handler): a failure here is a fallback, said in our own words below
    logging.getLogger("readability").setLevel(logging.CRITICAL + 1)
    page = copy.deepcopy(root)
    numbered = {}
    for number, element in enumerate(page.iter()):
        if isinstance(element.tag, str):
            element.set(_MARK, str(number))
            numbered[str(number)] = element
    try:
        summary = Document(lxml.html.tostring(page, encoding="unicode")).summary(html_partial=True)
        if summary.lstrip()[:5].lower() in ("<body", "<html"):
            return None  # the whole page: readability found no article in it
        chosen = lxml.html.fragment_fromstring(summary, create_parent="div")
    except (Unparseable, ValueError, TypeError) as exc:  # lxml's ParserError is a ValueError
        log.info("readability found no article: %s", exc)
        return None
    kept = {e.get(_MARK) for e in chosen.iter() if isinstance(e.tag, str) and e.get(_MARK)}
    roots = _outermost([e for key, e in numbered.items() if key in kept])
    if not roots or any(e.tag in ("html", "body") for e in roots):
        return None
    roots = [copy.deepcopy(e) for e in roots]
    if not any(visible_size(e) for e in roots):
        return None
    for element in roots:
        for node in element.iter():
            if isinstance(node.tag, str):
                node.attrib.pop(_MARK, None)
    return roots


def _outermost(elements: list[Any]) -> list[Any]:
    """The elements not inside another of them, each climbed out of a table, list or
    definition list it is part of (a lone ``<tr>`` is no HTML to convert)."""
    climbed = []
    for element in elements:
        container = _CONTAINER.get(element.tag)
        if container:
            found = next((a for a in element.iterancestors(*container.split())), None)
            element = found if found is not None else element
        climbed.append(element)
    unique = list(dict.fromkeys(climbed))
    chosen = set(unique)
    return [e for e in unique if not any(a in chosen for a in e.iterancestors())]


def _by_rules(root: Any) -> tuple[Any, str]:
    """The fallback (see the module docstring): the element kept, and which rule found it."""
    mains = [e for e in root.iter("main") if not _hidden(e)]
    if mains:
        return mains[0], "<main>"
    articles = list(root.iter("article"))
    if articles:
        return max(articles, key=lambda e: len(e.text_content())), "<article>"
    body = _body(root)
    for element in list(body.iter("header", "footer")):
        if element.getparent() is not None:
            element.drop_tree()
    return body, "<body> without header and footer"


def _holder(roots: list[Any]) -> Any:
    """One ``<div>`` holding ``roots`` (copies), in order."""
    import lxml.html

    holder = lxml.html.Element("div")
    for element in roots:
        holder.append(element)
    return holder
