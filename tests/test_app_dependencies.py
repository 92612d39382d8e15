"""No two apps import each other, directly or in a cycle; core imports no app (issue 7).

Every import in every module of an app counts, also those inside functions: a lazy import is still a
dependency. Extension between apps goes through declared seams (workflow ``add``/``extend``, project page
panels, signals), which need no import from the extended app to the extending one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import minorworks

PACKAGE = Path(minorworks.__file__).parent
APPS = sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists())


def _imports_of(app: str) -> set[str]:
    found: set[str] = set()
    for path in (PACKAGE / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        depth = len(path.relative_to(PACKAGE).parts) - 1  # package depth of the module
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against the module's package
                    base = list(path.relative_to(PACKAGE).parts[: depth - node.level + 1])
                    names = [
                        ".".join(["minorworks", *base, *(node.module.split(".") if node.module else [])])
                    ]
                else:
                    names = [node.module or ""]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "minorworks" and len(parts) > 1 and parts[1] in APPS and parts[1] != app:
                    found.add(parts[1])
    return found


GRAPH = {app: _imports_of(app) for app in APPS}


def test_no_cycle_between_apps():
    cycles = []

    def visit(app: str, trail: list[str]) -> None:
        for dep in sorted(GRAPH[app]):
            if dep in trail:
                cycles.append(" → ".join([*trail[trail.index(dep) :], dep]))
            elif len(trail) < len(APPS):
                visit(dep, [*trail, dep])

    for app in APPS:
        visit(app, [app])
    assert sorted(set(cycles)) == []


def test_core_depends_on_no_app_and_the_walk_sees_the_apps():
    assert GRAPH["core"] == set()
    assert {"projects", "inspections", "leads", "notices", "scoperules", "stoporders"} <= set(APPS)
    assert "projects" in GRAPH["inspections"]  # the walk finds real dependencies


def test_the_project_apps_depend_one_way():
    """review → registration → projects: the record imports neither capability, registration not the review."""
    assert {"registration", "review"} <= set(APPS)
    assert GRAPH["projects"].isdisjoint({"registration", "review"})
    assert "review" not in GRAPH["registration"]
    assert {"projects", "registration"} <= GRAPH["review"]
