"""The core knows nothing of Flask, and only the unit of work commits (docs/architecture.md).

The web layer is named below, module by module (views, forms, the app factory and its
glue); every other module under portal/ is the core. A new module is core unless it is
added here, so it cannot lean on the request by accident.

No module but the unit of work commits.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
FLASK = frozenset(
    {"flask", "flask_babel", "flask_wtf", "flask_limiter", "flask_compress", "werkzeug", "wtforms"}
)
# The web layer: HTTP in, HTTP out; the commands (click, on Flask's CLI); the app's glue.
WEB_SUFFIXES = ("views", "forms", "cli", "templating")
WEB = frozenset(
    {
        "portal.app",  # the app factory
        "portal.assets",
        "portal.clock",  # the app's clock, for views; the core takes ctx.now
        "portal.current",
        "portal.db",
        "portal.errors",
        "portal.extensions",
        "portal.health",
        "portal.i18n",
        "portal.instances",  # the app's cipher and profile, for views and commands
        "portal.entry.journeys",  # the front door's menu: endpoints and their labels
        "portal.logs",
        "portal.casesystem.api",
        "portal.content.__main__",  # `make content-check`: builds an app to check the links
        "portal.casework.lundy",  # the staff pages' words for a record, from the say forms
        "portal.casework.masks",  # what the case pages mask, from the web journeys
        "portal.casework.templates",
        "portal.journeys.engine",
        "portal.journeys.drafts",
        # Which web journey (its forms and their labels) wrote an inquiry of each kind.
        "portal.journeys.by_kind",
        # Each kind's questions as plain data for the core, read off its web journey.
        "portal.journeys.questionnaires",
        "portal.rights",
        "portal.rights.sections",
        "portal.rights.store",
        "portal.safety.web",  # the app's screening list, and the <mark> filter
        "portal.security.headers",
        "portal.security.input",
        "portal.security.sessions",
        "portal.security.urls",
        "portal.staff",  # register(): the workspace's blueprints
        "portal.staff.access",  # staff_required: the views' guard (the policy is core)
        "portal.staff.admin",  # the account pages
        "portal.staff.errors",
        "portal.staff.sessions",
        "portal.staff.throttle",
        "portal.visits.store",
    }
)


@cache
def graph() -> grimp.ImportGraph:
    # Imports inside functions count, and so do those under TYPE_CHECKING.
    return grimp.build_graph(
        "portal",
        include_external_packages=True,
        exclude_type_checking_imports=False,
        cache_dir=None,  # read the code as it is now, never a cache of it
    )


WEB_PACKAGES = ("portal.forms",)  # WTForms: the forms' fields, validators and recovery


def is_web(module: str) -> bool:
    return (
        module in WEB
        or module.rsplit(".", 1)[-1].endswith(WEB_SUFFIXES)
        or module.startswith(WEB_PACKAGES)
    )


def core_modules() -> set[str]:
    found = graph().modules
    return {
        m
        for m in found
        if m.startswith("portal") and not m.startswith("portal.migrations") and not is_web(m)
    }


def reaches_flask(module: str) -> list[str] | None:
    """The shortest chain of imports from ``module`` to a Flask package, or None."""
    chains = [
        graph().find_shortest_chain(importer=module, imported=name)
        for name in FLASK
        if name in graph().modules
    ]
    found = [list(c) for c in chains if c]
    return min(found, key=len) if found else None


def test_the_web_list_names_real_modules() -> None:
    modules = graph().modules
    assert modules >= WEB, sorted(WEB - modules)


def test_no_core_module_imports_flask_directly_or_through_another() -> None:
    leaks = {}
    for module in sorted(core_modules()):
        chain = reaches_flask(module)
        if chain:
            leaks[module] = " -> ".join(chain)
    assert not leaks, "core modules that reach Flask:\n" + "\n".join(
        f"  {m}: {c}" for m, c in leaks.items()
    )


def test_the_chain_finder_finds_flask_behind_a_module() -> None:
    """The check above can fail: a web module reaches Flask, also through another module."""
    assert reaches_flask("portal.casesystem.api") == ["portal.casesystem.api", "flask"]
    chain = reaches_flask("portal.journeys.by_kind")
    assert chain is not None
    assert len(chain) > 2


# -- one unit of work ------------------------------------------------------------------------

UNIT_OF_WORK = "portal/core/uow.py"


def commits_in(path: Path) -> list[int]:
    """Lines of ``path`` that call ``.commit()`` or open a session's own transaction with
    ``.begin()`` (a ``with s.begin():`` commits when it ends)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"commit", "begin"}
    ]


def committing_modules() -> dict[str, list[int]]:
    found = {}
    for path in sorted((ROOT / "portal").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        if name.startswith("portal/migrations/") or name == UNIT_OF_WORK:
            continue
        lines = commits_in(path)
        if lines:
            found[name] = lines
    return found


def test_only_the_unit_of_work_commits() -> None:
    assert committing_modules() == {}, f"commit() or begin() outside {UNIT_OF_WORK}"


def test_the_commit_finder_finds_a_commit(tmp_path: Path) -> None:
    """The check above can fail: a commit() or a session's begin() is found."""
    module = tmp_path / "m.py"
    module.write_text(
        "def f(s):\n    s.add(1)\n    s.commit()\n    with s.begin():\n        pass\n"
    )
    assert commits_in(module) == [3, 4]
