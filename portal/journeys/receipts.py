"""What a journey's ``submit`` use case hands back: the receipt the person sees.

The web keeps it in the visit (``session["receipt:<journey>"]``) as a plain dict
(``to_session``) and reads it back (``from_session``). The six secret words are shown once:
then the receipt is kept without them, marked ``words_shown``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Self


@dataclass(frozen=True, kw_only=True)
class Receipt:
    """The reference number, and whatever the journey's receipt page says besides."""

    reference: str
    # The secret words were shown once and have left the server.
    words_shown: bool = False

    @property
    def words(self) -> str | None:
        """The six secret words, while the receipt still holds them (shown once)."""
        return None

    def shown(self) -> Self:
        """The receipt once its words have been shown: kept without them."""
        return replace(self, words_shown=True)

    def to_session(self) -> dict[str, Any]:
        stored = asdict(self)
        if not self.words_shown:
            del stored["words_shown"]
        return stored

    @classmethod
    def from_session(cls, stored: Mapping[str, Any]) -> Self:
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in stored.items() if key in names})


@dataclass(frozen=True, kw_only=True)
class WithWords(Receipt):
    """A receipt that opens a conversation: its six words (None if none was opened)."""

    passphrase: str | None = None

    @property
    def words(self) -> str | None:
        return self.passphrase

    def shown(self) -> Self:
        return replace(self, passphrase=None, words_shown=True)

    def to_session(self) -> dict[str, Any]:
        stored = super().to_session()
        if self.words_shown:
            del stored["passphrase"]
        return stored
