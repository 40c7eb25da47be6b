"""The explainer library: loading, checking and looking pages up, on small content trees."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from portal.content.library import BASE_LOCALE, ContentError, Library, load
from portal.entry.journeys import ACTIONS
from portal.i18n import LOCALES
from portal.rights import AppLinks
from tests.support.apps import ROOT

GLOSSARY = """title = "Ordbog"
summary = "Ord."
reviewed = 2026-11-22

[[word]]
id = "adviser"
term = "Rådgiver"
forms = ["rådgiver", "rådgiveren"]
meaning = "En voksen fra kommunen."
"""


def front(**fields: Any) -> str:
    """A page file with valid front matter for a 6-9 page, changed by ``fields``."""
    meta: dict[str, Any] = {
        "title": '"Titel"', "summary": '"Kort."', "audience": '"child"', "band": '"6-9"',
        "order": "2", "law": '["§ 5"]', "related": "[]", "actions": '["ask-for-help"]',
        "reviewed": "2026-11-22",
    }  # fmt: skip
    for key, value in fields.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    body = fields.get("__body", "Din rådgiver lytter.")
    lines = "\n".join(f"{k} = {v}" for k, v in meta.items() if not k.startswith("__"))
    return f"+++\n{lines}\n+++\n{body}\n"


def tree(root: Path, files: dict[str, str]) -> Path:
    """A content folder with a glossary, a drawing, the indexes and ``files``."""
    base = {
        "da/glossary.toml": GLOSSARY,
        "da/children/6-9/index.md": front(order="1", law="[]"),
        "da/parents/index.md": front(audience='"parent"', band=None, order="1"),
    }
    for name, text in {**base, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "illustrations").mkdir(exist_ok=True)
    shutil.copy(ROOT / "content" / "illustrations" / "talk.svg", root / "illustrations")
    return root


def load_tree(app: Flask, root: Path) -> Library:
    with app.app_context():
        links = AppLinks(app.url_map.bind("localhost", script_name="/"))
        return load(root, links, ACTIONS, LOCALES)


def problems_of(app: Flask, root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_tree(app, root)
    return caught.value.problems


def test_a_valid_tree_loads_and_renders(app: Flask, tmp_path: Path) -> None:
    library = load_tree(app, tree(tmp_path, {"da/children/6-9/be-heard.md": front()}))
    found = library.find("da", "children/6-9", "be-heard")
    assert found is not None
    page, fell_back = found
    assert not fell_back
    assert page.title == "Titel"
    assert page.band == "6-9"
    assert page.law == ("§ 5",)
    assert 'href="/rights/words#word-adviser"' in page.html
    assert page.text.splitlines()[:2] == ["Titel", "Kort."]


def test_a_page_missing_in_a_locale_falls_back_to_danish(app: Flask, tmp_path: Path) -> None:
    library = load_tree(app, tree(tmp_path, {"da/children/6-9/be-heard.md": front()}))
    found = library.find("ar", "children/6-9", "be-heard")
    assert found is not None
    assert found[0].locale == BASE_LOCALE
    assert found[1] is True
    assert library.find("da", "children/6-9", "no-such-page") is None
    assert library.glossary("uk")[1] is True


def test_a_section_lists_pages_in_their_order(app: Flask, tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "da/children/6-9/b.md": front(order="3"),
            "da/children/6-9/a.md": front(order="2"),
            "en/children/6-9/a.md": front(title='"English"', order="2"),
        },
    )
    pages = load_tree(app, root).section("en", "children/6-9")
    assert [(p.slug, p.locale) for p, _ in pages] == [("index", "da"), ("a", "en"), ("b", "da")]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"da/children/6-9/x.md": front(title=None)}, "missing front matter field 'title'"),
        ({"da/children/6-9/x.md": front(reviewed='"last week"')}, "'reviewed' must be a date"),
        ({"da/children/6-9/x.md": front(colour='"red"')}, "unknown front matter field 'colour'"),
        ({"da/children/5-8/x.md": front(band='"5-8"')}, "unknown age band '5-8'"),
        ({"da/children/6-9/x.md": front(band='"10-13"')}, "band must be '6-9'"),
        ({"da/children/6-9/x.md": front(audience='"parent"')}, "audience must be 'child'"),
        ({"da/children/6-9/x.md": front(audience='"teacher"')}, "unknown audience 'teacher'"),
        ({"da/parents/x.md": front(audience='"parent"')}, "only child and youth pages have"),
        ({"da/children/6-9/x.md": front(law='["§ 52"]')}, "law reference '§ 52'"),
        ({"da/children/6-9/x.md": front(actions='["fly"]')}, "unknown action 'fly'"),
        ({"da/children/6-9/x.md": front(related='["nowhere"]')}, "related page 'nowhere'"),
        ({"da/children/6-9/x.md": front(__body="[a](page:nowhere)")}, "broken link"),
        ({"da/children/6-9/x.md": front(__body="<b>hi</b>")}, "raw HTML is not allowed"),
        ({"da/children/6-9/x.md": "no front matter"}, "must start with front matter"),
        ({"da/children/6-9/x.md": "+++\ntitle = \n+++\n"}, "not valid TOML"),
        ({"da/children/6-9/Big.md": front()}, "lowercase words joined by hyphens"),
        ({"da/misc/x.md": front()}, "pages belong in children/<band>/"),
        ({"en/children/6-9/only-english.md": front()}, "no Danish page"),
        ({"da/professionals/x.md": front(audience='"professional"', band=None)}, "index.md"),
        (
            {"da/children/6-9/x.md": front(story='[{picture = "moon", alt = "a", text = "b"}]')},
            "no drawing illustrations/moon.svg",
        ),
        (
            {"da/children/6-9/x.md": front(story='[{picture = "talk", text = "b"}]')},
            "story step 1: missing alt",
        ),
        (
            {"da/children/6-9/x.md": front(video='{file = "film.mp4"}')},
            "a video needs WebVTT captions and a transcript",
        ),
    ],
)
def test_mistakes_stop_the_load_with_a_clear_problem(
    app: Flask, tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    problems = problems_of(app, tree(tmp_path, files))
    assert any(expected in p for p in problems), problems


def test_every_problem_is_listed_with_its_file(app: Flask, tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "da/children/6-9/one.md": front(title=None),
            "da/children/6-9/two.md": front(__body="[a](page:nowhere)"),
        },
    )
    with pytest.raises(ContentError) as caught:
        load_tree(app, root)
    message = str(caught.value)
    assert "da/children/6-9/one.md: missing front matter field 'title'" in message
    assert "da/children/6-9/two.md: broken link 'page:nowhere'" in message
    assert "Fix the files" in message


def test_a_missing_danish_word_list_is_reported(app: Flask, tmp_path: Path) -> None:
    root = tree(tmp_path, {})
    (root / "da" / "glossary.toml").unlink()
    assert any("word list is missing" in p for p in problems_of(app, root))


def test_a_word_form_listed_twice_is_reported(app: Flask, tmp_path: Path) -> None:
    glossary = GLOSSARY + '\n[[word]]\nid = "x"\nterm = "X"\nforms = ["rådgiver"]\nmeaning = "m"\n'
    problems = problems_of(app, tree(tmp_path, {"da/glossary.toml": glossary}))
    assert any("'rådgiver' is listed for both 'adviser' and 'x'" in p for p in problems)


def test_a_video_needs_real_captions_and_shows_its_transcript(app: Flask, tmp_path: Path) -> None:
    video = '{file = "film.mp4", captions = "film.da.vtt", transcript = "Hun siger hej."}'
    root = tree(tmp_path, {"da/children/6-9/film.md": front(video=video)})
    (root / "media").mkdir()
    (root / "media" / "film.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (root / "media" / "film.da.vtt").write_text("not captions")
    assert any("is not WebVTT" in p for p in problems_of(app, root))

    (root / "media" / "film.da.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHej\n")
    found = load_tree(app, root).find("da", "children/6-9", "film")
    assert found is not None
    assert found[0].video is not None
    assert found[0].video.captions == "film.da.vtt"
    assert "<p>Hun siger hej.</p>" in found[0].video.transcript
