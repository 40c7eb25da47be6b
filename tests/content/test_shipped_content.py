"""The explainer content we ship: readable, current words, complete in its locales."""

from __future__ import annotations

import re
import unicodedata

import pytest
from flask import Flask

from portal.content.library import (
    BANDS,
    BASE_LOCALE,
    GLOSSARY_LIX_LIMIT,
    Library,
)
from portal.content.readability import lix
from portal.i18n import LOCALES
from tests.content.conftest import LIX_TABLE
from tests.support.apps import ROOT

CONTENT = ROOT / "content"
# Serviceloven's words that Barnets lov replaced (shared/domain.md), and their English.
OLD_WORDS = {
    "da": r"foranstaltning\w*|aflastning\w*|handleplan\w*|døgninstitution\w*|sagsbehandler\w*"
    r"|efterværn\w*|videreført\w* anbringelse\w*",
    "en": r"case ?workers?|social workers?|action plans?|aftercare|respite care"
    r"|residential institutions?",
}
# Latin-script words allowed in Arabic and Ukrainian pages: Danish names, explained there.
NAMES = {"bisidder", "BørneTelefonen", "Ankestyrelsen", "Barnets", "lov", "børnesamtale",
         "ungeplan", "bornetelefonen", "dk", "ast", "https", "www", "stk", "Livslinien",
         "Børns", "Vilkår", "bornsvilkaar", "Bisidder"}  # fmt: skip


@pytest.fixture(scope="module")
def library(app: Flask) -> Library:
    found: Library = app.extensions["rights_library"]
    return found


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    from tests.support.apps import make_app

    tmp = tmp_path_factory.mktemp("content")
    return make_app(tmp, f"sqlite:///{tmp}/db.sqlite3")


def test_every_danish_page_reads_within_its_lix_limit(library: Library) -> None:
    over = []
    for (locale, section, slug), page in library.pages.items():
        if locale != BASE_LOCALE:
            continue
        score = lix(page.text)
        LIX_TABLE.append((f"{section}/{slug}", score, page.lix_limit))
        if score > page.lix_limit:
            over.append(f"{section}/{slug}: LIX {score:.1f} > {page.lix_limit}")
    glossary_score = lix(library.glossaries[BASE_LOCALE].text)
    LIX_TABLE.append(("glossary", glossary_score, GLOSSARY_LIX_LIMIT))
    if glossary_score > GLOSSARY_LIX_LIMIT:
        over.append(f"glossary: LIX {glossary_score:.1f}")
    assert len(LIX_TABLE) >= 42
    assert not over, "\n".join(over)


@pytest.mark.parametrize("locale", sorted(OLD_WORDS))
def test_no_old_serviceloven_words(locale: str) -> None:
    pattern = re.compile(rf"\b({OLD_WORDS[locale]})\b", re.IGNORECASE)
    found = []
    for path in sorted((CONTENT / locale).rglob("*")):
        if path.suffix in {".md", ".toml"}:
            found += [
                f"{path.relative_to(CONTENT)}: {m}" for m in pattern.findall(path.read_text())
            ]
    assert not found, "old words (use Barnets lov's, see shared/domain.md):\n" + "\n".join(found)


def test_the_old_word_check_catches_an_old_word() -> None:
    assert re.search(rf"\b({OLD_WORDS['da']})\b", "Din sagsbehandler ringer", re.IGNORECASE)
    assert re.search(rf"\b({OLD_WORDS['en']})\b", "Your caseworker calls", re.IGNORECASE)


def _slugs(locale: str, section: str) -> set[str]:
    return {p.stem for p in (CONTENT / locale / section).glob("*.md")}


@pytest.mark.parametrize("section", ["parents", "professionals", *(f"children/{b}" for b in BANDS)])
def test_every_page_is_in_danish_and_english(section: str) -> None:
    danish = _slugs("da", section)
    assert len(danish) >= 5
    assert _slugs("en", section) == danish


@pytest.mark.parametrize("locale", ["ar", "uk"])
@pytest.mark.parametrize("band", BANDS)
def test_child_pages_are_also_in_arabic_and_ukrainian(locale: str, band: str) -> None:
    assert _slugs(locale, f"children/{band}") == _slugs("da", f"children/{band}")


@pytest.mark.parametrize("band", BANDS)
def test_each_band_covers_every_child_topic(band: str) -> None:
    assert _slugs("da", f"children/{band}") == {
        "index", "be-heard", "someone-you-trust", "ask-for-help", "when-someone-is-worried",
        "your-plan", "if-you-disagree", "meeting-your-adviser", "who-reads-what-you-write",
        "in-danger-now",
    }  # fmt: skip


def test_the_word_list_is_in_every_locale_with_the_same_words(library: Library) -> None:
    ids = [w.id for w in library.glossaries[BASE_LOCALE].words]
    assert len(ids) >= 12
    for locale in ("en", "ar", "uk"):
        assert [w.id for w in library.glossaries[locale].words] == ids, locale


@pytest.mark.parametrize("locale", ["ar", "uk"])
def test_arabic_and_ukrainian_pages_have_no_english_or_danish_left(
    library: Library, locale: str
) -> None:
    leftovers = {}
    for (page_locale, section, slug), page in library.pages.items():
        if page_locale != locale:
            continue
        latin = set(re.findall(r"[A-Za-zÆØÅæøå]{2,}", page.text)) - NAMES
        if latin:
            leftovers[f"{section}/{slug}"] = sorted(latin)
    assert not leftovers, leftovers


def test_key_rights_pages_tell_a_story_with_a_text_alternative(library: Library) -> None:
    key_rights = {"be-heard", "someone-you-trust", "ask-for-help", "when-someone-is-worried",
                  "your-plan", "if-you-disagree", "meeting-your-adviser"}  # fmt: skip
    for (_, section, slug), page in library.pages.items():
        if section.startswith("children/") and slug in key_rights:
            assert len(page.story) >= 3, f"{page.path}: a key right needs a story"
        for step in page.story:
            assert re.search(r"<title id=\"story-\d+-title\">[^<]{2,}</title>", step.picture)


def test_the_content_folder_has_no_stray_files() -> None:
    allowed = {".md", ".toml", ".svg", ".vtt", ".mp4", ".webm"}
    # Plain text only for the safety line's screening lists, one per locale.
    lists = {CONTENT / locale / "screening.txt" for locale in LOCALES}
    stray = [
        p for p in CONTENT.rglob("*") if p.is_file() and p.suffix not in allowed and p not in lists
    ]
    assert stray == []


SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def repeated_sentences(texts: dict[str, str], words: int = 6) -> dict[str, list[str]]:
    """Each sentence of ``words`` words or more found on two pages or more, with its pages."""
    seen: dict[str, set[str]] = {}
    for name, text in texts.items():
        # Arabic vowel marks are combining characters: without them a word stays one word.
        plain = "".join(c for c in text if unicodedata.category(c) != "Mn")
        for sentence in SENTENCE_END.split(plain):
            found = WORD.findall(sentence.lower())
            if len(found) >= words:
                seen.setdefault(" ".join(found), set()).add(name)
    return {sentence: sorted(pages) for sentence, pages in seen.items() if len(pages) > 1}


def test_the_repetition_check_finds_a_sentence_on_two_pages() -> None:
    same = "Du kan altid ringe til BørneTelefonen,\nogså i dag."
    found = repeated_sentences({"a": f"Hej. {same}", "b": f"{same} Farvel.", "c": "Kort. Nej."})
    assert found == {"du kan altid ringe til børnetelefonen også i dag": ["a", "b"]}
    assert repeated_sentences(
        {"a": "Du har ret til at blive hørt.", "b": "Du har ret til at blive hørt!"}
    )
    assert not repeated_sentences({"a": "Ja tak. Det er fint.", "b": "Ja tak. Det er fint."})


@pytest.mark.parametrize("locale", LOCALES)
def test_no_sentence_is_repeated_across_the_6_9_pages(library: Library, locale: str) -> None:
    """A child of 6-9 reads a few short pages: each says something new (no copied sentences)."""
    texts = {
        slug: page.text
        for (page_locale, section, slug), page in library.pages.items()
        if page_locale == locale and section == "children/6-9"
    }
    assert len(texts) >= 10
    repeated = repeated_sentences(texts)
    assert not repeated, "\n".join(f"{pages}: {s}" for s, pages in repeated.items())
