"""Fuzzing the TMX reader (``memory.tmx.read_tmx``): TMX 1.4 files from other tools.

Seeds are what alerti18n writes (``write_tmx``: props, dates, Armenian text) and a TMX in
another tool's shape (inline ``<bpt>``/``<ept>``/``<ph>`` codes, ``lang`` without ``xml:``,
a CDATA section); the tokens are XML's and TMX's, DTDs and entities among them. Any bytes
either give the file's units or are refused with one line naming the file and line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from support.fuzzing import fuzz_settings, mutants, parses_or_refuses

from alerti18n.core.errors import AlertI18nError
from alerti18n.memory.tmx import TmUnit, read_tmx, write_tmx

UNITS = [
    TmUnit("Stay inside.", "Restez à l'intérieur.", "fr", "alert", True, "20230922T100000Z"),
    TmUnit("Close the `windows`.", "Փակեք `պատուհանները`։", "hy"),
]
OTHER_TOOL = b"""<?xml version="1.0" encoding="utf-8"?>
<tmx version="1.4"><header srclang="en-US" creationtool="x" segtype="sentence"
 datatype="plaintext" adminlang="en" o-tmf="x" creationtoolversion="1"/>
<body><tu tuid="1"><tuv lang="EN-US"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Stop<ept i="1">
&lt;/b&gt;</ept> now<ph>&lt;br/&gt;</ph></seg></tuv><tuv xml:lang="fr-FR"><seg><![CDATA[Appuyez
sur <b>Stop</b>]]></seg></tuv></tu></body></tmx>
"""
SEEDS = [write_tmx(UNITS, "en", "1.0", imported_from="old.tmx"), OTHER_TOOL]
TOKENS = [
    b"<tu>",
    b"</tu>",
    b'<tuv xml:lang="fr">',
    b"<seg>",
    b"</seg>",
    b"<bpt i='1'>",
    b"<sub>",
    b"&amp;",
    b"&lt;",
    b"&#0;",
    b"&#x10FFFF;",
    b"&x;",
    b"<![CDATA[",
    b"]]>",
    b"<!DOCTYPE tmx [",
    b'<!ENTITY x "y">',
    b"<?xml ",
    b'encoding="latin-1"',
    b"<",
    b">",
    b'"',
    b"\xff",
    b"\x00",
    b"\xef\xbb\xbf",
    b"<!--",
    b"-->",
    b"srclang",
    b"*all*",
    b"<body>",
    b"<header ",
]


LANGS = st.sampled_from(["en", "fr", "hy"] * 3 + ["EN-us", "en_GB", "fr-FR", "hy-AM", "de", ""])
XML_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\ufffe\uffff").filter(
        lambda c: c in "\t\n\r" or ord(c) >= 0x20
    ),
    max_size=40,
)


@st.composite
def well_formed(draw: st.DrawFn) -> bytes:
    """A well-formed TMX-like tree (any languages, inline codes nested, props, odd text)."""
    root = etree.Element(draw(st.sampled_from(["tmx"] * 8 + ["TMX"])))
    root.set("version", draw(st.sampled_from(["1.4"] * 8 + ["1.4b", "2.0", ""])))
    header = etree.SubElement(root, draw(st.sampled_from(["header"] * 8 + ["head"])))
    if draw(st.integers(0, 5)):
        header.set("srclang", draw(st.sampled_from(["en"] * 8 + ["*all*", "EN-US", "fr", ""])))
    body = etree.SubElement(root, draw(st.sampled_from(["body"] * 8 + ["bdy"])))
    for _ in range(draw(st.integers(0, 4))):
        tu = etree.SubElement(body, "tu")
        for _ in range(draw(st.integers(0, 2))):
            etree.SubElement(tu, "prop", type=draw(XML_TEXT)).text = draw(XML_TEXT)
        for _ in range(draw(st.integers(0, 3))):
            tuv = etree.SubElement(tu, "tuv")
            if draw(st.booleans()):
                tuv.set("{http://www.w3.org/XML/1998/namespace}lang", draw(LANGS))
            if draw(st.integers(0, 5)):
                seg = etree.SubElement(tuv, "seg")
                seg.text = draw(XML_TEXT)
                parent = seg
                for tag in draw(st.lists(st.sampled_from(["bpt", "ept", "ph", "hi", "sub", "it"]))):
                    parent = etree.SubElement(parent, tag)
                    parent.text, parent.tail = draw(XML_TEXT), draw(XML_TEXT)
    return etree.tostring(root, xml_declaration=draw(st.booleans()), encoding="UTF-8")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-tmx")


@given(data=st.one_of(mutants(SEEDS, TOKENS), well_formed()))
@fuzz_settings(250)
def test_any_tmx_reads_or_is_refused_with_file_and_line(workdir: Path, data: bytes) -> None:
    path = workdir / "memory.tmx"
    path.write_bytes(data)
    result = parses_or_refuses(lambda: read_tmx(path, "en", ("fr", "hy")), path)
    if not isinstance(result, AlertI18nError):
        assert result.units and all(u.lang in ("fr", "hy") and u.source for u in result.units)
