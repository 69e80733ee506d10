"""plan/svg: an SVG's displayed size from its root element, on bytes made here."""

from __future__ import annotations

import pytest

from builder.errors import NotSvg
from builder.plan.svg import looks_like_svg, svg_size


def svg(attributes: str, prolog: str = "") -> bytes:
    return f'{prolog}<svg xmlns="http://www.w3.org/2000/svg" {attributes}><g/></svg>'.encode()


@pytest.mark.parametrize(
    ("attributes", "size"),
    [
        ('width="120" height="40" viewBox="0 0 60 20"', (120, 40)),  # width/height win
        ('viewBox="0 0 640 360"', (640, 360)),
        ('viewBox="-10,-10 , 300.4 150"', (300, 150)),  # commas, negative origin, rounding
        ('width="320" viewBox="0 0 640 360"', (320, 180)),  # the other side by the ratio
        ('height="90px" viewBox="0 0 640 360"', (160, 90)),
        ('width="1in" height="72pt"', (96, 96)),  # CSS units, 96 px to the inch
        ('width="100%" height="100%" viewBox="0 0 50 25"', (50, 25)),  # relative: viewBox
        ('width="2em" viewBox="0 0 10 10"', (10, 10)),
    ],
)
def test_the_size_a_browser_shows(attributes: str, size: tuple[int, int]) -> None:
    assert svg_size(svg(attributes)) == size


@pytest.mark.parametrize(
    "attributes",
    ["", 'width="100%"', 'width="40"', 'viewBox="0 0 0 10"', 'viewBox="0 0 1e999 5"'],
)
def test_no_usable_size_is_none_not_a_guess(attributes: str) -> None:
    assert svg_size(svg(attributes)) is None


def test_a_prolog_a_doctype_and_comments_before_the_root_are_read_past() -> None:
    prolog = '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<!-- made by hand -->\n'
    assert svg_size(svg('viewBox="0 0 8 4"', prolog)) == (8, 4)


def test_an_entity_is_refused_not_expanded() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
    with pytest.raises(NotSvg, match="entities"):
        svg_size(svg('viewBox="0 0 8 4" id="&a;"', bomb))


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"<html><body>not a picture</body></html>", "root element is <html>"),
        (b"<svg viewBox='0 0 8 4'", "not well-formed"),
        (b"", "not well-formed"),
    ],
)
def test_what_is_not_an_svg_says_why(data: bytes, why: str) -> None:
    with pytest.raises(NotSvg, match=why):
        svg_size(data)


def test_an_svg_is_known_by_its_name_or_its_first_element() -> None:
    assert looks_like_svg("chart.SVG", b"")
    assert looks_like_svg("misnamed.png", b'<?xml version="1.0"?>\n<svg viewBox="0 0 1 1"/>')
    assert not looks_like_svg("photo.png", b"\x89PNG\r\n\x1a\n")
