from __future__ import annotations

from portal.content.sanitize import clean, to_text


def test_scripts_handlers_and_javascript_urls_are_removed() -> None:
    html = clean(
        '<p onclick="x()">Hej<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">a</a><img src=x onerror=alert(1)><iframe src="//e"></iframe>'
    )
    assert "script" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "<img" not in html
    assert "<iframe" not in html
    assert "<p>Hej</p>" in html


def test_allowed_markup_and_links_are_kept_with_safe_rel() -> None:
    html = clean(
        '<h2>Ret</h2><p lang="en">You <strong>can</strong> <a href="https://x.dk">ask</a></p>'
    )
    assert "<h2>Ret</h2>" in html
    assert 'lang="en"' in html
    assert '<a href="https://x.dk" rel="noopener noreferrer">ask</a>' in html


def test_style_and_comments_are_dropped() -> None:
    assert clean('<p style="color:red">x<!-- secret --></p>') == "<p>x</p>"


def test_to_text_keeps_words_only() -> None:
    assert to_text("<p>Hej <b>med</b> dig</p>") == "Hej med dig"
