"""What every catalog header alerti18n writes has in common: its author, its date stamps."""

from __future__ import annotations

import os
import time

HEADER_AUTHOR = "alerti18n contributors"


def now_stamp() -> str:
    """PO date stamp for now, or for SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = time.gmtime(int(epoch)) if epoch else time.gmtime()
    return time.strftime("%Y-%m-%d %H:%M+0000", moment)
