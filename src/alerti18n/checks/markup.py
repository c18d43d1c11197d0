"""Markup and links: what a reader clicks or sees formatted must survive translation.

Both are errors: a dropped or changed link sends readers of an alert to the
wrong place or nowhere. ``markup`` compares the inline Markdown of source and
translation (parsed by markdown-it-py, as the segmenter does): link and image
targets (every one, also those the link rule of :mod:`alerti18n.text.links`
refuses, which are named as such), the number of emphasis, strong and
strikethrough spans, code spans verbatim, inline HTML tags verbatim,
attributes included (a ``<b onmouseover=...>`` where the source has ``<b>``
is an added tag), and footnote references (``[^1]``, found by the inline
lexer: a reference dropped loses the note, one added calls another).
``urls`` compares bare URLs and e-mail addresses in the running text; link
targets are ``markup``'s job, so one dropped link is reported once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from alerti18n.checks._util import counter_diff, find_urls
from alerti18n.checks.base import ERROR, Unit, register
from alerti18n.text.inline import footnote_references
from alerti18n.text.links import link_allowed

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_SPANS = {
    "em_open": "emphasis (*…*)",
    "strong_open": "strong (**…**)",
    "s_open": "strikethrough (~~…~~)",
}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """Markdown-it's inline parser (imported only when a text holds markup)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("strikethrough")
    md.validateLink = lambda url: True  # type: ignore[method-assign] # every link counts
    return md


#: What a link, an image, code, HTML, a footnote reference or an emphasis, strong or
#: strikethrough span needs.
_MARKUP = frozenset("[`<*_~")
#: What :func:`inline_markup` gives for text without markup (shared: never changed).
_NOTHING: tuple[Counter[str], Counter[str], Counter[str], Counter[str]] = (
    Counter(),
    Counter(),
    Counter(),
    Counter(),
)


@lru_cache(maxsize=4096)
def inline_markup(text: str) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """(link/image targets, span kinds, code span contents, HTML tags) of ``text``."""
    if _MARKUP.isdisjoint(text):
        return _NOTHING  # nothing to parse
    targets: Counter[str] = Counter()
    spans: Counter[str] = Counter()
    code: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    for block in _parser().parseInline(text):
        for token in block.children or []:
            if token.type == "link_open":
                targets[str(token.attrs.get("href", ""))] += 1
            elif token.type == "image":
                targets[str(token.attrs.get("src", ""))] += 1
            elif token.type == "code_inline":
                code[token.content] += 1
            elif token.type == "html_inline":
                tags[" ".join(token.content.split())] += 1
            elif token.type in _SPANS:
                spans[_SPANS[token.type]] += 1
    return targets, spans, code, tags


@register("markup", ERROR)
def markup(unit: Unit) -> Iterator[str]:
    """Inline Markdown (links, emphasis, code) differs from the source."""
    if _MARKUP.isdisjoint(unit.source) and _MARKUP.isdisjoint(unit.target):
        return  # no markup on either side
    src_targets, src_spans, src_code, src_tags = inline_markup(unit.source)
    tgt_targets, tgt_spans, tgt_code, tgt_tags = inline_markup(unit.target)
    missing, extra = counter_diff(src_targets, tgt_targets)
    for target in missing:
        yield f"link target {target} is missing: keep the link as [text]({target})"
    for target in extra:
        if not link_allowed(target):
            yield (
                f"link target {target} is not allowed (only http, https, mailto, tel and "
                "relative links are published) and not in the source: use the source's"
            )
        else:
            yield f"link target {target} is not in the source: use the source's link target"
    missing, extra = counter_diff(src_tags, tgt_tags)
    for tag in missing:
        yield f"inline HTML {tag} is missing or changed: copy it unchanged, attributes included"
    for tag in extra:
        yield f"inline HTML {tag} is not in the source: a translation adds no tag or attribute"
    for kind in sorted(set(src_spans) | set(tgt_spans)):
        if src_spans[kind] != tgt_spans[kind]:
            yield (
                f"{kind}: {src_spans[kind]} in the source but {tgt_spans[kind]} in the "
                "translation; format the same words as the source does"
            )
    missing, extra = counter_diff(
        Counter(footnote_references(unit.source)), Counter(footnote_references(unit.target))
    )
    for label in missing:
        yield (
            f"footnote reference [^{label}] is missing: keep it where the sentence refers to "
            "the note"
        )
    for label in extra:
        yield f"footnote reference [^{label}] is not in the source: it would call another note"
    missing, extra = counter_diff(src_code, tgt_code)
    for code in missing:
        yield f"inline code `{code}` is missing or changed: copy it unchanged, backticks included"
    for code in extra:
        yield f"inline code `{code}` is not in the source: code spans are copied, not translated"


@register("urls", ERROR)
def urls(unit: Unit) -> Iterator[str]:
    """A URL or e-mail address of the source is missing or changed."""
    source, target = find_urls(unit.source), find_urls(unit.target)
    if not source and not target:
        return
    missing, extra = counter_diff(Counter(source), Counter(target))
    for url in missing:
        yield f"{url} is missing: copy it unchanged into the translation"
    for url in extra:
        yield f"{url} is not in the source: use exactly the source's address"
