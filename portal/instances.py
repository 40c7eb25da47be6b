"""The app's own instances of the core's objects, built once at start: the field cipher,
the municipality profile and each kind's questions. For the web layer (views, commands,
the glue); a use case gets them in its Context (portal/current.py builds it from these)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, current_app

from portal.inquiries.questions import Questionnaires
from portal.municipality import Profile, load_profile
from portal.security.crypto import FieldCipher, KeyRing


def init_app(app: Flask) -> None:
    """Load the profile and build the cipher; a bad profile file or key stops the start
    with a clear message."""
    app.extensions["municipality"] = load_profile(Path(app.config["MUNICIPALITY_PROFILE"]))
    app.extensions["field_cipher"] = FieldCipher(KeyRing.parse(app.config["FIELD_ENCRYPTION_KEYS"]))


def profile() -> Profile:
    """The current app's municipality profile."""
    result: Profile = current_app.extensions["municipality"]
    return result


def cipher() -> FieldCipher:
    """The current app's field cipher."""
    result: FieldCipher = current_app.extensions["field_cipher"]
    return result


def questionnaires() -> Questionnaires:
    """The current app's questionnaire of each kind (built by the app factory)."""
    result: Questionnaires = current_app.extensions["questionnaires"]
    return result


def seal_json(value: Any, *, table: str, column: str, row_id: str) -> str:
    """The current app's cipher's seal_json."""
    return cipher().seal_json(value, table=table, column=column, row_id=row_id)


def open_json(token: str, *, table: str, column: str, row_id: str) -> Any:
    """The current app's cipher's open_json."""
    return cipher().open_json(token, table=table, column=column, row_id=row_id)
