"""The hardened XML parser: no entity expansion, no external entity, no network, no DTD."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from alerti18n.core.safexml import parser

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<r>&lol3;</r>"""


def test_entities_are_not_expanded() -> None:
    root = etree.fromstring(LAUGHS, parser())
    assert [node.text for node in root.iter(etree.Entity)] == ["&lol3;"]  # kept, not expanded
    assert "lollol" not in etree.tostring(root).decode()


def test_an_external_entity_reads_no_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]><r>&x;</r>'
    ).encode()
    root = etree.fromstring(data, parser())
    assert "TOP SECRET" not in etree.tostring(root).decode()


def test_strip_drops_comments_and_processing_instructions() -> None:
    data = b"<r><!-- note --><?pi x?><a>t</a></r>"
    assert etree.tostring(etree.fromstring(data, parser(strip=True))) == b"<r><a>t</a></r>"
    assert b"<!-- note -->" in etree.tostring(etree.fromstring(data, parser()))
