"""The outbox is wired explicitly: the app factory registers one handler per event kind and
installs the case-system feed; importing a module registers nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import Flask

from portal.outbox.handlers import register_handlers
from tests.support.apps import make_app

PORTAL = Path(__file__).resolve().parents[2] / "portal"


def test_the_app_registers_every_event_kind_once(tmp_path: Path) -> None:
    app: Flask = make_app(tmp_path, f"sqlite:///{tmp_path / 'w.sqlite3'}")
    # E-mail, web push, the safety line's escalation checks, the case-system records.
    assert set(app.extensions["outbox_handlers"]) == {"email", "push", "safety", "casesystem"}
    with pytest.raises(ValueError, match="has a handler already"):
        register_handlers(dict(app.extensions["outbox_handlers"]))


def test_no_module_listens_to_every_session_on_import() -> None:
    """No session listener by decorator (``event.listens_for(Session, ...)``): the app
    factory installs the case-system feed on its own sessions (portal/app.py)."""
    found = []
    for path in sorted(PORTAL.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "listens_for"
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id in {"Session", "sessionmaker", "scoped_session"}
            ):
                found.append(f"{path.relative_to(PORTAL.parent)}:{node.lineno}")
    assert not found, found
