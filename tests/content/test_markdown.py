"""The Markdown renderer: our link schemes, word links, and what it reports."""

from __future__ import annotations

from portal.content.markdown import Renderer, WordLinker

PAGES = {("page", "be-heard"): "/rights/6-9/be-heard", ("journey", "ask-for-help"): "/ask"}


def resolve(scheme: str, target: str) -> str | None:
    if scheme == "word":
        return f"/words#word-{target}"
    return PAGES.get((scheme, target))


WORDS = WordLinker(
    {"rådgiver": "adviser", "rådgiveren": "adviser", "party to the case": "party", "case": "case"},
    lambda word: f"/words#word-{word}",
)


def render(source: str, words: WordLinker | None = None) -> tuple[str, list[str]]:
    rendered = Renderer(words).render(source, resolve)
    return str(rendered.html), rendered.problems


def test_internal_links_become_portal_urls() -> None:
    html, problems = render("[read](page:be-heard), [write](journey:ask-for-help), [w](word:x)")
    assert problems == []
    assert 'href="/rights/6-9/be-heard"' in html
    assert 'href="/ask"' in html
    assert 'href="/words#word-x"' in html


def test_a_broken_internal_link_is_reported() -> None:
    _, problems = render("[x](page:no-such-page) and [y](journey:fly)")
    assert problems == [
        "broken link 'page:no-such-page': no such page",
        "broken link 'journey:fly': no such journey",
    ]


def test_raw_html_is_reported_and_removed() -> None:
    html, problems = render('Hi <script>alert(1)</script>\n\n<div onclick="x">block</div>\n')
    assert "<script" not in html
    assert "onclick" not in html
    assert "<div" not in html
    assert len(problems) == 3  # <script>, </script>, and the <div> block
    assert all(p.startswith("raw HTML is not allowed") for p in problems)


def test_unsafe_and_plain_http_links_are_reported_and_not_rendered() -> None:
    html, problems = render("[a](javascript:alert(1)) [b](http://example.com)")
    assert "javascript:" not in html
    assert 'href="http://example.com"' not in html
    assert len(problems) == 2


def test_safe_external_links_stay() -> None:
    html, problems = render("[B](https://bornetelefonen.dk) [ring](tel:116111)")
    assert problems == []
    assert 'href="https://bornetelefonen.dk"' in html
    assert 'href="tel:116111"' in html


def test_h1_and_images_are_reported() -> None:
    _, problems = render("# Title\n\n![a](https://x.dk/a.png)\n")
    assert any("heading level 1" in p for p in problems)
    assert any("images" in p for p in problems)


def test_the_first_use_of_a_word_links_to_the_word_list_once() -> None:
    html, problems = render("Din rådgiver hjælper. Rådgiveren lytter.", WORDS)
    assert problems == []
    assert html.count('class="word-link"') == 1
    assert '<a href="/words#word-adviser" class="word-link"' in html
    assert ">rådgiver</a>" in html


def test_words_are_not_linked_in_headings_or_inside_links() -> None:
    html, _ = render("## Din rådgiver\n\n[rådgiver](page:be-heard) og rådgiveren.", WORDS)
    assert "<h2>Din rådgiver</h2>" in html
    assert html.count("word-link") == 1
    assert ">rådgiveren</a>" in html


def test_the_longest_form_wins_and_whole_words_only() -> None:
    html, _ = render("You are a party to the case. A showcase is not a case.", WORDS)
    assert ">party to the case</a>" in html
    assert "showcase" in html
    assert ">showcase<" not in html
    # "case" was used inside the longer form's link only; its own first use is linked too.
    assert html.count("word-link") == 2


def test_a_form_of_several_words_matches_across_a_line_break() -> None:
    html, _ = render("You are a party\nto the case.", WORDS)
    assert ">party\nto the case</a>" in html


def test_every_parse_is_counted() -> None:
    before = Renderer.parses
    Renderer().render("a", resolve)
    Renderer().render("b", resolve)
    assert Renderer.parses == before + 2
