"""Build the secret-word lists for English, Arabic and Ukrainian (issue 19).

A child or parent who wants an answer gets six words drawn from the list of the language
they use (portal.security.passphrases). Each list holds 2,100 common, everyday words,
nouns where the sources tell, short (3-8 letters), in the script a phone keyboard of that
language types, and none that is frightening, sensitive or rude.

This is a tool for developers, run by hand when a list is to be remade; the portal only
reads the text files it writes (portal/security/passphrase_words_<locale>.txt). It needs,
in a throwaway virtualenv (none of them is a dependency of the portal)::

    python3 -m venv /tmp/wordlists && /tmp/wordlists/bin/pip install \\
        wordfreq pymorphy3 pymorphy3-dicts-uk arramooz-pysqlite
    apt-get install wordnet-base hunspell-uk   # English word classes; Ukrainian names
    /tmp/wordlists/bin/python scripts/build_wordlists.py

Sources, and how each list is made:

- frequency: ``wordfreq.top_n_list(locale, 100_000)`` ranks the candidates, most common
  first (wordfreq lowercases; its lists are made of subtitles, Wikipedia, news, the web);
- English: a word is kept if WordNet (Debian's wordnet-base, data.noun and index.noun)
  has it as a lowercase noun whose most common sense is a thing, animal, plant, food,
  substance, shape, time, place, phenomenon, quantity, act, quality, idea, message, event,
  group or possession (``ENGLISH_KINDS``; of the abstract ones no -ing or -ed form), more
  often met as a noun than as a verb, adjective or adverb in WordNet's tagged texts, not an
  inflected form or a plural, and never a part of the body or a person;
- Ukrainian: Debian's hunspell-uk must have the word in lowercase (so not only as a name),
  and pymorphy3 with its Ukrainian dictionary must know it and read it only as a noun, in
  the nominative singular, in its dictionary form, and never as a first name, patronymic,
  place or organisation; only Ukrainian Cyrillic letters, so no apostrophe (a word with
  one is left out rather than made to depend on which apostrophe a keyboard types);
- Arabic: the word must be in Arramooz's dictionary of nouns as a primitive noun (جامد)
  or a short verbal noun (مصدر, up to 4 letters and not in ت: رسم, نوم, سفر) in the
  singular, written without the article ال, and not be one of its
  stop words; only the 28 letters, hamza forms and taa marbuta, without diacritics. What
  is typed back is folded (portal.security.passphrases.fold: alef and hamza forms, ى and
  ة, no tashkeel or tatweel), so no two words of the list may be the same once folded; of
  two such the more common is kept;
- then, for every language, the blocklist in scripts/wordlists/blocklist_<locale>.txt
  (read by eye: violence, weapons, the body, illness, death, sex, drugs and alcohol,
  religion, politics, war, crime, insults, names of people, peoples and places, brands,
  foreign words, function words and words a child would not know), and the first
  ``SIZE`` words that are left are written in alphabetical order.

The Danish list (passphrase_words_da.txt) was written by hand; this script only checks it
by the same rules as the others (``python scripts/build_wordlists.py --check``).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.security import passphrases  # noqa: E402

HERE = Path(__file__).resolve().parent / "wordlists"
SIZE = 2100
CANDIDATES = 100_000
MIN_LETTERS, MAX_LETTERS = 3, 8
WORDNET = Path("/usr/share/wordnet")
HUNSPELL_UK = Path("/usr/share/hunspell/uk_UA.dic")
# WordNet's lexicographer files (lexnames) whose nouns may be used.
ENGLISH_KINDS = {
    5: "noun.animal",
    6: "noun.artifact",
    13: "noun.food",
    15: "noun.location",
    17: "noun.object",
    19: "noun.phenomenon",
    20: "noun.plant",
    23: "noun.quantity",
    25: "noun.shape",
    27: "noun.substance",
    28: "noun.time",
    4: "noun.act",
    7: "noun.attribute",
    9: "noun.cognition",
    10: "noun.communication",
    11: "noun.event",
    14: "noun.group",
    21: "noun.possession",
}
# Kinds of abstract nouns: used too, but not in a form that reads as a verb's (-ing, -ed).
ENGLISH_ABSTRACT = {4, 7, 9, 10, 11, 14, 21}
ENGLISH_NEVER = {8: "noun.body", 18: "noun.person"}
UKRAINIAN_NEVER = {"Name", "Patr", "Geox", "Orgn", "Abbr", "plur"}


def blocklist(locale: str) -> set[str]:
    """The words left out by hand (separated by spaces; # starts a comment)."""
    path = HERE / f"blocklist_{locale}.txt"
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        found |= {passphrases.fold(word) for word in line.split("#", 1)[0].split()}
    return found


def by_frequency(locale: str) -> Iterator[str]:
    import wordfreq

    for word in wordfreq.top_n_list(locale, CANDIDATES):
        yield unicodedata.normalize("NFC", word)


def english() -> Iterator[str]:
    kinds: dict[str, int] = {}
    never: set[str] = set()
    with (WORDNET / "data.noun").open(encoding="utf-8") as data:
        for line in data:
            if line.startswith(" "):
                continue
            parts = line.split()
            kinds[parts[0]] = int(parts[1])
            for i in range(int(parts[3], 16)):
                lemma = parts[4 + 2 * i]
                if lemma.islower() and int(parts[1]) in ENGLISH_NEVER:
                    never.add(lemma)
    first_sense: dict[str, int] = {}
    used = {pos: _tagged_senses(pos) for pos in ("noun", "verb", "adj", "adv")}
    with (WORDNET / "index.noun").open(encoding="utf-8") as index:
        for line in index:
            if not line.startswith(" "):
                parts = line.split()
                first_sense[parts[0]] = kinds[parts[-int(parts[2])]]
    inflected = set()
    for pos in ("noun", "verb", "adj", "adv"):
        with (WORDNET / f"{pos}.exc").open(encoding="utf-8") as exc:
            inflected |= {line.split()[0] for line in exc}
    proper = _capitalised_nouns()
    for word in by_frequency("en"):
        if first_sense.get(word) not in ENGLISH_KINDS or word in never | proper | inflected:
            continue
        # Mostly a noun: WordNet's sense counts (from tagged text) say so, or it is no
        # other word class at all; and not a plural.
        noun, others = used["noun"].get(word, 0), [used[p].get(word) for p in used]
        if any(o is not None and o > noun for o in others[1:]):
            continue
        if noun == 0 and any(o is not None for o in others[1:]):
            continue
        if first_sense[word] in ENGLISH_ABSTRACT and word.endswith(("ing", "ed")):
            continue
        if word.endswith("s") and (word[:-1] in first_sense or word[:-2] in first_sense):
            continue
        yield word


def _tagged_senses(pos: str) -> dict[str, int]:
    """How often each lemma of ``pos`` was met in WordNet's tagged texts."""
    found = {}
    with (WORDNET / f"index.{pos}").open(encoding="utf-8") as index:
        for line in index:
            if not line.startswith(" "):
                parts = line.split()
                synsets = int(parts[2])
                found[parts[0]] = int(parts[-synsets - 1])
    return found


def _capitalised_nouns() -> set[str]:
    """Nouns WordNet writes with a capital (names), lowercased."""
    found = set()
    with (WORDNET / "data.noun").open(encoding="utf-8") as data:
        for line in data:
            if line.startswith(" "):
                continue
            parts = line.split()
            for i in range(int(parts[3], 16)):
                lemma = parts[4 + 2 * i]
                if not lemma.islower():
                    found.add(lemma.lower())
    return found


def ukrainian() -> Iterator[str]:
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer(lang="uk")
    common = _lowercase_entries(HUNSPELL_UK)
    for word in by_frequency("uk"):
        if word not in common or not morph.word_is_known(word):
            continue
        parses = morph.parse(word)
        if any(UKRAINIAN_NEVER & set(p.tag.grammemes) or p.tag.POS != "NOUN" for p in parses):
            continue
        if any("nomn" in p.tag and "Surn" not in p.tag and p.normal_form == word for p in parses):
            yield word


def _lowercase_entries(dic: Path) -> set[str]:
    """The words a Hunspell dictionary has in lowercase (not only as a name)."""
    with dic.open(encoding="utf-8") as lines:
        return {line.split("/", 1)[0].strip() for line in lines if line[:1].islower()}


def arabic() -> Iterator[str]:
    import sqlite3

    import arramooz

    data = Path(arramooz.__file__).parent / "data"
    with sqlite3.connect(data / "arabicdictionary.sqlite") as db:
        nouns = {
            word
            for (word,) in db.execute(
                "SELECT unvocalized FROM nouns WHERE number = 'مفرد' AND defined = 0"
                " AND (wordtype LIKE '%:جامد'"
                " OR (wordtype LIKE '%:مصدر' AND length(unvocalized) <= 4"
                " AND unvocalized NOT LIKE 'ت%'))"
            )
        }
    with sqlite3.connect(data / "stopwords.sqlite") as db:
        stop = {word for (word,) in db.execute("SELECT unvocalized FROM stopwords")}
    for word in by_frequency("ar"):
        if word in nouns and word not in stop and not word.startswith("ال"):
            yield word


BUILDERS: dict[str, Callable[[], Iterable[str]]] = {
    "en": english,
    "ar": arabic,
    "uk": ukrainian,
}


def build(locale: str) -> list[str]:
    """The list for ``locale``: the SIZE most common candidates that pass every check."""
    blocked = blocklist(locale)
    chosen: dict[str, str] = {}
    for word in BUILDERS[locale]():
        folded = passphrases.fold(word)
        if folded in chosen or folded in blocked or not passphrases.fits(word, locale):
            continue
        if not MIN_LETTERS <= len(folded) <= MAX_LETTERS:
            continue
        chosen[folded] = word
        if len(chosen) == SIZE:
            break
    if len(chosen) < SIZE:
        raise SystemExit(f"{locale}: only {len(chosen)} words")
    return sorted(chosen.values())


def check(locale: str) -> list[str]:
    """What is wrong with the list as it is written."""
    listed = passphrases.words(locale)
    blocked = blocklist(locale) if (HERE / f"blocklist_{locale}.txt").exists() else set()
    folded = [passphrases.fold(w) for w in listed]
    problems = [w for w in listed if not passphrases.fits(w, locale)]
    problems += [w for w, f in zip(listed, folded, strict=True) if f in blocked]
    if len(set(folded)) != len(listed):
        problems.append("two words fold to one")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only check the lists")
    parser.add_argument("locales", nargs="*", default=sorted(BUILDERS))
    args = parser.parse_args()
    if args.check:
        for locale in passphrases.LOCALES:
            print(locale, check(locale) or "ok")
        return
    for locale in args.locales:
        chosen = build(locale)
        path = passphrases.words_file(locale)
        path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
        print(f"{locale}: {len(chosen)} words -> {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
