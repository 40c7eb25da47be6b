"""Translations of the msgids issue 17 (F6, F7) added; staff-only strings have Danish only."""

T = {
    # The audit log's "Who" column for an entry made by a case-system client (pull API).
    "Case system %(name)s": {"da": "Sagssystem %(name)s"},
}
