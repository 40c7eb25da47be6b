"""The explainer library: Markdown pages with front matter, by locale, section and age band.

Everything is read, checked and rendered once, when the portal starts. A mistake in a
file (a missing field, an unknown age band, a broken link, raw HTML) stops the start
with a list of what to fix, so it never reaches a child. Requests only look pages up.

Layout under the content folder::

    <locale>/children/<band>/<slug>.md     child and youth pages, band 6-9, 10-13 or 14-17
    <locale>/parents/<slug>.md             pages for parents
    <locale>/professionals/<slug>.md       pages for professionals
    <locale>/glossary.toml                 the word list
    illustrations/<name>.svg               drawings for the stories
    media/<file>                           optional videos and their WebVTT captions

Danish is the base: every page exists in Danish, and a page missing in another locale
is shown in Danish with a notice.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from markupsafe import Markup

from portal.content.illustrations import Illustration, load_illustrations
from portal.content.markdown import LinkResolver, Renderer, WordLinker
from portal.content.sanitize import to_text

BASE_LOCALE = "da"
BANDS = ("6-9", "10-13", "14-17")
AUDIENCES = ("child", "parent", "professional")
ADULT_SECTIONS = {"parents": "parent", "professionals": "professional"}
# Paragraphs of Barnets lov the pages may cite (shared/domain.md).
LAW = frozenset(
    f"§ {n}" for n in (3, 5, 6, 18, 20, 28, 29, 30, 32, 48, 91, 108, 133, 135, 136, 137, 138, 140)
)  # fmt: skip
INDEX = "index"
# Highest LIX per reader (Danish pages; the tests enforce it).
LIX_LIMITS = {"6-9": 25, "10-13": 25, "14-17": 30, "parent": 40, "professional": 45}
GLOSSARY_LIX_LIMIT = 25  # children read the word list
FRONT_MATTER = re.compile(r"\A\+\+\+\s*\n(.*?)\n\+\+\+\s*\n(.*)\Z", re.DOTALL)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REQUIRED = {
    "title": str, "summary": str, "audience": str, "order": int, "law": list,
    "related": list, "actions": list, "reviewed": dt.date,
}  # fmt: skip
OPTIONAL = {"band": str, "story": list, "video": dict}


class ContentError(Exception):
    """The content folder has mistakes; ``problems`` says where and what."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"The explainer content has {len(problems)} problem(s):\n{listing}\n"
            "Fix the files, then check them with `make content-check`."
        )


class Links(Protocol):
    """How the library learns the portal's URLs (the web layer implements it)."""

    def page(self, section: str, slug: str) -> str: ...
    def journey(self, action: str) -> str | None: ...
    def word(self, word_id: str) -> str: ...


@dataclass(frozen=True)
class Step:
    picture: Markup
    text: str


@dataclass(frozen=True)
class Video:
    file: str  # names under media/
    captions: str
    transcript: Markup


@dataclass(frozen=True)
class Page:
    locale: str
    section: str
    slug: str
    title: str
    summary: str
    audience: str
    band: str | None
    order: int
    law: tuple[str, ...]
    related: tuple[str, ...]
    actions: tuple[str, ...]
    reviewed: dt.date
    story: tuple[Step, ...]
    video: Video | None
    html: Markup
    text: str  # everything the reader reads, as plain text (for LIX)
    path: Path

    @property
    def lix_limit(self) -> int:
        """The highest LIX allowed for this page's readers."""
        return LIX_LIMITS[self.band or self.audience]


@dataclass(frozen=True)
class Word:
    id: str
    term: str
    forms: tuple[str, ...]
    meaning: str


@dataclass(frozen=True)
class Glossary:
    locale: str
    title: str
    summary: str
    reviewed: dt.date
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """The whole list as plain text (for LIX)."""
        return "\n".join(
            [self.title, self.summary] + [f"{w.term}. {w.meaning}" for w in self.words]
        )


@dataclass
class Library:
    pages: dict[tuple[str, str, str], Page] = field(default_factory=dict)
    glossaries: dict[str, Glossary] = field(default_factory=dict)

    def find(self, locale: str, section: str, slug: str) -> tuple[Page, bool] | None:
        """The page in ``locale``, else in Danish (then the flag says it fell back)."""
        if page := self.pages.get((locale, section, slug)):
            return page, False
        if page := self.pages.get((BASE_LOCALE, section, slug)):
            return page, True
        return None

    def section(self, locale: str, section: str) -> list[tuple[Page, bool]]:
        """Every page of a section in reading order, each in ``locale`` or Danish."""
        slugs = {s for (_, sec, s) in self.pages if sec == section}
        found = [self.find(locale, section, slug) for slug in slugs]
        return sorted((f for f in found if f), key=lambda f: (f[0].order, f[0].slug))

    def glossary(self, locale: str) -> tuple[Glossary, bool]:
        """The word list in ``locale``, else in Danish."""
        if locale in self.glossaries:
            return self.glossaries[locale], False
        return self.glossaries[BASE_LOCALE], True

    def locales(self) -> set[str]:
        return {locale for (locale, _, _) in self.pages}


def section_of(relative: Path) -> tuple[str, str | None] | None:
    """('children/6-9', '6-9') or ('parents', None) for a file's folder, or None."""
    parts = relative.parts[:-1]
    if len(parts) == 2 and parts[0] == "children":
        return f"children/{parts[1]}", parts[1]
    if len(parts) == 1 and parts[0] in ADULT_SECTIONS:
        return parts[0], None
    return None


def _plain(fragment: str) -> str:
    """Rendered HTML as text, one line per block (so LIX counts headings and items)."""
    lines = re.sub(r"</(p|li|h2|h3|h4|dt|dd|blockquote)>", "\n", fragment)
    return html.unescape(to_text(lines))


@dataclass
class _Source:
    locale: str
    section: str
    band: str | None
    slug: str
    path: Path
    meta: dict[str, Any]
    body: str


class _Loader:
    def __init__(self, root: Path, links: Links, actions: Iterable[str]) -> None:
        self.root = root
        self.links = links
        self.actions = frozenset(actions)
        self.problems: list[str] = []
        self.illustrations: dict[str, Illustration] = {}

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(f"{path.relative_to(self.root)}: {message}")

    def run(self, locales: Iterable[str]) -> Library:
        self.illustrations, problems = load_illustrations(self.root / "illustrations")
        self.problems += problems
        library = Library()
        for locale in locales:
            glossary = self.glossary(locale)
            if glossary is not None:
                library.glossaries[locale] = glossary
        if BASE_LOCALE not in library.glossaries:
            self.problems.append(f"{BASE_LOCALE}/glossary.toml: the Danish word list is missing")
            raise ContentError(self.problems)
        sources = list(self.sources(locales))
        keys = {(s.locale, s.section, s.slug) for s in sources}
        self.check_structure(sources, keys)
        renderers: dict[str, Renderer] = {}
        for source in sources:
            if source.locale not in renderers:
                glossary, _ = library.glossary(source.locale)
                renderers[source.locale] = Renderer(self._word_linker(glossary))
            page = self.page(source, renderers[source.locale], self._resolver(source, keys))
            if page is not None:
                library.pages[(source.locale, source.section, source.slug)] = page
        if self.problems:
            raise ContentError(self.problems)
        return library

    # -- reading ---------------------------------------------------------------------

    def sources(self, locales: Iterable[str]) -> Iterator[_Source]:
        for locale in locales:
            folder = self.root / locale
            for path in sorted(folder.rglob("*.md")):
                where = section_of(path.relative_to(folder))
                if where is None:
                    self.problem(
                        path,
                        "pages belong in children/<band>/, parents/ or professionals/ "
                        f"(bands: {', '.join(BANDS)})",
                    )
                    continue
                section, band = where
                if band is not None and band not in BANDS:
                    self.problem(path, f"unknown age band {band!r}: use one of {', '.join(BANDS)}")
                    continue
                if not SLUG.match(path.stem):
                    self.problem(path, "file names are lowercase words joined by hyphens")
                    continue
                match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
                if match is None:
                    self.problem(path, "the file must start with front matter between +++ lines")
                    continue
                try:
                    meta = tomllib.loads(match.group(1))
                except tomllib.TOMLDecodeError as exc:
                    self.problem(path, f"the front matter is not valid TOML ({exc})")
                    continue
                yield _Source(locale, section, band, path.stem, path, meta, match.group(2))

    def glossary(self, locale: str) -> Glossary | None:
        path = self.root / locale / "glossary.toml"
        if not path.exists():
            return None
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            self.problem(path, f"not valid TOML ({exc})")
            return None
        words: list[Word] = []
        seen_forms: dict[str, str] = {}
        for n, entry in enumerate(data.get("word", []), start=1):
            missing = [k for k in ("id", "term", "forms", "meaning") if not entry.get(k)]
            if missing:
                self.problem(path, f"word {n}: missing {', '.join(missing)}")
                continue
            for form in entry["forms"]:
                if form != form.lower():
                    self.problem(path, f"word {entry['id']!r}: form {form!r} must be lowercase")
                if form in seen_forms:
                    self.problem(
                        path,
                        f"form {form!r} is listed for both {seen_forms[form]!r} "
                        f"and {entry['id']!r}",
                    )
                seen_forms[form] = entry["id"]
            words.append(Word(entry["id"], entry["term"], tuple(entry["forms"]), entry["meaning"]))
        for key in ("title", "summary", "reviewed"):
            if key not in data:
                self.problem(path, f"missing field {key!r}")
                return None
        ids = [w.id for w in words]
        for duplicate in {i for i in ids if ids.count(i) > 1}:
            self.problem(path, f"word id {duplicate!r} is used twice")
        return Glossary(locale, data["title"], data["summary"], data["reviewed"], tuple(words))

    # -- checking --------------------------------------------------------------------

    def check_structure(self, sources: list[_Source], keys: set[tuple[str, str, str]]) -> None:
        for source in sources:
            if (
                source.locale != BASE_LOCALE
                and (BASE_LOCALE, source.section, source.slug) not in keys
            ):
                self.problem(
                    source.path,
                    f"there is no Danish page {BASE_LOCALE}/{source.section}/{source.slug}.md; "
                    "every page needs a Danish original to fall back on",
                )
        sections = {s.section for s in sources}
        for section in sections:
            if (BASE_LOCALE, section, INDEX) not in keys:
                self.problems.append(f"{BASE_LOCALE}/{section}/: the section needs an {INDEX}.md")

    def check_meta(self, source: _Source) -> bool:
        meta, path = source.meta, source.path
        ok = True
        for key in sorted(set(meta) - set(REQUIRED) - set(OPTIONAL)):
            self.problem(path, f"unknown front matter field {key!r}")
            ok = False
        for key, kind in REQUIRED.items():
            if key not in meta:
                self.problem(path, f"missing front matter field {key!r}")
                ok = False
            elif not isinstance(meta[key], kind) or (kind is str and not meta[key].strip()):
                self.problem(path, f"front matter field {key!r} must be a {kind.__name__}")
                ok = False
        for key, kind in OPTIONAL.items():
            if key in meta and not isinstance(meta[key], kind):
                self.problem(path, f"front matter field {key!r} must be a {kind.__name__}")
                ok = False
        if not ok:
            return False
        expected_audience = "child" if source.band else ADULT_SECTIONS[source.section]
        if meta["audience"] not in AUDIENCES:
            self.problem(path, f"unknown audience {meta['audience']!r}: use {', '.join(AUDIENCES)}")
            ok = False
        elif meta["audience"] != expected_audience:
            self.problem(path, f"audience must be {expected_audience!r} in {source.section}/")
            ok = False
        if source.band and meta.get("band") != source.band:
            self.problem(path, f"band must be {source.band!r} (the folder the page is in)")
            ok = False
        if not source.band and "band" in meta:
            self.problem(path, "only child and youth pages have an age band")
            ok = False
        for ref in meta["law"]:
            if ref not in LAW:
                self.problem(
                    path, f"law reference {ref!r} is not one we cite: {', '.join(sorted(LAW))}"
                )
                ok = False
        for action in meta["actions"]:
            if action not in self.actions:
                self.problem(
                    path, f"unknown action {action!r}: use {', '.join(sorted(self.actions))}"
                )
                ok = False
        return ok

    # -- building --------------------------------------------------------------------

    def _resolver(self, source: _Source, keys: set[tuple[str, str, str]]) -> LinkResolver:
        def exists(section: str, slug: str) -> bool:
            return (source.locale, section, slug) in keys or (BASE_LOCALE, section, slug) in keys

        def resolve(scheme: str, target: str) -> str | None:
            if scheme == "journey":
                return self.links.journey(target)
            if scheme == "word":
                return self.links.word(target)
            section, _, slug = target.rpartition("/")
            section = section or source.section
            return self.links.page(section, slug) if exists(section, slug) else None

        return resolve

    def _word_linker(self, glossary: Glossary) -> WordLinker | None:
        forms = {form: word.id for word in glossary.words for form in word.forms}
        return WordLinker(forms, self.links.word) if forms else None

    def page(self, source: _Source, renderer: Renderer, resolve: LinkResolver) -> Page | None:
        if not self.check_meta(source):
            return None
        meta, path = source.meta, source.path
        rendered = renderer.render(source.body, resolve)
        for problem in rendered.problems:
            self.problem(path, problem)
        for slug in meta["related"]:
            if resolve("page", slug) is None:
                self.problem(path, f"related page {slug!r} does not exist in {source.section}/")
        story = tuple(self.story(source))
        video = self.video(source, renderer, resolve)
        text = "\n".join(
            [meta["title"], meta["summary"], *(step.text for step in story), _plain(rendered.html)]
        )
        return Page(
            locale=source.locale,
            section=source.section,
            slug=source.slug,
            title=meta["title"],
            summary=meta["summary"],
            audience=meta["audience"],
            band=source.band,
            order=meta["order"],
            law=tuple(meta["law"]),
            related=tuple(meta["related"]),
            actions=tuple(meta["actions"]),
            reviewed=meta["reviewed"],
            story=story,
            video=video,
            html=rendered.html,
            text=text,
            path=path,
        )

    def story(self, source: _Source) -> Iterator[Step]:
        for n, step in enumerate(source.meta.get("story", []), start=1):
            missing = [k for k in ("picture", "alt", "text") if not str(step.get(k, "")).strip()]
            if missing:
                self.problem(source.path, f"story step {n}: missing {', '.join(missing)}")
                continue
            illustration = self.illustrations.get(step["picture"])
            if illustration is None:
                self.problem(
                    source.path,
                    f"story step {n}: no drawing illustrations/{step['picture']}.svg "
                    f"(there are: {', '.join(sorted(self.illustrations))})",
                )
                continue
            yield Step(illustration.inline(step["alt"], f"story-{n}"), step["text"])

    def video(self, source: _Source, renderer: Renderer, resolve: LinkResolver) -> Video | None:
        spec = source.meta.get("video")
        if spec is None:
            return None
        media = self.root / "media"
        problems = []
        for key in ("file", "captions", "transcript"):
            if not str(spec.get(key, "")).strip():
                problems.append(
                    f"video: {key!r} is required (a video needs WebVTT captions and a transcript)"
                )
        for key in ("file", "captions"):
            name = str(spec.get(key, ""))
            if name and (
                not SLUG.match(Path(name).stem.replace(".", "-")) or not (media / name).is_file()
            ):
                problems.append(f"video: media/{name} does not exist")
        captions = media / str(spec.get("captions", ""))
        if not problems and not captions.read_text(encoding="utf-8").startswith("WEBVTT"):
            problems.append(f"video: media/{captions.name} is not WebVTT (must start with WEBVTT)")
        for problem in problems:
            self.problem(source.path, problem)
        if problems:
            return None
        transcript = renderer.render(spec["transcript"], resolve, link_words=False)
        for problem in transcript.problems:
            self.problem(source.path, f"video transcript: {problem}")
        return Video(file=spec["file"], captions=spec["captions"], transcript=transcript.html)


def load(root: Path, links: Links, actions: Iterable[str], locales: Iterable[str]) -> Library:
    """Read, check and render every page under ``root``; raise ContentError on mistakes."""
    return _Loader(root, links, actions).run(locales)
