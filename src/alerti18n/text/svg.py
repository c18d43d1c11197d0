"""Which SVG images are static pictures, safe to publish beside a page.

An SVG is a document: opened by itself (it is published beside the page,
and a reader may follow its link) it can run scripts, load other files and
send requests. alerti18n neither rewrites nor converts one: it accepts an
SVG that is a static picture and refuses every other (:func:`svg_problem`
says why), so what is published is byte for byte what was imported, and no
home-made sanitizer has to be right about every trick. (No maintained SVG
sanitizer exists for Python: bleach and nh3 are HTML sanitizers that drop
SVG's namespace; converting to PNG would need Cairo and lose the text.)

A static picture here: well-formed XML parsed by :mod:`alerti18n.core.safexml`
(no DTD, no entity, no processing instruction), an ``<svg>`` root, only the
drawing elements of :data:`ELEMENTS` (no ``<script>``, ``<foreignObject>``,
animation or ``<iframe>``; editors' metadata namespaces allowed), no event
handler attribute, and no reference to anything outside the file: every
``href`` and ``url(...)`` is a ``#fragment`` inside it, except a link
(``<a href>``, the link rule of :mod:`alerti18n.text.links`) and an embedded
raster image (``data:image/png|jpeg|gif|webp;base64``).
"""

from __future__ import annotations

import re
from typing import Any

from alerti18n.core import safexml
from alerti18n.text.links import link_allowed, shown

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
#: SVG elements that draw, group, describe or paint, and nothing else.
ELEMENTS = frozenset(
    """svg g defs desc title metadata symbol use switch a view
    path rect circle ellipse line polyline polygon text tspan textPath image
    linearGradient radialGradient stop pattern clipPath mask marker style
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
    feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight
    feSpecularLighting feSpotLight feTile feTurbulence""".split()
)
#: Namespaces of editors' metadata (Inkscape, Sodipodi, RDF, Dublin Core, Creative Commons).
METADATA = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
    }
)
_URL = re.compile(r"url\s*\(\s*(['\"]?)\s*([^)'\"]*)", re.IGNORECASE)
_RASTER = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,", re.IGNORECASE)


def svg_problem(data: bytes) -> str | None:
    """Why the SVG ``data`` may not be published (None: it is a static picture)."""
    from lxml import etree

    head = data[:65536]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        return "it declares a DTD or entities"
    try:
        root = etree.fromstring(data, safexml.parser())
    except etree.XMLSyntaxError as exc:
        return f"it is not well-formed XML ({exc})"
    if root.tag != f"{{{SVG}}}svg":
        return "its root element is not <svg>"
    outside = [*root.itersiblings(preceding=True), *root.itersiblings()]  # before or after it
    for node in [*outside, *root.iter()]:
        problem = _node_problem(node)
        if problem is not None:
            return problem
    return None


def _node_problem(node: Any) -> str | None:
    from lxml import etree

    if isinstance(node, etree._ProcessingInstruction):
        return "it holds a processing instruction"
    if isinstance(node, etree._Entity):
        return "it holds an entity reference"
    if not isinstance(node.tag, str):  # a comment
        return None
    namespace, _, name = node.tag[1:].partition("}") if node.tag.startswith("{") else ("", "", "")
    if namespace in METADATA:
        return None
    if namespace != SVG or name not in ELEMENTS:
        return f"it holds a <{name or node.tag}> element, which is not a static drawing"
    for key, value in node.attrib.items():
        problem = _attribute_problem(name, key, value)
        if problem is not None:
            return problem
    if name == "style":
        return _style_problem(node.text or "")
    return None


def _attribute_problem(element: str, key: str, value: str) -> str | None:
    local = key.rsplit("}", 1)[-1].lower()
    if local.startswith("on"):
        return f"<{element}> has an event handler ({local}=)"
    if local == "href":
        ref = value.strip()
        if ref.startswith("#"):
            return None
        if element == "a" and link_allowed(ref):
            return None
        if element == "image" and _RASTER.match(ref):
            return None
        return f"<{element}> refers to {shown(ref)}, outside the file"
    return _style_problem(value)


def _style_problem(text: str) -> str | None:
    if "@import" in text.lower():
        return "a style imports another file"
    for match in _URL.finditer(text):
        if not match.group(2).strip().startswith("#"):
            return f"a style loads {shown(match.group(2).strip())}, outside the file"
    return None
