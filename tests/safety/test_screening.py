"""The screening lists as shipped, in all four locales, and the rules of the list format."""

# Ukrainian and Arabic words are the point here, Cyrillic letters that look Latin included.
# ruff: noqa: RUF001

from __future__ import annotations

from pathlib import Path

import pytest

from portal.i18n import LOCALES
from portal.safety import screening
from portal.safety.screening import ScreeningError, ScreeningList, load, parse
from tests.support.apps import ROOT

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def shipped() -> ScreeningList:
    return load(CONTENT, LOCALES)


def found(lst: ScreeningList, text: str) -> list[tuple[str, str]]:
    """(the words as written, category) of each match."""
    return [(m.text_in(text), m.category) for m in lst.screen(text)]


@pytest.mark.parametrize(
    ("text", "words", "category"),
    [
        # Danish: inflected forms, capitals, å written as a, and phrases.
        ("Min far slår mig når han er fuld", "slår mig", "violence"),
        ("min far SLAR MIG", "SLAR MIG", "violence"),
        ("Jeg har selvmordstanker om natten", "selvmordstanker", "suicide"),
        ("Jeg vil ikke leve mere", "vil ikke leve", "suicide"),
        ("Nogle gange skærer mig selv i armen", "skærer mig", "self_harm"),
        ("jeg skaerer mig", None, None),  # æ is a letter of its own, not a diacritic
        ("Han rørte ved mig", "rørte ved mig", "abuse"),
        ("han rorte ved mig", None, None),  # ø likewise
        ("Der er vold derhjemme", "vold", "violence"),
        ("Hun blev voldtaget", "voldtaget", "abuse"),
        # English.
        ("My stepdad HITS ME", "HITS ME", "violence"),
        ("I want to kill myself", "kill myself", "suicide"),
        ("sometimes I think about suicide", "suicide", "suicide"),
        ("I wish I was dead", "wish I was dead", "suicide"),
        ("I don't want to live", "don't want to live", "suicide"),
        ("I've been cutting myself", "cutting myself", "self_harm"),
        # Arabic: tashkeel, the forms of alef, and the prefixes wa, fa, bi, li, al.
        ("أبي يضربني كل يوم", "يضربني", "violence"),
        ("أَبِي يَضْرِبُنِي", "يَضْرِبُنِي", "violence"),
        ("تعبت من الضرب", "الضرب", "violence"),
        ("والضرب لا يتوقف", "والضرب", "violence"),
        ("هددني بالسكين", "بالسكين", "violence"),
        ("أفكر في الانتحار", "الانتحار", "suicide"),
        ("افكر فى الانتحار", "الانتحار", "suicide"),
        ("أُرِيدُ أَنْ أَمُوتَ", "أُرِيدُ أَنْ أَمُوتَ", "suicide"),
        ("تحرش بي عمي", "تحرش بي", "abuse"),
        # Ukrainian: apostrophes of every kind, й and ї without their marks.
        ("Тато б'є мене", "б'є мене", "violence"),
        ("Тато б\u2019є мене", "б\u2019є мене", "violence"),
        ("Тато б\u02bcє мене", "б\u02bcє мене", "violence"),
        ("Я думаю про самогубство", "самогубство", "suicide"),
        ("у мене суїцидальні думки", "суїцидальні", "suicide"),
        ("у мене суіцидальні думки", "суіцидальні", "suicide"),
        ("Я не хочу жити", "не хочу жити", "suicide"),
        ("Вітчим мене побив", "побив", "violence"),
    ],
)
def test_shipped_lists_find_the_words(
    shipped: ScreeningList, text: str, words: str | None, category: str | None
) -> None:
    matches = found(shipped, text)
    if words is None:
        assert matches == [], matches
    else:
        assert (words, category) in matches, matches


@pytest.mark.parametrize(
    "text",
    [
        "Jeg har det godt, og vi spiste kage i skolen.",
        "Det var voldsomt sjovt til fodbold.",  # an exception: "vold" is not "voldsom"
        "Hvilke slags hjælp kan jeg få? Min bror fik en slange.",
        "I like school and my friends. We played football.",
        "أحب المدرسة وأصدقائي. والدي يساعدني في الواجبات.",
        "Мені подобається школа. Мама готує смачний обід.",
    ],
)
def test_everyday_words_are_not_matches(shipped: ScreeningList, text: str) -> None:
    assert shipped.screen(text) == []


def test_every_locale_has_every_category(shipped: ScreeningList) -> None:
    for locale in LOCALES:
        categories = {t.category for t in shipped.terms if t.locale == locale}
        assert categories == set(screening.CATEGORIES), locale


def test_a_match_says_where_it_stands_in_the_text(shipped: ScreeningList) -> None:
    text = "Hej. Min far slår mig. Og jeg tænker på selvmord."
    (first, second) = shipped.screen(text)
    assert text[first.start : first.end] == "slår mig"
    assert text[second.start : second.end] == "selvmord"
    assert (first.category, second.category) == ("violence", "suicide")


def test_normalizing_takes_off_case_diacritics_and_arabic_marks() -> None:
    assert screening.normalize("ÅRHUS Café") == "arhus cafe"
    assert screening.normalize("أَبِي") == "ابي"
    assert screening.normalize("ي\u0640\u0640ضرب") == "يضرب"  # tatweel
    assert screening.normalize("суїцид") == "суіцид"
    assert set(screening.forms("وبالضرب")) >= {"وبالضرب", "بالضرب", "الضرب", "ضرب"}


def test_a_one_letter_word_in_a_phrase_is_a_whole_word() -> None:
    terms, _ = parse("[suicide]\nwish i was dead\n", locale="en", source="t")
    lst = ScreeningList(terms)
    assert lst.screen("I wish I was dead")
    assert not lst.screen("I wish Ian was dead")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[danger]\nord\n", "line 1: '[danger]' is not a heading"),
        ("ord\n", "line 1: put a heading such as [violence] before the words."),
        ("[violence]\nx\n", "line 2: 'x' must start with a word of at least 2 letters."),
        ("[violence]\n!x\n", "line 2: an exception needs at least 2 letters."),
        ("# only a comment\n", "the list has no words."),
    ],
)
def test_a_bad_list_is_refused_with_its_line(text: str, problem: str) -> None:
    with pytest.raises(ScreeningError) as caught:
        parse(text, locale="da", source="screening.txt")
    assert problem in str(caught.value)


def test_a_missing_list_is_named(tmp_path: Path) -> None:
    with pytest.raises(ScreeningError, match=r"da/screening.txt: the screening list is missing"):
        load(tmp_path, ("da",))


def test_the_portal_does_not_start_with_a_bad_list(tmp_path: Path) -> None:
    from shutil import copytree

    from tests.support.apps import make_app

    content = tmp_path / "content"
    copytree(CONTENT, content)
    (content / "uk" / "screening.txt").write_text("[violence]\n[nonsense]\n", encoding="utf-8")
    with pytest.raises(ScreeningError, match=r"uk/screening.txt, line 2"):
        make_app(tmp_path, f"sqlite:///{tmp_path / 'x.sqlite3'}", CONTENT_PATH=content)
