"""An SVG's displayed size, read from its root element: what Pillow cannot open.

A browser sizes an ``<img>`` of an SVG from the root's ``width`` and ``height`` and,
where they are missing (or relative: ``100%``, ``2em``), from its ``viewBox`` ratio;
the same rule gives the ``width``/``height`` written on body images and the
``og:image`` size here. An SVG gets no raster variants: it scales by itself.

The file is content, so it is parsed with expat and nothing else: no DTD entity is
accepted (an entity bomb is refused, not expanded), nothing external is fetched,
and parsing stops at the root element (a 4 KiB read past it at most).
"""

from __future__ import annotations

import re
from xml.parsers import expat

from builder.errors import NotSvg

SVG_FORMAT = "SVG"
"""The format name an SVG is recorded under beside Pillow's (``JPEG``, ``PNG`` …)."""
_CHUNK = 4096
_SNIFF = re.compile(rb"<svg[\s>/]")
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(px|pt|pc|in|cm|mm)?\s*")
_PX = {None: 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
"""CSS absolute units in pixels (96 to the inch)."""
_LARGEST = 1e9
"""Past this a size is nonsense (and ``1e999`` is infinite): no size, not a crash."""


def looks_like_svg(name: str, data: bytes) -> bool:
    """By name (``.svg``), or by a text file with an ``<svg`` element near the top (one
    named ``.png``); raster formats never start with ``<``."""
    if name.lower().endswith(".svg"):
        return True
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and bool(_SNIFF.search(head))


def _refuse_entity(*_: object) -> None:
    raise NotSvg("it declares XML entities, which are not read")


def svg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in CSS pixels, or None when the SVG gives no usable size.

    Raises NotSvg when the bytes are not an SVG document.
    """
    attributes = _root_attributes(data)
    width = _pixels(attributes.get("width"))
    height = _pixels(attributes.get("height"))
    box = _view_box(attributes.get("viewBox"))
    if width and height:
        return _whole(width), _whole(height)
    if box is None:
        return None
    ratio = box[1] / box[0]
    if width:
        return _whole(width), _whole(width * ratio)
    if height:
        return _whole(height / ratio), _whole(height)
    return _whole(box[0]), _whole(box[1])


def _root_attributes(data: bytes) -> dict[str, str]:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = lambda *_: 0  # type: ignore[assignment]
    found: list[tuple[str, dict[str, str]]] = []
    parser.StartElementHandler = lambda name, attributes: found.append((name, attributes))
    try:
        for start in range(0, max(len(data), 1), _CHUNK):  # stops at the root element
            parser.Parse(data[start : start + _CHUNK], start + _CHUNK >= len(data))
            if found:
                break
    except expat.ExpatError as exc:
        raise NotSvg(f"not well-formed XML ({expat.errors.messages[exc.code]})") from None
    if not found:
        raise NotSvg("it has no <svg> element")
    name, attributes = found[0]
    if name.rsplit(":", 1)[-1] != "svg":
        raise NotSvg(f"its root element is <{name}>, not <svg>")
    return attributes


def _pixels(value: str | None) -> float | None:
    match = _LENGTH.fullmatch(value or "")
    if match is None:
        return None  # absent, or relative (``100%``, ``2em``): the viewBox decides
    pixels = float(match.group(1)) * _PX[match.group(2)]
    return pixels if 0 < pixels < _LARGEST else None


def _view_box(value: str | None) -> tuple[float, float] | None:
    parts = re.split(r"[\s,]+", (value or "").strip())
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return None
    if len(numbers) != 4 or not all(0 < n < _LARGEST for n in numbers[2:]):
        return None
    return numbers[2], numbers[3]


def _whole(pixels: float) -> int:
    return max(1, round(pixels))
