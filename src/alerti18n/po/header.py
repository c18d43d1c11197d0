"""What every catalog header alerti18n writes has in common: its author, its date stamps;
and the one quick reader of a header's fields (:func:`header_field`)."""

from __future__ import annotations

import os
import time

# The reader is defined in core.config, which reads the project's name with it and cannot
# import this layer; here it is offered with the other header facts.
from alerti18n.core.config import header_field

HEADER_AUTHOR = "alerti18n contributors"


def now_stamp() -> str:
    """PO date stamp for now, or for SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = time.gmtime(int(epoch)) if epoch else time.gmtime()
    return time.strftime("%Y-%m-%d %H:%M+0000", moment)


__all__ = ["HEADER_AUTHOR", "header_field", "now_stamp"]
