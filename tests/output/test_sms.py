"""The short-message edition's text: one line per block, markup dropped, links kept."""

from __future__ import annotations

from alerti18n.output.render import parse_markdown
from alerti18n.output.sms import message_text, sms_edition
from alerti18n.text import sms

DOCUMENT = """\
# Water alert

Tap water is **not safe** to drink. See [the map](https://example.org/map).

- Boil it.
- Or use a water point.

3. School yard
4. Market square

| Place | Hours |
|-------|-------|
| School yard | 07:00-19:00 |

> Share this message.
"""


def test_the_message_has_one_line_per_block() -> None:
    assert message_text(parse_markdown(DOCUMENT)) == (
        "Water alert\n"
        "Tap water is not safe to drink. See the map (https://example.org/map).\n"
        "- Boil it.\n"
        "- Or use a water point.\n"
        "3. School yard\n"
        "4. Market square\n"
        "Place; Hours\n"
        "School yard; 07:00-19:00\n"
        "Share this message."
    )


def test_the_edition_is_the_numbered_messages_a_blank_line_apart() -> None:
    tokens = parse_markdown(DOCUMENT * 2)
    written = sms_edition(tokens, "en")
    assert written.endswith("\n") and not written.endswith("\n\n")
    assert written.rstrip("\n").split("\n\n") == sms.numbered(message_text(tokens), "en")
    assert sms_edition(parse_markdown("Boil it.\n"), "en") == "Boil it.\n"
