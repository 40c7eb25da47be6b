"""Field encryption at rest: AES-256-GCM with a key ring for rotation.

A token is ``v1.<key id>.<base64url(nonce || ciphertext)>``. The associated data
binds each ciphertext to its table, column and row, so a value copied into another
row or column fails to decrypt instead of being shown in the wrong place.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from portal.core.errors import ConfigError

VERSION = "v1"
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
NONCE_BYTES = 12


class DecryptionError(ValueError):
    """The token is malformed, its key is unknown, or it belongs elsewhere."""


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class KeyRing:
    """Keys by id; the first is the one new values are encrypted with."""

    primary_id: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, spec: str) -> KeyRing:
        """Parse ``id:base64key,id:base64key`` (first = primary); errors name the key."""
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for item in (part.strip() for part in spec.split(",") if part.strip()):
            key_id, sep, b64 = item.partition(":")
            if not sep or not _KEY_ID.match(key_id):
                raise ConfigError(
                    "FIELD_ENCRYPTION_KEYS must be 'id:key,id:key' with ids of letters, "
                    f"digits, - or _; could not read the entry starting {item[:6]!r}."
                )
            try:
                key = _b64decode(b64)
            except (binascii.Error, ValueError):
                key = b""
            if len(key) != 32:
                raise ConfigError(
                    f"FIELD_ENCRYPTION_KEYS: key {key_id!r} must be 32 random bytes in "
                    "base64 (generate one with: flask --app wsgi keys new)."
                )
            if key_id in keys:
                raise ConfigError(f"FIELD_ENCRYPTION_KEYS: key id {key_id!r} appears twice.")
            keys[key_id] = key
            order.append(key_id)
        if not order:
            raise ConfigError("FIELD_ENCRYPTION_KEYS is empty; it needs at least one key.")
        return cls(order[0], keys)

    @staticmethod
    def new_key_spec(key_id: str) -> str:
        """A fresh ``id:key`` entry for the operator to add to the ring."""
        return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"


def _aad(table: str, column: str, row_id: str) -> bytes:
    # Length-prefixed so ("ab", "c") and ("a", "bc") never collide.
    parts = [p.encode() for p in (VERSION, table, column, row_id)]
    return b"".join(len(p).to_bytes(2, "big") + p for p in parts)


class FieldCipher:
    """Encrypts and decrypts one field value bound to (table, column, row id)."""

    def __init__(self, ring: KeyRing) -> None:
        self.ring = ring

    def encrypt(self, plaintext: str, *, table: str, column: str, row_id: str) -> str:
        """Encrypt under the primary key."""
        nonce = os.urandom(NONCE_BYTES)
        key = self.ring.keys[self.ring.primary_id]
        sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), _aad(table, column, row_id))
        body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
        return f"{VERSION}.{self.ring.primary_id}.{body}"

    def decrypt(self, token: str, *, table: str, column: str, row_id: str) -> str:
        """Decrypt a token made for exactly this table, column and row."""
        version, key_id, body = self._split(token)
        key = self.ring.keys.get(key_id)
        if key is None:
            raise DecryptionError(f"unknown key id {key_id!r}; is it still in the key ring?")
        try:
            raw = _b64decode(body)
            plain = AESGCM(key).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(table, column, row_id)
            )
        except (InvalidTag, binascii.Error, ValueError):
            raise DecryptionError("the value does not belong here or was altered") from None
        del version
        return plain.decode()

    def needs_rotation(self, token: str) -> bool:
        """Whether a token was made with a key other than the primary one."""
        return self._split(token)[1] != self.ring.primary_id

    def rotate(self, token: str, *, table: str, column: str, row_id: str) -> str:
        """Re-encrypt a token under the primary key."""
        plain = self.decrypt(token, table=table, column=column, row_id=row_id)
        return self.encrypt(plain, table=table, column=column, row_id=row_id)

    def seal_json(self, value: Any, *, table: str, column: str, row_id: str) -> str:
        """Encrypt a JSON-serialisable value for a column (answers, Lundy records)."""
        plaintext = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return self.encrypt(plaintext, table=table, column=column, row_id=row_id)

    def open_json(self, token: str, *, table: str, column: str, row_id: str) -> Any:
        """Decrypt a value sealed by seal_json."""
        return json.loads(self.decrypt(token, table=table, column=column, row_id=row_id))

    @staticmethod
    def _split(token: str) -> tuple[str, str, str]:
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != VERSION:
            raise DecryptionError("not an encrypted field value")
        return parts[0], parts[1], parts[2]
