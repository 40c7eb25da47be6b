"""The case-system folder after delivery: files the bridge acknowledged, or that are too old,
are deleted by the retention run (portal/retention.py).

The bridge acknowledges a record it has stored by creating an empty file of the same name
with ``.ack`` added (``inquiry-<id>.json.age.ack``), or by deleting or moving the file
itself. The next retention run deletes acknowledged files with their marks; a file older
than RETENTION_CASE_SYSTEM_FILES_DAYS goes whether acknowledged or not (the period is
chosen longer than the bridge could be down). A half-written file (``.<name>.partial``, left by a
worker that stopped while writing) goes after a day.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

ACK_SUFFIX = ".ack"
PARTIAL_SUFFIX = ".partial"
RECORD_SUFFIXES = (".json", ".json.age")
PARTIAL_AGE = timedelta(days=1)


def _is_record(path: Path) -> bool:
    return not path.name.startswith(".") and path.name.endswith(RECORD_SUFFIXES)


def purge(folder: Path, now: datetime, period: timedelta | None, *, dry_run: bool = False) -> int:
    """Delete (or with ``dry_run`` count) the record files acknowledged, or written before
    ``now - period`` (none by age without a period); their marks and stale partial files
    go too. How many record files."""
    if not folder.is_dir():
        return 0
    old = (now - period).timestamp() if period is not None else None
    stale = (now - PARTIAL_AGE).timestamp()
    deleted = 0
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        mark = path.with_name(path.name + ACK_SUFFIX)
        mtime = path.stat().st_mtime
        if _is_record(path):
            if not (mark.exists() or (old is not None and mtime < old)):
                continue
            deleted += 1
            if not dry_run:
                path.unlink(missing_ok=True)
                mark.unlink(missing_ok=True)
        elif not dry_run and (
            (path.name.endswith(ACK_SUFFIX) and not path.with_suffix("").exists())
            or (path.name.endswith(PARTIAL_SUFFIX) and mtime < stale)
        ):
            path.unlink(missing_ok=True)  # a mark whose file the bridge removed, or a partial
    return deleted
