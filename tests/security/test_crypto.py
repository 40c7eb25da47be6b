from __future__ import annotations

import pytest

from portal.core.errors import ConfigError
from portal.security.crypto import DecryptionError, FieldCipher, KeyRing

ROW = {"table": "message", "column": "body", "row_id": "3f1c"}


def ring(spec: str | None = None) -> KeyRing:
    return KeyRing.parse(spec or KeyRing.new_key_spec("k1"))


def test_round_trip_keeps_any_text() -> None:
    cipher = FieldCipher(ring())
    text = "Jeg er bange 😢 — أنا خائف — Мені страшно <b>not html</b>"
    token = cipher.encrypt(text, **ROW)
    assert text not in token
    assert cipher.decrypt(token, **ROW) == text


def test_same_text_encrypts_differently_each_time() -> None:
    cipher = FieldCipher(ring())
    assert cipher.encrypt("hej", **ROW) != cipher.encrypt("hej", **ROW)


@pytest.mark.parametrize(
    "elsewhere",
    [
        {"table": "inquiry", "column": "body", "row_id": "3f1c"},
        {"table": "message", "column": "note", "row_id": "3f1c"},
        {"table": "message", "column": "body", "row_id": "3f1d"},
    ],
)
def test_value_moved_to_another_table_column_or_row_fails(elsewhere: dict[str, str]) -> None:
    cipher = FieldCipher(ring())
    token = cipher.encrypt("secret", **ROW)
    with pytest.raises(DecryptionError):
        cipher.decrypt(token, **elsewhere)


def test_tampered_token_fails() -> None:
    cipher = FieldCipher(ring())
    token = cipher.encrypt("secret", **ROW)
    body = token.rsplit(".", 1)[1]
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(DecryptionError):
        cipher.decrypt(token.rsplit(".", 1)[0] + "." + flipped, **ROW)


def test_rotation_old_tokens_still_read_and_can_be_re_encrypted() -> None:
    old_entry = KeyRing.new_key_spec("old")
    old = FieldCipher(KeyRing.parse(old_entry))
    token = old.encrypt("hello", **ROW)

    rotated = FieldCipher(KeyRing.parse(KeyRing.new_key_spec("new") + "," + old_entry))
    assert rotated.decrypt(token, **ROW) == "hello"
    assert rotated.needs_rotation(token)
    fresh = rotated.rotate(token, **ROW)
    assert fresh.split(".")[1] == "new"
    assert not rotated.needs_rotation(fresh)
    assert rotated.decrypt(fresh, **ROW) == "hello"


def test_unknown_key_id_is_named() -> None:
    token = FieldCipher(ring(KeyRing.new_key_spec("gone"))).encrypt("x", **ROW)
    with pytest.raises(DecryptionError, match="gone"):
        FieldCipher(ring()).decrypt(token, **ROW)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty"),
        ("nokey", "id:key"),
        ("k1:c2hvcnQ", "32 random bytes"),
        ("k1:" + "A" * 43 + ",k1:" + "B" * 43, "appears twice"),
        ("bad id!:" + "A" * 43, "id:key"),
    ],
)
def test_malformed_key_ring_is_explained(spec: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        KeyRing.parse(spec)


@pytest.mark.parametrize("token", ["", "plain text", "v0.k1.abc", "v1.k1"])
def test_non_tokens_are_rejected(token: str) -> None:
    with pytest.raises(DecryptionError):
        FieldCipher(ring()).decrypt(token, **ROW)
