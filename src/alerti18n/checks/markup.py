"""Markup and links: what a reader clicks or sees formatted must survive translation.

Both are errors: a dropped or changed link sends readers of an alert to the
wrong place or nowhere. ``markup`` compares the inline Markdown of source and
translation (parsed by markdown-it-py, as the segmenter does): link and image
targets, and the number of emphasis, strong, code and HTML spans, with code
spans kept verbatim. ``urls`` compares bare URLs and e-mail addresses in the
running text; link targets are ``markup``'s job, so one dropped link is
reported once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from markdown_it import MarkdownIt

from alerti18n.checks._util import counter_diff, find_urls
from alerti18n.checks.base import ERROR, Unit, register

_SPANS = {
    "em_open": "emphasis (*…*)",
    "strong_open": "strong (**…**)",
    "s_open": "strikethrough (~~…~~)",
}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("strikethrough")


#: What a link, an image, code, HTML or an emphasis, strong or strikethrough span needs.
_MARKUP = frozenset("[`<*_~")
#: What :func:`inline_markup` gives for text without markup (shared: never changed).
_NOTHING: tuple[Counter[str], Counter[str], Counter[str]] = (Counter(), Counter(), Counter())


@lru_cache(maxsize=4096)
def inline_markup(text: str) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """(link/image targets, span kinds, code span contents) of ``text``."""
    if _MARKUP.isdisjoint(text):
        return _NOTHING  # nothing to parse
    targets: Counter[str] = Counter()
    spans: Counter[str] = Counter()
    code: Counter[str] = Counter()
    for block in _parser().parseInline(text):
        for token in block.children or []:
            if token.type == "link_open":
                targets[str(token.attrs.get("href", ""))] += 1
            elif token.type == "image":
                targets[str(token.attrs.get("src", ""))] += 1
            elif token.type == "code_inline":
                code[token.content] += 1
            elif token.type == "html_inline":
                spans[f"HTML tag {token.content.split()[0].rstrip('>')}>"] += 1
            elif token.type in _SPANS:
                spans[_SPANS[token.type]] += 1
    return targets, spans, code


@register("markup", ERROR)
def markup(unit: Unit) -> Iterator[str]:
    """Inline Markdown (links, emphasis, code) differs from the source."""
    src_targets, src_spans, src_code = inline_markup(unit.source)
    tgt_targets, tgt_spans, tgt_code = inline_markup(unit.target)
    if not (src_targets or src_spans or src_code or tgt_targets or tgt_spans or tgt_code):
        return
    missing, extra = counter_diff(src_targets, tgt_targets)
    for target in missing:
        yield f"link target {target} is missing: keep the link as [text]({target})"
    for target in extra:
        yield f"link target {target} is not in the source: use the source's link target"
    for kind in sorted(set(src_spans) | set(tgt_spans)):
        if src_spans[kind] != tgt_spans[kind]:
            yield (
                f"{kind}: {src_spans[kind]} in the source but {tgt_spans[kind]} in the "
                "translation; format the same words as the source does"
            )
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
