"""VAPID keys (RFC 8292): the portal's P-256 key that signs every push request."""

from __future__ import annotations

import base64
from functools import cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

from portal.core.errors import ConfigError


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_private_key() -> str:
    """A new key: the 32-byte private number, base64url (the form VAPID_PRIVATE_KEY takes)."""
    key = ec.generate_private_key(ec.SECP256R1())
    return _b64url(key.private_numbers().private_value.to_bytes(32, "big"))


@cache
def load(private: str) -> ec.EllipticCurvePrivateKey:
    try:
        raw = unb64url(private.strip())
        if len(raw) != 32:
            raise ValueError
        return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    except ValueError:
        raise ConfigError(
            "VAPID_PRIVATE_KEY is not a P-256 private key. Make one with "
            "`flask --app wsgi push keys` and set the printed value."
        ) from None


def public_key(private: ec.EllipticCurvePrivateKey) -> str:
    """The public key browsers subscribe with (applicationServerKey), base64url."""
    key = private.public_key()
    return _b64url(
        key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )


def public_key_of(private: str) -> str:
    """The public key of a VAPID_PRIVATE_KEY setting."""
    return public_key(load(private))


def signer(private: str) -> Vapid02:
    """The key of a VAPID_PRIVATE_KEY setting as pywebpush signs with it: RFC 8292 headers
    (Authorization: vapid t=..., k=...)."""
    return Vapid02(private_key=load(private))
