"""Emphasis delimiters as CommonMark pairs them, for the inline lexer's visible text.

A run of ``*`` or ``_`` may open emphasis when it is left-flanking, close it
when right-flanking (``_`` more strictly: not inside a word); closers take the
nearest opener of the same character, two delimiters at a time when both
have two, never across the "rule of 3" (CommonMark 0.31, "process emphasis").
What pairs is markup; a run that finds no partner is text.
"""

from __future__ import annotations

import unicodedata


class Run:
    """A run of ``*`` or ``_``: whether it may open or close emphasis, what stays unpaired."""

    __slots__ = ("char", "closes", "done", "end", "left", "opens", "right", "start")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.char = text[start]
        self.start, self.end = start, end
        self.left, self.right = start, end  # text[left:right]: not paired (yet)
        self.opens, self.closes = flanking(text, start, end)
        self.done = False


def flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether the run ``text[start:end]`` may open, and may close, emphasis (CommonMark)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    space_before, space_after = before.isspace(), after.isspace()
    punct_before, punct_after = _punctuation(before), _punctuation(after)
    left = not space_after and (not punct_after or space_before or punct_before)
    right = not space_before and (not punct_before or space_after or punct_after)
    if text[start] == "*":
        return left, right
    return left and (not right or punct_before), right and (not left or punct_after)


_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _punctuation(char: str) -> bool:
    """Unicode punctuation as CommonMark means it: categories P and S."""
    if char < "\x80":
        return char in _ASCII_PUNCTUATION
    return unicodedata.category(char)[0] in "PS"


def pair(stack: list[Run]) -> None:
    """Pair closers with openers as CommonMark's "process emphasis" does; mark the runs done."""
    for run in stack:
        run.done = True
    at = 0
    while at < len(stack):
        closer = stack[at]
        if not closer.closes:
            at += 1
            continue
        before = at - 1
        while before >= 0 and not _partners(stack[before], closer):
            before -= 1
        if before < 0:
            if closer.opens:
                at += 1
            else:
                del stack[at]
            continue
        opener = stack[before]
        use = 2 if opener.right - opener.left >= 2 and closer.right - closer.left >= 2 else 1
        opener.right -= use
        closer.left += use
        del stack[before + 1 : at]
        at = before + 1
        if opener.left == opener.right:
            del stack[before]
            at = before
        if closer.left == closer.right:
            del stack[at]


def _partners(opener: Run, closer: Run) -> bool:
    """Whether ``opener`` may take ``closer`` (same character, and the rule of 3)."""
    if opener.char != closer.char or not opener.opens or opener.left == opener.right:
        return False
    a, b = opener.end - opener.start, closer.end - closer.start
    return not ((opener.closes or closer.opens) and (a + b) % 3 == 0 and (a % 3 or b % 3))
