"""The one way alerti18n parses XML someone else wrote (DOCX/ODT parts, TMX, HTML metadata).

No entity is expanded, no DTD loaded, nothing fetched from the network, and
lxml's limits on huge documents stay on: an XML bomb or an external entity in
an imported file can neither exhaust memory nor read or send anything.
"""

from __future__ import annotations

from typing import Any


def parser(strip: bool = False) -> Any:
    """A hardened ``lxml.etree.XMLParser``; ``strip`` drops comments and processing instructions."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=strip,
        remove_pis=strip,
    )
