"""The typed participation record writes the very JSON the dict builders wrote, and reads
every shape stored so far: old rows still open, and keep their case-system version."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.apply.usecase import lundy_record as apply_lundy
from portal.ask.usecase import lundy_record as ask_lundy
from portal.inquiries.lundy import Feedback, Lundy, Reader, Staff
from portal.say.usecase import lundy_record as say_lundy

# -- the builders as they were before the record was typed (copied, not imported) ---------


def legacy_ask(answers: dict[str, Any]) -> dict[str, Any]:
    anonymous = answers.get("identity") != "named"
    wants_answer = answers.get("wants_answer") == "yes"
    return {
        "space": {"channel": "portal", "anonymous": anonymous, "safe_now": answers["safe"]},
        "voice": {"own_words": answers["message"], "topics": answers["topics"]},
        "audience": {"read_by": "reception"},
        "influence": {"wants_answer": wants_answer},
    }


def legacy_apply(answers: dict[str, Any]) -> dict[str, Any]:
    return {
        "space": {"channel": "portal", "heard_through": "parent"},
        "voice": {"own_words": answers.get("child_view", ""), "told_by": "parent"},
        "audience": {"read_by": "reception", "child_knows": answers.get("child_knows")},
        "influence": {},
    }


def legacy_say(answers: dict[str, Any], feedback_due: str) -> dict[str, Any]:
    young = answers.get("age_band") == "6-9"
    return {
        "space": {
            "how": answers.get("how") or [],
            "with_whom": answers.get("with_whom") or "",
            "feel_safe": answers.get("feel_safe") or "",
            "told_they_need_not_answer": True,
        },
        "voice": {
            "format": "feeling scales with pictures" if young else "open questions",
            "feelings": {k: answers.get(k) for k in ("home", "school", "friends", "free_time")}
            if young
            else {},
            "own_words": {k: answers.get(k) or "" for k in ("good", "hard", "wish")},
            "rather_to_a_person": "yes" in (answers.get("to_a_person") or []),
        },
        "audience": {
            "read_by": "adviser" if answers.get("adviser") else "reception",
            "adviser_or_case": answers.get("adviser") or "",
            "parents_may_see": answers.get("parents_may_see"),
        },
        "influence": {"hear_back": answers.get("hear_back") or [], "feedback_due": feedback_due},
    }


def legacy_read(lundy: dict[str, Any], staff_id: str, at: str) -> None:
    audience = lundy.setdefault("audience", {})
    readers: list[dict[str, Any]] = audience.setdefault("heard_by", [])
    if any(r.get("staff_id") == staff_id for r in readers):
        return
    readers.append({"staff_id": staff_id, "name": "Lise Leder", "role": "leader", "at": at})


def legacy_feedback(lundy: dict[str, Any], at: str) -> None:
    lundy.setdefault("influence", {}).update(
        {
            "considered_by": {"staff_id": "s1", "name": "Lise Leder", "role": "leader"},
            "decision": "Aflastning.",
            "how_views_counted": "Barnet ønskede ro.",
            "feedback_to_child": "Du får ro.",
            "feedback_given_at": at,
        }
    )


def read(lundy: Lundy, staff_id: str, at: str) -> Lundy:
    changed = lundy.read_by(Reader(staff_id=staff_id, name="Lise Leder", role="leader", at=at))
    return changed if changed is not None else lundy


def feedback(at: str) -> Feedback:
    return Feedback(
        considered_by=Staff(staff_id="s1", name="Lise Leder", role="leader"),
        decision="Aflastning.",
        how_views_counted="Barnet ønskede ro.",
        feedback_to_child="Du får ro.",
        feedback_given_at=at,
    )


# -- answers as the journeys store them, blanks and gaps included -------------------------

TEXT = st.one_of(st.none(), st.just(""), st.text(max_size=20))
CHOICES = st.one_of(st.none(), st.lists(st.sampled_from(["here", "school", "phone", "yes"])))


def maybe(key: str, values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """``{key: value}`` or nothing: a page the person never reached."""
    return st.one_of(st.just({}), values.map(lambda v: {key: v}))


def answers(*parts: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(*parts).map(lambda found: {k: v for d in found for k, v in d.items()})


ASK = answers(
    st.fixed_dictionaries(
        {
            "safe": st.sampled_from(["yes", "no", "unsure"]),
            "message": st.text(min_size=1, max_size=40),
            "topics": st.lists(st.sampled_from(["home", "school", "body"]), min_size=1),
        }
    ),
    maybe("identity", st.sampled_from(["named", "anonymous"])),
    maybe("wants_answer", st.sampled_from(["yes", "no"])),
)
APPLY = answers(maybe("child_view", TEXT), maybe("child_knows", TEXT))
SAY = answers(
    maybe("age_band", st.sampled_from(["6-9", "10-13", "14-17"])),
    maybe("how", CHOICES),
    *(maybe(k, TEXT) for k in ("with_whom", "feel_safe", "good", "hard", "wish", "adviser")),
    *(maybe(k, st.sampled_from([None, "1", "3", "5"])) for k in ("home", "school", "friends")),
    maybe("to_a_person", CHOICES),
    maybe("parents_may_see", st.sampled_from([None, "", "yes", "no", "ask"])),
    maybe("hear_back", CHOICES),
)
DUE = "2026-12-07T12:00:00+00:00"
AT = "2026-11-24T09:30:00+00:00"


def same_json(typed: Lundy, legacy: dict[str, Any]) -> None:
    """The very same JSON, key order included (what is sealed), and back again."""
    assert json.dumps(typed.to_json()) == json.dumps(legacy)
    assert Lundy.from_json(legacy) == typed
    assert Lundy.from_json(legacy).to_json() == legacy


@given(ASK)
def test_ask_for_help_writes_what_it_wrote_before(given_answers: dict[str, Any]) -> None:
    same_json(ask_lundy(given_answers), legacy_ask(given_answers))


@given(APPLY)
def test_a_parents_application_writes_what_it_wrote_before(given_answers: dict[str, Any]) -> None:
    same_json(apply_lundy(given_answers), legacy_apply(given_answers))


@given(SAY)
def test_have_your_say_writes_what_it_wrote_before(given_answers: dict[str, Any]) -> None:
    same_json(say_lundy(given_answers, DUE), legacy_say(given_answers, DUE))


@given(st.one_of(ASK.map(legacy_ask), SAY.map(lambda a: legacy_say(a, DUE))))
def test_readers_and_feedback_are_added_as_before(stored: dict[str, Any]) -> None:
    typed = Lundy.from_json(stored)
    typed = read(read(read(typed, "s1", AT), "s2", AT), "s1", DUE)
    typed = typed.with_feedback(feedback(DUE))
    for staff_id, at in (("s1", AT), ("s2", AT), ("s1", DUE)):
        legacy_read(stored, staff_id, at)
    legacy_feedback(stored, DUE)
    same_json(typed, stored)


@pytest.mark.parametrize(
    "stored",
    [
        {},  # anonymised by the retention run
        {"influence": {}},
        {"voice": {}},
        {"voice": {"own_words": None, "told_by": "parent"}},
        {"audience": {"read_by": "reception", "child_knows": None}},
        {"audience": {"parents_may_see": None}},
        {"audience": {"heard_by": []}},
        {"voice": {"own_words": {"wish": None}}},
        {"voice": {"feelings": {}}},
    ],
)
def test_every_stored_shape_reads_back_as_it_was(stored: dict[str, Any]) -> None:
    assert Lundy.from_json(stored).to_json() == stored


def test_a_record_stored_before_keeps_its_case_system_version() -> None:
    """The participation record's id hashes the JSON: reading and writing it again changes
    nothing, so the case system gets no new version of an unchanged record."""
    stored = legacy_say({"age_band": "6-9", "home": "2", "adviser": "Lise"}, DUE)
    legacy_read(stored, "s1", AT)
    again = Lundy.from_json(json.loads(json.dumps(stored))).to_json()

    def version(value: dict[str, Any]) -> str:
        return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]

    assert version(again) == version(stored)


def test_an_empty_record_or_part_is_false_as_its_json_is() -> None:
    assert not Lundy()
    assert not Lundy.from_json({"voice": {}}).voice
    assert Lundy.from_json({"voice": {}})
    assert Lundy.from_json({"voice": {"own_words": ""}}).voice


@pytest.mark.parametrize(
    ("stored", "why"),
    [
        ({"space": {"where": "at home"}}, "space: unknown keys ['where']"),
        ({"voice": {"own_words": 3}}, "voice: expected an object"),
        ({"space": {"how": "here"}}, "space.how: expected list"),
        ({"audience": {"heard_by": [{"name": "Lise"}]}}, "audience.heard_by.staff_id: missing"),
        ({"influence": {"decision": "Ja."}}, "influence.considered_by: expected an object"),
        ({"elsewhere": {}}, "lundy: unknown keys ['elsewhere']"),
        ([], "lundy: expected an object"),
    ],
)
def test_a_record_of_another_shape_is_refused_with_the_reason(stored: Any, why: str) -> None:
    with pytest.raises(ValueError, match="^" + why.replace("[", r"\[").replace("]", r"\]")):
        Lundy.from_json(stored)


def test_a_reader_is_added_once() -> None:
    once = read(Lundy(), "s1", AT)
    assert once.read_by(Reader(staff_id="s1", name="Lise Leder", role="leader", at=DUE)) is None
    assert once.to_json() == {
        "audience": {
            "heard_by": [{"staff_id": "s1", "name": "Lise Leder", "role": "leader", "at": AT}]
        }
    }
