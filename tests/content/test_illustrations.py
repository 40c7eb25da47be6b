"""Story drawings: only plain shapes get in, and each is named by the page that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.content.illustrations import load_illustration, load_illustrations
from tests.support.apps import ROOT

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'


def write(tmp_path: Path, body: str, name: str = "picture") -> Path:
    path = tmp_path / f"{name}.svg"
    path.write_text(SVG.format(body) if not body.startswith("<svg") else body)
    return path


def test_every_shipped_drawing_passes_its_check() -> None:
    found, problems = load_illustrations(ROOT / "content" / "illustrations")
    assert problems == []
    assert len(found) >= 16


def test_inline_svg_has_a_text_alternative_and_escapes_it(tmp_path: Path) -> None:
    illustration, problems = load_illustration(write(tmp_path, '<circle cx="5" cy="5" r="4"/>'))
    assert problems == []
    assert illustration is not None
    svg = str(illustration.inline('A "child" & <an adult>', "story-1"))
    assert 'role="img"' in svg
    assert 'aria-labelledby="story-1-title"' in svg
    assert '<title id="story-1-title">A &#34;child&#34; &amp; &lt;an adult&gt;</title>' in svg
    assert '<circle cx="5" cy="5" r="4" />' in svg
    assert svg.count("xmlns=") == 1


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<script>alert(1)</script>", "element <script> is not allowed"),
        ('<circle r="1" onclick="x"/>', "attribute 'onclick' on <circle> is not allowed"),
        ('<rect width="1" style="fill:red"/>', "attribute 'style' on <rect> is not allowed"),
        ('<image href="https://x.dk/a.png"/>', "element <image> is not allowed"),
        ("<foreignObject><p>x</p></foreignObject>", "element <foreignObject> is not allowed"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>', "numeric viewBox"),
        ("<svg><circle r='1'/></svg>", "root element must be"),
        ("<svg", "not well-formed"),
    ],
)
def test_unsafe_or_broken_drawings_are_refused(tmp_path: Path, body: str, problem: str) -> None:
    illustration, problems = load_illustration(write(tmp_path, body))
    assert illustration is None
    assert any(problem in p for p in problems), problems


def test_a_bad_file_name_is_reported(tmp_path: Path) -> None:
    _, problems = load_illustration(write(tmp_path, '<circle r="1"/>', name="Big_Picture"))
    assert problems == ["the file name must be lowercase words joined by hyphens"]
