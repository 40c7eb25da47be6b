"""The municipality's screening list: words that make a child's message a possible safety case.

The lists are plain text in ``content/<locale>/screening.txt`` (one per locale), edited by
the municipality without touching code. Each line is a stem, or a phrase of stems, under a
``[category]`` heading; a stem matches a word that starts with it, so ``selvmord`` finds
"selvmordstanker". A line starting with ``!`` is an exception: a word that starts with it is
never a match (``!voldsom`` keeps "voldsomt sjovt" from matching ``vold``).

Matching is done on normalised words: case-folded, with diacritics removed (å is a, é is
e), and for Arabic without tashkeel and tatweel, with the letter forms made one (alef with
hamza or madda is alef, alef maksura is ya, ta marbuta is ha) and with the prefixes waw,
fa, ba, lam and the article alif lam (and their combinations) tried off.
Each match keeps where it stands in the original text, so staff pages can mark it.

Nothing here imports Flask: the journeys, the conversation and the tests call it directly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CATEGORIES = ("violence", "abuse", "self_harm", "suicide")
FILE_NAME = "screening.txt"

# A word: letters, digits and the marks and apostrophes that may sit inside one.
# The apostrophes people type inside words: ASCII, right single quotation mark, and the
# modifier letter apostrophe that Ukrainian keyboards often use.
APOSTROPHES = "'\u2019\u02bc"
_WORD = re.compile(
    r"[\w\u0300-\u036F\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640" + APOSTROPHES + "]+"
)
_DROPPED = str.maketrans("", "", APOSTROPHES + "\u0640_")  # and tatweel, and the underscore
# Alef maksura is written for ya, ta marbuta for ha: one form for each.
_ARABIC_LETTERS = str.maketrans({"\u0649": "\u064a", "\u0629": "\u0647"})
# Arabic prefixes written onto the word: a conjunction (waw, fa), then a preposition
# (ba, lam, kaf), then the article (alif lam; lam with the article is written lam lam).
_CONJUNCTIONS = ("\u0648", "\u0641")
_PREPOSITIONS = ("\u0628", "\u0644", "\u0643")
_ARTICLES = ("\u0627\u0644", "\u0644\u0644")
MIN_STEM = 2  # what is left of a word after its prefixes are taken off


class ScreeningError(ValueError):
    """A screening file cannot be read; the message names the file and line."""


def normalize(word: str) -> str:
    """A word as the list compares it: case-folded, no diacritics, one form per letter."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).translate(_DROPPED).translate(_ARABIC_LETTERS)


def forms(word: str) -> tuple[str, ...]:
    """The normalised word, and for Arabic also the word without its prefixes."""
    base = normalize(word)
    if not base or not ("\u0600" <= base[0] <= "\u06ff"):
        return (base,)
    found = {base}
    for conj in ("", *_CONJUNCTIONS):
        if conj and not base.startswith(conj):
            continue
        after_conj = base[len(conj) :]
        for prep in ("", *_PREPOSITIONS):
            if prep and not after_conj.startswith(prep):
                continue
            after_prep = after_conj[len(prep) :]
            for art in ("", *_ARTICLES):
                if art and not after_prep.startswith(art):
                    continue
                rest = after_prep[len(art) :]
                if len(rest) >= MIN_STEM:
                    found.add(rest)
    return tuple(sorted(found, key=len, reverse=True))


@dataclass(frozen=True)
class Term:
    """One line of a list: a stem or a phrase of stems, with its category."""

    stems: tuple[str, ...]
    category: str
    locale: str
    line: str


@dataclass(frozen=True)
class Match:
    """Where a term matched in a text: [start, end) of the original characters."""

    start: int
    end: int
    category: str
    term: str  # the list's line that matched

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    forms: tuple[str, ...]


def words_of(text: str) -> list[_Word]:
    """The words of a text, with where they stand and their normalised forms."""
    found = []
    for m in _WORD.finditer(text):
        word = m.group().strip(APOSTROPHES)
        if word:
            found.append(_Word(m.start(), m.end(), forms(word)))
    return found


@dataclass
class ScreeningList:
    """The terms and exceptions of every locale's list, screened together: a child may
    write in another language than the pages they use."""

    terms: list[Term] = field(default_factory=list)
    exceptions: set[str] = field(default_factory=set)
    locales: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Terms by their first stem's first letter: a word is compared with few terms.
        self._by_letter: dict[str, list[Term]] = {}
        for term in self.terms:
            self._by_letter.setdefault(term.stems[0][0], []).append(term)

    def _excepted(self, word: _Word) -> bool:
        return any(f.startswith(e) for f in word.forms for e in self.exceptions)

    def screen(self, text: str) -> list[Match]:
        """Every match in ``text``, in order; overlapping matches are all kept."""
        words = words_of(text)
        usable = [not self._excepted(w) for w in words]
        matches = []
        for i, word in enumerate(words):
            if not usable[i]:
                continue
            candidates = {t for f in word.forms for t in self._by_letter.get(f[:1], ())}
            for term in sorted(candidates, key=lambda t: (t.category, t.line)):
                end = i + len(term.stems)
                if end > len(words) or not all(usable[i:end]):
                    continue
                if all(_fits(words[i + k], stem) for k, stem in enumerate(term.stems)):
                    matches.append(Match(word.start, words[end - 1].end, term.category, term.line))
        return matches

    def screen_all(self, texts: Iterable[str]) -> list[Match]:
        """Matches in several texts (their positions are only meaningful per text)."""
        return [m for text in texts for m in self.screen(text)]


def _fits(word: _Word, stem: str) -> bool:
    # A one-letter word in a phrase ("wish i was dead") is a whole word, not a stem.
    if len(stem) == 1:
        return stem in word.forms
    return any(f.startswith(stem) for f in word.forms)


def parse(text: str, *, locale: str, source: str) -> tuple[list[Term], set[str]]:
    """The terms and exceptions of one list file; ScreeningError names a bad line."""
    terms: list[Term] = []
    exceptions: set[str] = set()
    category: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source}, line {number}"
        if line.startswith("["):
            name = line.strip("[]").strip()
            if not line.endswith("]") or name not in CATEGORIES:
                raise ScreeningError(
                    f"{where}: {line!r} is not a heading; use one of "
                    + ", ".join(f"[{c}]" for c in CATEGORIES)
                    + "."
                )
            category = name
            continue
        if line.startswith("!"):
            stem = normalize(line[1:].strip())
            if len(stem) < MIN_STEM:
                raise ScreeningError(f"{where}: an exception needs at least {MIN_STEM} letters.")
            exceptions.add(stem)
            continue
        if category is None:
            raise ScreeningError(f"{where}: put a heading such as [violence] before the words.")
        stems = tuple(
            s for s in (normalize(w.strip(APOSTROPHES)) for w in _WORD.findall(line)) if s
        )
        if not stems or len(stems[0]) < MIN_STEM:
            raise ScreeningError(
                f"{where}: {line!r} must start with a word of at least {MIN_STEM} letters."
            )
        terms.append(Term(stems, category, locale, line))
    if not terms:
        raise ScreeningError(f"{source}: the list has no words.")
    return terms, exceptions


def load(folder: Path, locales: Sequence[str]) -> ScreeningList:
    """Every locale's list from ``folder/<locale>/screening.txt``; each must exist."""
    terms: list[Term] = []
    exceptions: set[str] = set()
    for locale in locales:
        path = folder / locale / FILE_NAME
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ScreeningError(f"{path}: the screening list is missing.") from None
        found, excepted = parse(text, locale=locale, source=str(path))
        terms += found
        exceptions |= excepted
    return ScreeningList(terms, exceptions, tuple(locales))
