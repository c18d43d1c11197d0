"""Short-message editions: does a document's text fit the SMS parts it allows?

A document that declares ``channel: sms`` (and ``parts: N``, 1 unless given)
in its front matter is a short message. Its text in each language is counted
as a phone counts it (:func:`alerti18n.text.sms.phone_parts`: GSM-7 at
160/153 septets, UCS-2 at 70/67 UTF-16 units): more parts than allowed is an
error. As separate numbered messages (``build --format sms``) the same text
may need one more, for the numbers and for cutting between words: that is a
warning.

This is a check of a whole document, not of entries (scope ``document``): the
message is put together from the rebuilt document where the output is
(:func:`alerti18n.reports.channels.channel_findings`), and judged here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from alerti18n.checks.base import DOCUMENT, ERROR, WARNING, Finding, Unit, register
from alerti18n.text import sms


@register("sms-parts", ERROR, scope=DOCUMENT)
def sms_parts(unit: Unit) -> Iterable[str]:
    """A short message's text takes no more SMS parts than its document allows."""
    return ()  # a whole document's check: see message_findings


def message_findings(path: Path, line: int, lang: str, message: str, allowed: int) -> list[Finding]:
    """The findings for one language's message (``path:line`` is where they are shown)."""
    enc = sms.encoding(message)
    length = sms.units(message, enc)
    needed = len(sms.phone_parts(message))
    separate = len(sms.numbered(message, lang))
    counted = (
        f"{enc.name}, {length} {enc.unit}: {enc.single} fit in one message, "
        f"{enc.part} in each part of a longer one"
    )
    if needed > allowed:
        return [
            Finding(
                "sms-parts",
                ERROR,
                path,
                line,
                "",
                f"{lang}: the message takes {needed} SMS parts ({counted}); the document "
                f"allows {allowed}: shorten it, or raise parts",
            )
        ]
    if separate > allowed:
        return [
            Finding(
                "sms-parts",
                WARNING,
                path,
                line,
                "",
                f"{lang}: the message fits {allowed} part(s) sent as one SMS ({counted}), but "
                f"needs {separate} as separate numbered messages (build --format sms)",
            )
        ]
    return []
