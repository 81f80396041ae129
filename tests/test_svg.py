"""The SVG a stand may carry (kiosk.content.svg), checked in validation and drawn from a
safe copy, so that no drawing reaches outside the stand, stops a process or runs for minutes."""

from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest

from kiosk.content import load_stand, svg
from kiosk.content.problems import Severity
from tests.stands import MINIMAL, at, edit, png, png_bomb, write_stand

HEAD = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100" height="100">\n')
WITH_IMAGE = edit(MINIMAL, "        body: Some text.\n",
                  "        body: Some text.\n        image: {file: media/map.svg}\n")


def drawing(body: str, head: str = HEAD) -> bytes:
    return (head + body + "\n</svg>\n").encode()


def use_bomb(levels: int = 11, fan: int = 10) -> bytes:
    """`levels` groups of `fan` <use> of the level below: fan**levels shapes in ~3 KB."""
    parts = ['<defs>', '<rect id="a0" width="1" height="1"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#a{level - 1}"/>' for _ in range(fan))
        parts.append(f'<g id="a{level}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#a{levels}"/>')
    return drawing("\n".join(parts))


def problems(data: bytes) -> list[svg.SvgProblem]:
    return svg.inspect(data).problems


def only(data: bytes) -> svg.SvgProblem:
    found = problems(data)
    assert len(found) == 1, found
    return found[0]


# --- what is allowed ------------------------------------------------------------------------

INKSCAPE = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Created with Inkscape -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
     width="200" height="100" viewBox="0 0 200 100" inkscape:export-filename="/home/me/map.png">
  <sodipodi:namedview id="base" inkscape:zoom="1"/>
  <metadata><rdf:RDF><rdf:Description about="x"/></rdf:RDF></metadata>
  <style>.sea { fill: url(#blue); } .land { fill: #c33 }</style>
  <defs>
    <linearGradient id="blue"><stop offset="0" stop-color="#03c"/></linearGradient>
    <linearGradient id="blue2" xlink:href="#blue"/>
    <symbol id="dot"><circle r="3"/></symbol>
    <clipPath id="clip"><rect width="200" height="100"/></clipPath>
    <marker id="arrow"><path d="M0,0 L4,2 L0,4 z"/></marker>
  </defs>
  <g inkscape:label="Layer 1" clip-path="url(#clip)" style="stroke:url(#blue2)">
    <rect class="sea" width="200" height="100"/>
    <path class="land" d="M10,10 L50,10 L50,50 z" marker-mid="url(#arrow)"/>
    <use xlink:href="#dot" x="20" y="20"/><use href="#dot" x="40" y="20"/>
  </g>
</svg>
"""


def test_a_drawing_as_inkscape_writes_it_is_allowed() -> None:
    found = svg.inspect(INKSCAPE)
    assert found.problems == []
    assert (found.width, found.height) == (200, 100)
    assert found.drawn == 2 + 3 + 2 + 1  # rect and path, 3 marker points, 2 dots, the clip


def test_an_embedded_png_is_allowed() -> None:
    data = base64.b64encode(png(8, 8)).decode()
    found = svg.inspect(drawing(f'<image width="8" height="8" xlink:href="data:image/png;base64,{data}"/>'))
    assert found.problems == []
    assert found.embedded == [png(8, 8)]


# --- what is refused, at its line ------------------------------------------------------------


@pytest.mark.parametrize(("body", "phrase"), [
    ('<text x="1" y="1">Hi</text>', "text (<text>) is not allowed"),
    ('<g><g><tspan>Hi</tspan></g></g>', "text (<tspan>)"),
    ('<script>alert(1)</script>', "a script is not allowed"),
    ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
     "HTML inside the drawing"),
    ('<a xlink:href="#x"><rect id="x" width="1" height="1"/></a>', "a link (<a>)"),
    ('<rect width="1" height="1"><animate attributeName="x" to="9"/></rect>', "animation"),
    ('<rect width="1" height="1" onclick="alert(1)"/>', "the attribute 'onclick' is a script"),
    ('<blink/>', "<blink> is not part of the SVG a stand may use"),
    ('<image href="/etc/secret.png" width="9" height="9"/>', "refers to '/etc/secret.png', outside"),
    ('<image xlink:href="../../x.png" width="9" height="9"/>', "refers to '../../x.png', outside"),
    ('<image xlink:href="file:///x.png" width="9" height="9"/>', "'file:///x.png', outside"),
    ('<image xlink:href="http://example.com/x.png"/>', "'http://example.com/x.png', outside"),
    ('<image xlink:href="x.png"/>', "'x.png', outside"),
    ('<use xlink:href="other.svg#a"/>', "'other.svg#a', outside"),
    ('<rect width="1" height="1" fill="url(file:///x.png)"/>', "'fill' refers to 'file:///x.png'"),
    ('<rect width="1" height="1" style="fill: url(\'http://x/y\')"/>', "'fill' refers to 'http://x/y'"),
    ('<style>@import url(x.css);</style>', "the style sheet loads from outside"),
    ('<rect width="1" height="1" style="fill:url(data:image/png;base64,AAAA)"/>',
     "'fill' refers to 'data:image/png;base64,AAAA'"),
    ('<rect width="1" height="1" style="fill:URL(/x.png)"/>', "'fill' refers to '/x.png'"),
    ('<rect width="1" height="1" style="fill:\\75 rl(/x.png)"/>', "escape the kiosk does not read"),
    ('<rect width="1" height="1" fill="url(/x.png"/>', "reference or escape the kiosk does not read"),
    ('<style>rect { fill: url(/x.png) }</style>', "the style sheet refers to '/x.png'"),
    ('<style>rect { fill: url(#clip) }</style><clipPath id="clip"/>',
     "the style sheet refers to '#clip', which is not a gradient"),
    ('<use xlink:href="#nowhere"/>', "refers to '#nowhere', which is not in the drawing"),
    ('<g id="loop"><use xlink:href="#loop"/></g>', "refers, in the end, to itself"),
    ('<image xlink:href="data:text/html;base64,PGI+"/>', "not a PNG or JPEG in base64"),
    ('<image xlink:href="data:image/png;base64,R0lGODlhAQABAAAAACw="/>', "is a GIF, not a PNG"),
    (f'<image xlink:href="data:image/png;base64,{base64.b64encode(png_bomb()).decode()}"/>',
     "50000x50000 pixels, too large"),
    ('<rect id="a" width="1" height="1"/><rect id="a" width="1" height="1"/>',
     "the id 'a' is given twice"),
])
def test_a_part_outside_the_subset_is_refused_at_its_line(body: str, phrase: str) -> None:
    found = problems(drawing("\n\n" + body))
    assert found, body
    assert phrase in found[0].message
    assert found[0].line in (3, 4), found[0]
    assert found[0].hint


@pytest.mark.parametrize(("data", "phrase"), [
    (b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n<svg/>', "its own XML entities"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     b'<svg>&x;</svg>', "its own XML entities"),
    (b'<?xml-stylesheet href="http://x/y.css" type="text/css"?>\n' + drawing(""),
     "a style sheet from outside"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "not well-formed XML"),
    (b'<svg xmlns="http://www.w3.org/2000/svg">&nbsp;</svg>', "not well-formed XML"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "XML but not an SVG drawing"),
    (b"<svg>" + b"<g>" * (svg.MAX_DEPTH + 5) + b"</g>" * (svg.MAX_DEPTH + 5) + b"</svg>",
     f"nested more than {svg.MAX_DEPTH} levels"),
    (drawing('<rect width="1" height="1"/>' * (svg.MAX_ELEMENTS + 1)),
     f"more than {svg.MAX_ELEMENTS:,} elements"),
    (b" " * (svg.MAX_BYTES + 1), "larger than the 4 MB"),
])
def test_a_file_outside_the_subset_is_refused(data: bytes, phrase: str) -> None:
    assert phrase in problems(data)[0].message


def test_the_use_bomb_from_the_issue_is_refused_at_once() -> None:
    data = use_bomb()  # 10**11 rectangles once expanded
    assert len(data) < 3500
    started = time.perf_counter()
    problem = only(data)
    assert time.perf_counter() - started < 1.0
    assert f"draws more than {svg.MAX_DRAWN:,} shapes" in problem.message


def test_the_use_count_is_exact_below_the_limit() -> None:
    assert svg.inspect(use_bomb(levels=4, fan=10)).drawn == 10_000
    assert "draws more than" in only(use_bomb(levels=5, fan=8)).message  # 32,768


def test_references_chained_deeper_than_the_limit_are_refused() -> None:
    chain = ['<defs><rect id="a0" width="1" height="1"/>']
    chain += [f'<use id="a{i}" xlink:href="#a{i - 1}"/>' for i in range(1, svg.MAX_DEPTH + 3)]
    chain.append(f'</defs><use xlink:href="#a{svg.MAX_DEPTH + 2}"/>')
    assert "nested more than" in only(drawing("\n".join(chain))).message


def test_a_marker_on_every_point_counts_each_time() -> None:
    points = " ".join(f"{i},{i}" for i in range(200))
    marker = '<marker id="m">' + '<circle r="1"/>' * 200 + "</marker>"
    data = drawing(f'<defs>{marker}</defs><polyline points="{points}" marker-mid="url(#m)"/>')
    assert "draws more than" in only(data).message  # 200 points x 200 circles


def test_at_most_a_few_problems_are_told() -> None:
    assert len(problems(drawing("<text/>" * 50))) == svg.MAX_PROBLEMS


# --- the safe copy ---------------------------------------------------------------------------


def test_the_safe_copy_keeps_only_the_drawing() -> None:
    copy = svg.safe_copy(INKSCAPE).decode()
    for gone in ("DOCTYPE", "Inkscape", "sodipodi", "rdf", "/home/me", "<!--"):
        assert gone not in copy
    assert 'xlink:href="#dot"' in copy  # both spellings of a reference, in one
    assert copy.count('xlink:href="#dot"') == 2
    assert "url(#blue)" in copy and "<circle" in copy
    assert svg.inspect(copy.encode()).problems == []  # the copy passes the checks itself


def test_the_safe_copy_refuses_what_inspect_refuses() -> None:
    with pytest.raises(svg.SvgRefused, match="outside the drawing"):
        svg.safe_copy(drawing('<image href="/etc/x.png"/>'))


def test_the_safe_copy_drops_a_reference_a_faulty_check_let_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Even if the check had a hole, the copy only ever writes '#id' and checked data: hrefs."""
    monkeypatch.setattr(svg._Checker, "reference", lambda self, node, value: None)
    monkeypatch.setattr(svg._Checker, "urls", lambda self, node, value, **_: None)
    monkeypatch.setattr(svg._Checker, "stylesheet", lambda self, node: None)
    copy = svg.safe_copy(drawing('<image href="/etc/x.png" width="9" height="9"/>'
                                 '<rect width="1" height="1" fill="url(file:///y.png)"/>'
                                 '<rect width="1" height="1" style="fill:URL(/z.png"/>'
                                 '<style>@import url(w.css);</style>'
                                 '<g xml:base="file:///etc/"/>'))
    for name in (b"/etc/x.png", b"y.png", b"z.png", b"w.css", b"/etc/"):
        assert name not in copy
    assert b"<image" not in copy and b"<rect" in copy  # left out whole


# --- in validation: at the stand.yaml line naming the drawing --------------------------------


@pytest.mark.parametrize(("body", "phrase"), [
    ('<text x="10" y="50">Hello</text>', "line 3: text (<text>) is not allowed"),
    ('<image href="/abs/path.png" width="9" height="9"/>', "line 3: <image> refers to '/abs/path.png'"),
    ('<image xlink:href="../../x.png" width="9" height="9"/>', "line 3: <image> refers to '../../x.png'"),
])
def test_the_issue_cases_are_errors_at_the_line_naming_the_drawing(
    tmp_path: Path, body: str, phrase: str
) -> None:
    folder = write_stand(tmp_path / "stand", WITH_IMAGE, {"media/map.svg": drawing("\n" + body)})
    result = load_stand(folder)
    assert not result.ok
    [problem] = result.errors
    assert (problem.line, problem.column) == at(WITH_IMAGE, "media/map.svg")
    assert problem.file == folder / "stand.yaml"
    assert f"SVG 'media/map.svg', {phrase}" in problem.message
    assert problem.severity is Severity.ERROR


def test_the_use_bomb_is_refused_by_validation_in_seconds(tmp_path: Path) -> None:
    folder = write_stand(tmp_path / "stand", WITH_IMAGE, {"media/map.svg": use_bomb()})
    started = time.perf_counter()
    result = load_stand(folder)
    assert time.perf_counter() - started < 2.0
    assert "draws more than" in result.errors[0].message


def test_a_drawing_inside_the_subset_validates(tmp_path: Path) -> None:
    folder = write_stand(tmp_path / "stand", WITH_IMAGE, {"media/map.svg": INKSCAPE})
    assert load_stand(folder).problems == ()
