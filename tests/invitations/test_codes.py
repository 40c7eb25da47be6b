"""The invitation code: enough entropy, readable aloud, and forgiving to type on a phone."""

from __future__ import annotations

import math
import re

import pytest

from portal.invitations import codes

# Crockford's base32: no I, L, O or U, which look or sound like 1, 1, 0 and V.
LOOK_ALIKES = set("ILOU")


def test_a_code_has_at_least_40_bits_from_its_alphabet_and_length() -> None:
    alphabet = set(codes.ALPHABET)
    assert len(alphabet) == len(codes.ALPHABET) == 32
    assert not alphabet & LOOK_ALIKES
    # Worked out here, not read from the module's own formula.
    assert codes.LENGTH * math.log2(len(alphabet)) >= 40
    assert math.isclose(codes.BITS, 50.0)


def test_a_sample_of_codes_never_repeats_and_each_is_typeable() -> None:
    sample = [codes.generate() for _ in range(5000)]
    assert len(set(sample)) == len(sample)
    for code in sample:
        assert re.fullmatch(
            r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}", code
        )
        assert codes.normalize(code) == code
    # Every letter of the alphabet turns up: the draw is from all 32.
    assert set("".join(sample).replace("-", "")) == set(codes.ALPHABET)


@pytest.mark.parametrize(
    "typed",
    [
        "K7MQ-3XRD-9P",
        "k7mq3xrd9p",
        " k7mq 3xrd 9p ",
        "K7MQ\u20133XRD\u20149P",  # a phone made the hyphens dashes
        "k7mq.3xrd.9p",
        "K7MQ_3XRD_9P",
    ],
)
def test_typing_is_forgiving_about_case_spaces_and_dashes(typed: str) -> None:
    assert codes.normalize(typed) == "K7MQ-3XRD-9P"


def test_look_alike_letters_are_read_as_the_digits_they_look_like() -> None:
    assert codes.normalize("ABCD-EF0I-L1") == "ABCD-EF01-11"
    assert codes.normalize("abcd-efoi-l1") == "ABCD-EF01-11"
    assert codes.normalize("ABCD-EFGH-OO") == "ABCD-EFGH-00"


@pytest.mark.parametrize(
    "typed", ["", "K7MQ-3XRD", "K7MQ-3XRD-9PX", "K7MQ-3XRD-9U", "K7MQ-3XRD-9!"]
)
def test_what_cannot_be_a_code_is_refused(typed: str) -> None:
    assert codes.normalize(typed) is None


def test_only_a_keyed_hash_is_stored_and_it_depends_on_the_pepper() -> None:
    key = codes.code_key("K7MQ-3XRD-9P", "pepper-one")
    assert key != codes.code_key("K7MQ-3XRD-9P", "pepper-two")
    assert key != codes.code_key("K7MQ-3XRD-9Q", "pepper-one")
    assert "K7MQ" not in key
    assert len(key) == 64
