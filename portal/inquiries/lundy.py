"""The participation record (the Lundy model: Space, Voice, Audience, Influence), typed.

Stored sealed as JSON in ``participation_record.lundy``. ``to_json`` writes exactly the keys
a record has, in the order the builders always wrote them, and ``from_json`` reads every
shape stored so far: the three journeys' records (ask for help, have your say, a parent's
application), with the readers and the feedback casework adds, and ``{}`` (anonymised by
the retention run); and the casework participation notes' (portal.casesystem.records). A
part or key that is absent stays absent; an unknown key is refused. A record or part
without any key is false, as its JSON ``{}`` is (templates rely on it). Most keys are
either there with a value or not there (``None`` here). The answers a record copies as
given (``own_words`` of an application, ``parents_may_see``, ``child_knows``) can also be
there as null: for those ``UNSET`` means "not there", ``None`` "there, null".
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from portal.json_types import JSONObject, object_of, only, optional, required, texts


class Unset(enum.Enum):
    """A key that is not in the record (false, like an empty answer, in a template)."""

    UNSET = "unset"

    def __bool__(self) -> bool:
        return False


UNSET = Unset.UNSET
Answer = str | None | Unset
# The child's own text: one text, or texts by question (good, hard, wish).
OwnWords = str | Mapping[str, str | None]

SPACE = "space"
VOICE = "voice"
AUDIENCE = "audience"
INFLUENCE = "influence"


def _answer(data: Mapping[str, object], key: str, where: str) -> Answer:
    if key not in data:
        return UNSET
    value = data[key]
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{where}.{key}: expected a text or null")
    return value


def _text_map(value: object, where: str) -> dict[str, str | None]:
    found = object_of(value, where)
    if not all(v is None or isinstance(v, str) for v in found.values()):
        raise ValueError(f"{where}: expected texts or null")
    return {k: v for k, v in found.items() if v is None or isinstance(v, str)}


def _kept(pairs: Mapping[str, object]) -> JSONObject:
    """The keys the record has: None and UNSET are not there (null is kept by the caller)."""
    return {k: v for k, v in pairs.items() if v is not None and v is not UNSET}


def _with_null(out: JSONObject, key: str, value: object) -> None:
    if value is not UNSET:
        out[key] = value


@dataclass(frozen=True)
class Space:
    """Where and how the child chose to be heard."""

    channel: str | None = None
    anonymous: bool | None = None
    safe_now: str | None = None
    heard_through: str | None = None
    how: tuple[str, ...] | None = None
    with_whom: str | None = None
    feel_safe: str | None = None
    told_they_need_not_answer: bool | None = None
    # A participation note: its form (casework NOTE_FORMS), when, where, who else was there.
    form: str | None = None
    met_at: str | None = None
    place: str | None = None
    present: str | None = None
    bisidder_present: bool | None = None
    told_purpose: bool | None = None
    offered_bisidder: bool | None = None

    KEYS: ClassVar[tuple[str, ...]] = (
        "channel",
        "anonymous",
        "safe_now",
        "heard_through",
        "how",
        "with_whom",
        "feel_safe",
        "told_they_need_not_answer",
        "form",
        "met_at",
        "place",
        "present",
        "bisidder_present",
        "told_purpose",
        "offered_bisidder",
    )

    # The keys whose value is a yes or no (the others, but ``how``, are texts).
    FLAGS: ClassVar[frozenset[str]] = frozenset(
        {"anonymous", "told_they_need_not_answer", "bisidder_present", "told_purpose"}
        | {"offered_bisidder"}
    )

    def to_json(self) -> JSONObject:
        values = {key: getattr(self, key) for key in self.KEYS}
        values["how"] = list(self.how) if self.how is not None else None
        return _kept(values)

    def __bool__(self) -> bool:
        return bool(self.to_json())

    @classmethod
    def from_json(cls, value: object) -> Space:
        where = SPACE
        data = object_of(value, where)
        only(data, cls.KEYS, where)
        found: dict[str, Any] = {
            key: optional(data, key, bool if key in cls.FLAGS else str, where)
            for key in cls.KEYS
            if key != "how"
        }
        return cls(how=texts(data, "how", where), **found)


@dataclass(frozen=True)
class Voice:
    """What the child said: feelings on a scale, and their own words."""

    format: str | None = None
    feelings: Mapping[str, str | None] | None = None
    own_words: OwnWords | Unset | None = UNSET
    topics: tuple[str, ...] | None = None
    told_by: str | None = None
    rather_to_a_person: bool | None = None

    KEYS: ClassVar[tuple[str, ...]] = (
        "format",
        "feelings",
        "own_words",
        "topics",
        "told_by",
        "rather_to_a_person",
    )

    def to_json(self) -> JSONObject:
        out = _kept(
            {
                "format": self.format,
                "feelings": dict(self.feelings) if self.feelings is not None else None,
            }
        )
        own = self.own_words
        _with_null(out, "own_words", dict(own) if isinstance(own, Mapping) else own)
        out |= _kept(
            {
                "topics": list(self.topics) if self.topics is not None else None,
                "told_by": self.told_by,
                "rather_to_a_person": self.rather_to_a_person,
            }
        )
        return out

    def __bool__(self) -> bool:
        return bool(self.to_json())

    @classmethod
    def from_json(cls, value: object) -> Voice:
        where = VOICE
        data = object_of(value, where)
        only(data, cls.KEYS, where)
        own: OwnWords | Unset | None = UNSET
        if "own_words" in data:
            given = data["own_words"]
            own = given if given is None or isinstance(given, str) else _text_map(given, where)
        feelings = None
        if "feelings" in data:
            feelings = _text_map(data["feelings"], f"{where}.feelings")
        return cls(
            format=optional(data, "format", str, where),
            feelings=feelings,
            own_words=own,
            topics=texts(data, "topics", where),
            told_by=optional(data, "told_by", str, where),
            rather_to_a_person=optional(data, "rather_to_a_person", bool, where),
        )


@dataclass(frozen=True)
class Reader:
    """A member of staff who read what the child said, and when (ISO 8601)."""

    staff_id: str
    name: str
    role: str
    at: str

    def to_json(self) -> JSONObject:
        return {"staff_id": self.staff_id, "name": self.name, "role": self.role, "at": self.at}

    @classmethod
    def from_json(cls, value: object) -> Reader:
        where = f"{AUDIENCE}.heard_by"
        data = object_of(value, where)
        only(data, ("staff_id", "name", "role", "at"), where)
        return cls(
            staff_id=required(data, "staff_id", str, where),
            name=required(data, "name", str, where),
            role=required(data, "role", str, where),
            at=required(data, "at", str, where),
        )


@dataclass(frozen=True)
class Audience:
    """Who was meant to hear it, and who read it."""

    read_by: str | None = None
    adviser_or_case: str | None = None
    parents_may_see: Answer = UNSET
    child_knows: Answer = UNSET
    heard_by: tuple[Reader, ...] | None = None

    KEYS: ClassVar[tuple[str, ...]] = (
        "read_by",
        "adviser_or_case",
        "parents_may_see",
        "child_knows",
        "heard_by",
    )

    def to_json(self) -> JSONObject:
        out = _kept({"read_by": self.read_by, "adviser_or_case": self.adviser_or_case})
        _with_null(out, "parents_may_see", self.parents_may_see)
        _with_null(out, "child_knows", self.child_knows)
        if self.heard_by is not None:
            out["heard_by"] = [r.to_json() for r in self.heard_by]
        return out

    def __bool__(self) -> bool:
        return bool(self.to_json())

    @classmethod
    def from_json(cls, value: object) -> Audience:
        where = AUDIENCE
        data = object_of(value, where)
        only(data, cls.KEYS, where)
        readers = optional(data, "heard_by", list, where)
        return cls(
            read_by=optional(data, "read_by", str, where),
            adviser_or_case=optional(data, "adviser_or_case", str, where),
            parents_may_see=_answer(data, "parents_may_see", where),
            child_knows=_answer(data, "child_knows", where),
            heard_by=None if readers is None else tuple(Reader.from_json(r) for r in readers),
        )


@dataclass(frozen=True)
class Staff:
    """Who considered the child's views."""

    staff_id: str
    name: str
    role: str

    def to_json(self) -> JSONObject:
        return {"staff_id": self.staff_id, "name": self.name, "role": self.role}

    @classmethod
    def from_json(cls, value: object) -> Staff:
        where = f"{INFLUENCE}.considered_by"
        data = object_of(value, where)
        only(data, ("staff_id", "name", "role"), where)
        return cls(
            staff_id=required(data, "staff_id", str, where),
            name=required(data, "name", str, where),
            role=required(data, "role", str, where),
        )


@dataclass(frozen=True)
class Feedback:
    """What was decided, how the child's views counted, what the child was told and when."""

    considered_by: Staff
    decision: str
    how_views_counted: str
    feedback_to_child: str
    feedback_given_at: str

    KEYS: ClassVar[tuple[str, ...]] = (
        "considered_by",
        "decision",
        "how_views_counted",
        "feedback_to_child",
        "feedback_given_at",
    )

    def to_json(self) -> JSONObject:
        return {
            "considered_by": self.considered_by.to_json(),
            "decision": self.decision,
            "how_views_counted": self.how_views_counted,
            "feedback_to_child": self.feedback_to_child,
            "feedback_given_at": self.feedback_given_at,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Feedback | None:
        """The feedback keys of an influence object: all of them, or none."""
        if not any(k in data for k in cls.KEYS):
            return None
        where = INFLUENCE
        return cls(
            considered_by=Staff.from_json(data.get("considered_by")),
            decision=required(data, "decision", str, where),
            how_views_counted=required(data, "how_views_counted", str, where),
            feedback_to_child=required(data, "feedback_to_child", str, where),
            feedback_given_at=required(data, "feedback_given_at", str, where),
        )


@dataclass(frozen=True)
class Influence:
    """What the child asked for (an answer, how to hear back, by when) and, once given, the
    feedback. A participation note adds how the views will be weighed, and whether the case
    is one where a child of 10 or more is a party (§ 3) and the child was heard as one."""

    wants_answer: bool | None = None
    hear_back: tuple[str, ...] | None = None
    feedback_due: str | None = None
    feedback: Feedback | None = None
    weighing: str | None = None
    party_case: bool | None = None
    heard_as_party: bool | None = None

    KEYS: ClassVar[tuple[str, ...]] = (
        "wants_answer",
        "hear_back",
        "feedback_due",
        *Feedback.KEYS,
        "weighing",
        "party_case",
        "heard_as_party",
    )

    def to_json(self) -> JSONObject:
        out = _kept(
            {
                "wants_answer": self.wants_answer,
                "hear_back": list(self.hear_back) if self.hear_back is not None else None,
                "feedback_due": self.feedback_due,
                "weighing": self.weighing,
                "party_case": self.party_case,
                "heard_as_party": self.heard_as_party,
            }
        )
        if self.feedback is not None:
            out |= self.feedback.to_json()
        return out

    def __bool__(self) -> bool:
        return bool(self.to_json())

    @classmethod
    def from_json(cls, value: object) -> Influence:
        where = INFLUENCE
        data = object_of(value, where)
        only(data, cls.KEYS, where)
        return cls(
            wants_answer=optional(data, "wants_answer", bool, where),
            hear_back=texts(data, "hear_back", where),
            feedback_due=optional(data, "feedback_due", str, where),
            feedback=Feedback.from_json(data),
            weighing=optional(data, "weighing", str, where),
            party_case=optional(data, "party_case", bool, where),
            heard_as_party=optional(data, "heard_as_party", bool, where),
        )


@dataclass(frozen=True)
class Lundy:
    """A participation record: its four parts, each None when absent (all, once anonymised)."""

    space: Space | None = None
    voice: Voice | None = None
    audience: Audience | None = None
    influence: Influence | None = None

    def to_json(self) -> JSONObject:
        parts = {
            SPACE: self.space,
            VOICE: self.voice,
            AUDIENCE: self.audience,
            INFLUENCE: self.influence,
        }
        return {key: part.to_json() for key, part in parts.items() if part is not None}

    def __bool__(self) -> bool:
        """False with no part (anonymised), as the ``{}`` it is stored as."""
        return bool(self.to_json())

    @classmethod
    def from_json(cls, value: object) -> Lundy:
        data = object_of(value, "lundy")
        only(data, (SPACE, VOICE, AUDIENCE, INFLUENCE), "lundy")
        return cls(
            space=Space.from_json(data[SPACE]) if SPACE in data else None,
            voice=Voice.from_json(data[VOICE]) if VOICE in data else None,
            audience=Audience.from_json(data[AUDIENCE]) if AUDIENCE in data else None,
            influence=Influence.from_json(data[INFLUENCE]) if INFLUENCE in data else None,
        )

    def read_by(self, reader: Reader) -> Lundy | None:
        """The record with ``reader`` added to its Audience; None if they read it before."""
        audience = self.audience or Audience()
        readers = audience.heard_by or ()
        if any(r.staff_id == reader.staff_id for r in readers):
            return None
        return replace(self, audience=replace(audience, heard_by=(*readers, reader)))

    def with_feedback(self, feedback: Feedback) -> Lundy:
        """The record with the feedback to the child in its Influence."""
        return replace(self, influence=replace(self.influence or Influence(), feedback=feedback))
