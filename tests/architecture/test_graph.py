"""The import graph flows one way (no cycles), and no module grows past one screenful of
subjects (500 lines)."""

from __future__ import annotations

from pathlib import Path

import grimp

from tests.architecture.test_core import ROOT, graph

MAX_LINES = 500


def cycles(imports: grimp.ImportGraph) -> list[list[str]]:
    """Every set of modules that import each other, directly or round about (Tarjan's
    strongly connected components, iterative)."""
    modules = sorted(m for m in imports.modules if m.startswith("portal"))
    edges = {
        m: sorted(w for w in imports.find_modules_directly_imported_by(m) if w.startswith("portal"))
        for m in modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for j in range(i, len(edges[node])):
                target = edges[node][j]
                if target not in index:
                    work.append((node, j + 1))
                    work.append((target, 0))
                    recurse = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if recurse:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def test_no_module_imports_itself_round_about() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: modules that import each other round about are a cycle."""
    imports = grimp.build_graph("portal", include_external_packages=True, cache_dir=None)
    imports.add_import(importer="portal.models", imported="portal.districts")
    imports.add_import(importer="portal.districts", imported="portal.working_days")
    imports.add_import(importer="portal.working_days", imported="portal.models")
    found = cycles(imports)
    assert any(
        {"portal.models", "portal.districts", "portal.working_days"} <= set(c) for c in found
    )


def test_no_module_is_over_500_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / "portal").rglob("*.py")
        if "migrations" not in path.parts
        and (n := len(Path(path).read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these by subject: {long}"
