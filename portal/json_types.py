"""The JSON form of a typed record or payload (what its ``to_json`` gives, and what is sealed
into a column or sent), and reading it back in ``from_json``: each value checked, and a
wrong one refused with where it was (``voice.own_words: expected str``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

JSONObject = dict[str, Any]


def object_of(value: object, where: str) -> Mapping[str, object]:
    """``value`` if it is a JSON object."""
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise ValueError(f"{where}: expected an object")
    return value


def only(data: Mapping[str, object], known: Sequence[str], where: str) -> None:
    """Refuse a key that is not ``known``."""
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ValueError(f"{where}: unknown keys {unknown}")


def optional(data: Mapping[str, object], key: str, kind: type[T], where: str) -> T | None:
    """The value of ``key`` if it is there (of ``kind``), else None."""
    if key not in data:
        return None
    value = data[key]
    if not isinstance(value, kind):
        raise ValueError(f"{where}.{key}: expected {kind.__name__}")
    return value


def required(data: Mapping[str, object], key: str, kind: type[T], where: str) -> T:
    """The value of ``key``, of ``kind``."""
    value = optional(data, key, kind, where)
    if value is None:
        raise ValueError(f"{where}.{key}: missing")
    return value


def texts(data: Mapping[str, object], key: str, where: str) -> tuple[str, ...] | None:
    """A list of texts, if ``key`` is there."""
    found = optional(data, key, list, where)
    if found is None:
        return None
    if not all(isinstance(v, str) for v in found):
        raise ValueError(f"{where}.{key}: expected texts")
    return tuple(found)
