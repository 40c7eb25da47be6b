"""The development tools (dev/, beside the package) stay out of production: the app built
with PORTAL_ENV=production has no `demo` command and has not imported ``dev``.

Each app is built in a fresh interpreter: in this one, other tests have imported ``dev``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Builds the app as tests do (tests/support/apps.make_app), from the repository root, and
# says whether it has the demo commands and which `dev` modules were imported.
BUILD = """
import json, sys
from pathlib import Path
from tests.support.apps import make_app

app = make_app(Path(sys.argv[1]), sys.argv[2], **json.loads(sys.argv[3]))
print(json.dumps({
    "demo": "demo" in app.cli.commands,
    "dev": sorted(m for m in sys.modules if m.partition(".")[0] == "dev"),
}))
"""
PRODUCTION = {
    "PORTAL_ENV": "production",
    "PUBLIC_URL": "https://indgang.example.dk",
    "CASE_SYSTEM_ADAPTER": "none",
}


def built(tmp_path: Path, overrides: dict[str, str]) -> dict[str, object]:
    database_url = f"sqlite:///{tmp_path / 'p.db'}"
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(tmp_path), database_url, json.dumps(overrides)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (PRODUCTION, {"demo": False, "dev": []}),
        # The same check sees the demo where it belongs: it is not blind.
        ({"PORTAL_ENV": "test"}, {"demo": True, "dev": ["dev", "dev.demo", "dev.demo.cli"]}),
    ],
    ids=["production", "test"],
)
def test_production_has_no_demo_command_and_never_imports_dev(
    tmp_path: Path, overrides: dict[str, str], expected: dict[str, object]
) -> None:
    assert built(tmp_path, overrides) == expected


def test_only_the_command_registration_imports_dev() -> None:
    """No module of the shipped package imports ``dev`` but portal/cli.py, which does it
    only outside production."""
    importers = set()
    for path in sorted((ROOT / "portal").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            if any(name.partition(".")[0] == "dev" for name in names):
                importers.add(path.relative_to(ROOT).as_posix())
    assert importers == {"portal/cli.py"}
