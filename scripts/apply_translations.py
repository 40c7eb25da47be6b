"""Fill a catalogue's empty entries from a table of translations (a Python file defining T:
msgid -> {locale: text, or a tuple of plural forms}). For the translator's own tables.

    python scripts/apply_translations.py TABLE.py [--replace] [LOCALE ...]

--replace also overwrites entries that are already translated (a reviewed correction)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po, write_po


def apply(table: dict[Any, dict[str, Any]], locale: str, *, replace: bool = False) -> int:
    """Fill ``locale``'s empty entries that ``table`` translates (all of them if ``replace``);
    how many were filled."""
    path = Path("translations") / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh)
    filled = 0
    for message in catalog:
        if not message.id or message.id not in table or locale not in table[message.id]:
            continue
        current = message.string
        empty = not any(current) if isinstance(current, tuple | list) else not current
        if empty or replace or "fuzzy" in message.flags:
            message.string = table[message.id][locale]
            message.flags.discard("fuzzy")
            filled += 1
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0)
    return filled


if __name__ == "__main__":
    found: dict[Any, dict[str, Any]] = runpy.run_path(sys.argv[1])["T"]
    replace = "--replace" in sys.argv[2:]
    codes = [a for a in sys.argv[2:] if a != "--replace"]
    for code in codes or ["da", "ar", "uk"]:
        print(f"{code}: {apply(found, code, replace=replace)} filled")
