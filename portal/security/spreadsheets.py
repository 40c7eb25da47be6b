"""CSV for spreadsheets, with no cell a spreadsheet would run as a formula.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a NUL can be
taken for a formula (OWASP, CSV injection; ASVS 5.0 1.2.10); such a cell gets a single quote
in front, which spreadsheets show as text. Quoting follows RFC 4180 (the csv module). Every
CSV the portal exports is written here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value: object) -> str:
    """``value`` as text a spreadsheet shows and does not run."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (UTF-8 with a byte order mark, for spreadsheets), every cell safe."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
