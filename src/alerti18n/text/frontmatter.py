"""The one front-matter reader: where a document's leading YAML block is, and what it holds.

A document opens with front matter when its first line is ``---`` and a
later line at column 0 closes the block (``---`` or YAML's ``...``), and the
text between them is a YAML mapping (:func:`is_front_matter`). Any other
leading ``---`` block (a thematic break, a setext heading's underline, YAML
that is a plain string or list) is Markdown. The same rule serves the
segmenter (:func:`yaml_front_matter`, a markdown-it plugin), the index page
(:func:`metadata`), the DOCX/ODT writer (:func:`body`) and the release
folder's name (:func:`key_line`).

Front matter is a flat mapping of one-line values: ``title``, ``publisher``,
``author`` and ``lang`` are text, ``version`` text or a number, ``date`` an
ISO date, ``channel`` a short-message channel (``sms``, see
:mod:`alerti18n.text.sms`) and ``parts`` the most parts its message may take
(a whole number, 1 unless given), and other keys any single value; a list, a
mapping, bytes or true/false where text is published is refused with its
line (:func:`parse`). YAML is read by :func:`load_yaml`, whose loader refuses
anchors and aliases while it parses, before anything is built: an alias bomb
is never expanded, not even once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.front_matter import front_matter_plugin

from alerti18n.core.errors import SourceError
from alerti18n.core.files import read_input
from alerti18n.text.sms import CHANNELS, MAX_PARTS

if TYPE_CHECKING:
    import yaml

#: The first line of YAML that is meant as a mapping (blank lines and comments skipped).
_MAPPING_LINE = re.compile(r"(?:[ \t]*(?:#.*)?\n)*[ \t]*[^\s#:\-?\[{][^\n]*?:(?:[ \t]|$)", re.M)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_HINT = "write the date as YYYY-MM-DD, e.g. date: 2023-09-22"
#: Keys whose value is published as text.
TEXT_KEYS = ("title", "publisher", "author", "lang", "version")


@lru_cache(maxsize=1)
def _loader() -> type[yaml.SafeLoader]:
    """PyYAML's safe loader that refuses an anchor or alias at the event that carries it.

    PyYAML is imported here, when a document first has front matter to read: most have none,
    and importing it takes a tenth of a command's start-up.
    """
    import yaml

    class NoAliases(yaml.SafeLoader):
        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise yaml.composer.ComposerError(
                    None, None, "anchors and aliases are not allowed", event.start_mark
                )
            return super().compose_node(parent, index)

    return NoAliases


def yaml_error() -> type[Exception]:
    """PyYAML's error class (``except yaml_error():`` imports PyYAML only when one is raised)."""
    import yaml

    return yaml.YAMLError


def load_yaml(text: str) -> object:
    """``text`` read as YAML by the safe loader, refusing anchors and aliases (a YAMLError)."""
    import yaml

    return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass


@dataclass(frozen=True)
class Block:
    """A document's front matter: its YAML text and where it lies."""

    content: str  # the YAML between the markers
    first: int  # line index (0-based) of the opening ``---``
    last: int  # line index just past the closing marker
    end: int  # offset where the rest of the document starts


def yaml_front_matter(md: MarkdownIt) -> None:
    """``front_matter_plugin``, for a leading ``---`` block that holds a YAML mapping only.

    A block that looks like a mapping but is invalid YAML stays front matter,
    so that :func:`parse` reports the YAML error with its line.
    """
    md.use(front_matter_plugin)
    ruler = md.block.ruler
    plugin_rule = ruler.__rules__[ruler.__find__("front_matter")].fn

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        count = len(state.tokens)
        if not plugin_rule(state, start, end, silent):
            return False
        if silent or is_front_matter(state.tokens[-1].content):
            return True
        del state.tokens[count:]
        state.line = start
        return False

    ruler.at("front_matter", rule)


@lru_cache(maxsize=64)
def is_front_matter(content: str) -> bool:
    """Whether the text between leading ``---`` lines is front matter (``yaml_front_matter``)."""
    try:
        return isinstance(load_yaml(content), dict)
    except (yaml_error(), ValueError):  # ValueError: a bad timestamp, date: 2023-13-40
        return _MAPPING_LINE.match(content) is not None


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    # block structure only: the front matter is the first token when there is one
    return MarkdownIt("zero").use(yaml_front_matter).disable(["inline", "text_join"])


def find(text: str) -> Block | None:
    """The front matter ``text`` (LF line ends) opens with, if any."""
    if not text.startswith("---"):
        return None
    tokens = _block_parser().parse(text)
    if not tokens or tokens[0].type != "front_matter" or not tokens[0].map:
        return None
    first, last = tokens[0].map
    lines = text.split("\n")
    end = sum(len(line) + 1 for line in lines[:last])
    return Block(tokens[0].content, first, last, min(end, len(text)))


def body(text: str) -> str:
    """``text`` without its leading front matter (the rest, byte for byte)."""
    block = find(text)
    return text[block.end :] if block else text


def metadata(path: Path) -> dict:
    """The front matter of a source file as a mapping (empty when it has none or it is invalid,
    the file's text included: ``extract`` is what reports that)."""
    return metadata_of(read_input(path, error=SourceError))


def metadata_of(data: bytes) -> dict:
    """:func:`metadata` of a source file's bytes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    block = find(text)
    if block is None:
        return {}
    try:
        loaded = load_yaml(block.content)
    except (yaml_error(), ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {key: value for key, value in loaded.items() if _kind_problem(key, value) is None}


def parse(block: Block, text: str, path: Path) -> dict:
    """The front matter as a mapping, ``date`` an ISO date; a :class:`SourceError` with its line."""
    first, last = block.first, block.last
    try:
        data = load_yaml(block.content) or {}
    except yaml_error() as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + 2 + mark.line if mark else first + 1
        if "anchors and aliases" in str(exc):
            raise SourceError(
                "front matter uses a YAML anchor or alias (&name, *name)",
                path,
                line,
                hint="write each value out in full",
            ) from None
        raise SourceError(
            "invalid YAML front matter",
            path,
            line,
            hint="fix the front matter between the --- lines",
        ) from None
    except ValueError as exc:  # a timestamp YAML recognises but cannot build: date: 2023-13-40
        lines = text.split("\n")
        line = next((n + 1 for n in range(first + 1, last) if _bad_timestamp(lines[n])), first + 1)
        raise SourceError(
            f"invalid date in front matter: {exc}", path, line, hint=_DATE_HINT
        ) from None
    if not isinstance(data, dict):
        raise SourceError(
            "front matter is not a mapping",
            path,
            first + 1,
            hint="write one 'key: value' per line",
        )
    _check_values(data, text, path, first, last)
    _check_date(data, text, path, first, last)
    _check_channel(data, text, path, first, last)
    return data


def _kind_problem(key: object, value: object) -> str | None:
    """What is wrong with one front-matter entry (None: nothing): text is published as text."""
    if not isinstance(key, str):
        return f"key {key!r} is not text"
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, dict):
        kind = "a mapping"
    elif isinstance(value, list | tuple | set):
        kind = "a list"
    elif isinstance(value, bytes):
        kind = "bytes"
    elif key not in TEXT_KEYS:  # another key: any single value
        return None
    elif isinstance(value, bool):
        kind = "true or false"
    elif isinstance(value, int | float):
        if key == "version":
            return None
        kind = "a number"
    else:
        kind = "a date" if isinstance(value, dt.date) else type(value).__name__
    return f"{key} is {kind}, not text"


def _check_values(data: dict, text: str, path: Path, first: int, last: int) -> None:
    """Refuse keys that are not text, and values that are not one line of text (see TEXT_KEYS)."""
    for key, value in data.items():
        problem = _kind_problem(key, value)
        if problem is not None:
            line = key_line(text, first, last, key) if isinstance(key, str) else first + 1
            raise SourceError(
                f"front matter {problem}",
                path,
                line,
                hint="write one line of text after the key; quote it if it looks like "
                'something else, e.g. title: "Yes"',
            )


def key_line(text: str, first: int, last: int, key: str) -> int:
    """The line number (1-based) of ``key:`` between lines ``first`` and ``last``, else first's."""
    lines = text.split("\n")
    pattern = re.compile(rf"""["']?{re.escape(key)}["']?\s*:""")
    return next(
        (n + 1 for n in range(first + 1, min(last, len(lines))) if pattern.match(lines[n])),
        first + 1,
    )


def _check_date(data: dict, text: str, path: Path, first: int, last: int) -> None:
    """Require ``date`` to be an ISO date (it names the release folder); a string becomes a date."""
    value = data.get("date")
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            data["date"] = dt.date.fromisoformat(value.strip())
            return
        except ValueError:
            pass
    raise SourceError(
        f"front matter date {str(value)!r} is not an ISO date",
        path,
        key_line(text, first, last, "date"),
        hint=_DATE_HINT,
    )


def _check_channel(data: dict, text: str, path: Path, first: int, last: int) -> None:
    """Require ``channel`` to be a known channel, and ``parts`` (only with one) a whole number
    of parts a message can have."""
    channel, parts = data.get("channel"), data.get("parts")
    if channel is not None and channel not in CHANNELS:
        raise SourceError(
            f"front matter channel {channel!r} is not a channel alerti18n knows",
            path,
            key_line(text, first, last, "channel"),
            hint=f"write one of: {', '.join(CHANNELS)} (or leave channel out)",
        )
    if parts is None:
        return
    problem = None
    if channel is None:
        problem = "parts needs a channel"
    elif isinstance(parts, bool) or not isinstance(parts, int) or not 1 <= parts <= MAX_PARTS:
        problem = f"parts {parts!r} is not a whole number from 1 to {MAX_PARTS}"
    if problem:
        raise SourceError(
            f"front matter {problem}",
            path,
            key_line(text, first, last, "parts"),
            hint="e.g. channel: sms and parts: 3, the most SMS parts the message may take",
        )


def _bad_timestamp(line: str) -> bool:
    """Whether one front-matter line holds a timestamp YAML cannot build (2023-13-40)."""
    try:
        load_yaml(line.strip())
    except ValueError:
        return True
    except yaml_error():
        pass
    return False
