"""The one clock: what time every stamp alerti18n writes says.

Header dates (POT-Creation-Date, PO-Revision-Date), review and draft marks, release
dates, the dashboard's time: all come from :func:`now`. ``SOURCE_DATE_EPOCH`` (seconds
since 1970, UTC), when set, is that time: reproducible builds use it, and tests set it
step by step to play a translation cycle with controlled clocks.

Instants are written as ISO 8601 in UTC to the second (:func:`iso`,
``2025-03-04T10:15:00Z``); :func:`parse_instant` reads them back, and reads PO
header dates (``2025-03-04 10:15+0000``) and plain days too.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from alerti18n.core.errors import ConfigError

#: The variable that sets the clock (the reproducible-builds convention).
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"

_PO_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def now() -> dt.datetime:
    """The time now, UTC, to the second: ``SOURCE_DATE_EPOCH`` when it is set."""
    epoch = os.environ.get(EPOCH_VARIABLE)
    if epoch is None or epoch == "":
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ConfigError(
            f"{EPOCH_VARIABLE} is not a number of seconds: {epoch!r}",
            hint=f"unset it, or set it to a time such as {EPOCH_VARIABLE}=1710460800",
        ) from None


def iso(moment: dt.datetime) -> str:
    """``moment`` as ISO 8601 in UTC to the second (``2025-03-04T10:15:00Z``)."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(text: object) -> dt.datetime | None:
    """An instant written by :func:`iso`, a PO header date or a plain day (midnight UTC);
    None for anything else (a template's ``YEAR-MO-DA HO:MI+ZONE`` placeholder)."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.timezone.utc)
    except ValueError:
        return None
    match = _PO_DATE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    offset = dt.timedelta()
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    try:
        moment = dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
        )
        return (moment - offset).replace(tzinfo=dt.timezone.utc)
    except (ValueError, OverflowError):
        return None
