"""LIX, the Scandinavian readability index (Björnsson): words per sentence plus the
percentage of long words (more than six letters). Children's pages aim for 25 or less.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n\s*\n")


def lix(text: str) -> float:
    """The LIX of a text; headings and list items each count as a sentence if unpunctuated."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    # Lines without final punctuation (headings, buttons) still end a sentence.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    sentences = sum(max(1, len(_SENTENCE_END.findall(line))) for line in lines)
    long_words = sum(1 for w in words if len(w.replace("-", "").replace("'", "")) > 6)
    return len(words) / sentences + 100 * long_words / len(words)
