"""Check the explainer content without starting the portal: `python -m portal.content [DIR]`.

Prints every problem (exit 1), or the LIX of each Danish page against its limit
(exit 1 if any page is over it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from portal.app import create_app
from portal.content.library import BASE_LOCALE, GLOSSARY_LIX_LIMIT, ContentError
from portal.content.readability import lix
from portal.rights import load_content


def main(argv: list[str]) -> int:
    overrides: dict[str, object] = {"LOAD_CONTENT": False}
    if argv:
        overrides["CONTENT_PATH"] = Path(argv[0]).resolve()
    app = create_app(overrides)
    try:
        library = load_content(app)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    over = 0
    print(f"{'LIX':>5}  {'limit':>5}  page")
    for (locale, section, slug), page in sorted(library.pages.items()):
        if locale != BASE_LOCALE:
            continue
        score = lix(page.text)
        flag = "  OVER THE LIMIT" if score > page.lix_limit else ""
        over += bool(flag)
        print(f"{score:5.1f}  {page.lix_limit:5d}  {section}/{slug}{flag}")
    glossary_score = lix(library.glossaries[BASE_LOCALE].text)
    print(f"{glossary_score:5.1f}  {GLOSSARY_LIX_LIMIT:5d}  glossary")
    over += glossary_score > GLOSSARY_LIX_LIMIT
    print(f"{len(library.pages)} pages in {len(library.locales())} locales: content is valid.")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
