"""Short messages: how a phone encodes, counts and splits a text into SMS parts.

**Encoding** (3GPP TS 23.038, section 6.2.1). A message whose every character
is in the GSM 7-bit default alphabet (:data:`GSM7_BASIC`) or its extension
table (:data:`GSM7_EXTENSION`, each of those written as an escape and a
second septet, so it counts two) is sent in GSM-7: 160 septets in one
message. Any other character (Armenian, Arabic and Cyrillic letters, but also
``ç``, ``’``, ``«`` and the narrow no-break space of French typography) makes
the whole message UCS-2: 70 UTF-16 code units, a character beyond the Basic
Multilingual Plane (an emoji) counting two. National language shift tables
(TS 23.038 section 6.2.1.2, e.g. Turkish) are not assumed: few phones and
gateways use them, so the count here is the safe one.

**Parts** (3GPP TS 23.040, concatenated short messages). A longer message is
sent in parts, each carrying a 6-octet header that leaves 153 septets (GSM-7)
or 67 UTF-16 units (UCS-2) of text; the phone reassembles them. A phone cuts
the text at those limits anywhere, but never inside an escape sequence or a
surrogate pair (:func:`phone_parts`): that is how ``check`` counts.

**Numbered messages** (:func:`numbered`). Parts sent as separate messages
(through a gateway that does not concatenate, or pasted by hand) may arrive
out of order, so ``build --format sms`` writes them numbered, ``1/3 `` in
front: each message then holds at most 160 (or 70) minus the number's own
length, 4 characters up to 9 parts (``1/3 ``), 5 or 6 from 10 (``1/12 ``,
``10/12 ``). They are cut where a line may break (ICU's line breaks, so
never inside a word where there is another place), else at the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from alerti18n.language.breaks import line_breaks

#: The GSM 7-bit default alphabet, septets 0x00-0x7F in order (3GPP TS 23.038, 6.2.1);
#: 0x1B is the escape to the extension table, not a character.
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: The characters of the default alphabet's extension table (TS 23.038, 6.2.1.1), each sent as
#: the escape 0x1B and one septet: form feed, ^ { } \ [ ~ ] | and the euro sign.
GSM7_EXTENSION = "\f^{}\\[~]|€"
_BASIC = frozenset(GSM7_BASIC) - {"\x1b"}
_EXTENSION = frozenset(GSM7_EXTENSION)


@dataclass(frozen=True)
class Encoding:
    """How a message is sent: its name, what it counts, and how much fits."""

    name: str
    unit: str  # what is counted
    single: int  # in a message sent whole
    part: int  # in each part of a longer (concatenated) message


GSM7 = Encoding("GSM-7", "septets", 160, 153)
UCS2 = Encoding("UCS-2", "UTF-16 code units", 70, 67)
#: The most parts a concatenated message can have (its header counts them in one octet).
MAX_PARTS = 255
#: The channels a document may declare in its front matter (``channel: sms``).
CHANNELS = ("sms",)


def encoding(text: str) -> Encoding:
    """GSM-7 when every character of ``text`` is in the default alphabet or its extension."""
    return GSM7 if all(c in _BASIC or c in _EXTENSION for c in text) else UCS2


def units(text: str, enc: Encoding | None = None) -> int:
    """The length of ``text`` as ``enc`` (default: its own encoding) counts it."""
    enc = enc or encoding(text)
    if enc is GSM7:
        return len(text) + sum(c in _EXTENSION for c in text)
    return len(text) + sum(ord(c) > 0xFFFF for c in text)


def _unit(char: str, enc: Encoding) -> int:
    if enc is GSM7:
        return 2 if char in _EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1


def phone_parts(text: str) -> list[str]:
    """``text`` cut into the parts a phone sends it in (one when it fits a message)."""
    enc = encoding(text)
    if units(text, enc) <= enc.single:
        return [text] if text else []
    found, start, used = [], 0, 0
    for index, char in enumerate(text):
        size = _unit(char, enc)
        if used + size > enc.part:  # never an escape or a surrogate pair across two parts
            found.append(text[start:index])
            start, used = index, 0
        used += size
    found.append(text[start:])
    return found


def numbering(index: int, total: int) -> str:
    """The number in front of one of ``total`` separate messages: ``1/3 ``."""
    return f"{index}/{total} "


def numbered(text: str, lang: str = "") -> list[str]:
    """``text`` as separate messages, each one SMS with its number (none when it fits in one).

    Every message is sent in the encoding of the whole text, so each fits
    whatever the phone picks for it.
    """
    text = text.strip()
    enc = encoding(text)
    if units(text, enc) <= enc.single:
        return [text] if text else []
    breaks = line_breaks(text, lang)
    digits = 1
    while True:
        pieces = _cut(text, enc, breaks, digits)
        if len(str(len(pieces))) <= digits:
            return [numbering(i, len(pieces)) + piece for i, piece in enumerate(pieces, 1)]
        digits += 1


def _cut(text: str, enc: Encoding, breaks: list[int], digits: int) -> list[str]:
    """Pieces of ``text`` that fit one message each behind a number of ``digits`` digits."""
    pieces: list[str] = []
    start = 0
    while start < len(text):
        room = enc.single - len(f"{len(pieces) + 1}/") - digits - 1
        end, used = start, 0
        while end < len(text) and used + _unit(text[end], enc) <= room:
            used += _unit(text[end], enc)
            end += 1
        if end < len(text) and not text[end].isspace():
            usable = [b for b in breaks if start < b <= end]
            if usable and text[start : usable[-1]].strip():
                end = usable[-1]  # a place where a line may break: not inside a word
        pieces.append(text[start:end].rstrip())
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    return pieces
