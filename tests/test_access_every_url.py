"""Walk every URL pattern (UI and API) as anonymous and as each persona.

Fails when a view declares no access rule, when a URL with parameters has no sample below, when a persona
outside a rule gets in, or when a persona sees a record outside its scope. Adding a URL means adding a
sample here — that is the point.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from minorworks.api.core import api
from minorworks.core.access import AccessRule, rule_of

from .conftest import PERSONAS, World, client_for

NINJA_BUILTINS = {"openapi-json", "openapi-view"}  # the OpenAPI document and its viewer are public


@dataclass
class Route:
    path: str  # with <converters> or {params}
    name: str
    rule: AccessRule | None
    methods: tuple[str, ...]
    api: bool


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Callable]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.callback


def ui_routes() -> list[Route]:
    routes = []
    for path, name, callback in _walk(get_resolver().url_patterns):
        if path.startswith("api/v1/"):
            continue
        routes.append(Route("/" + path, name, rule_of(callback), ("GET",), api=False))
    return routes


def api_routes() -> list[Route]:
    routes = []
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            for op in path_view.operations:
                full = "/api/v1/" + "/".join(p.strip("/") for p in (bound.prefix, path) if p.strip("/"))
                routes.append(
                    Route(full, op.view_func.__name__, rule_of(op.view_func), tuple(op.methods), api=True)
                )
    return routes


def test_every_view_declares_an_access_rule():
    undeclared = [
        r.path
        for r in ui_routes() + api_routes()
        if r.rule is None and r.name.split(":")[-1] not in NINJA_BUILTINS
    ]
    assert undeclared == [], f"views without an access rule: {undeclared}"


def test_walker_finds_the_known_urls():
    ui = {r.name for r in ui_routes()}
    assert {"dashboard:home", "accounts:login", "projects:list"} <= ui
    assert {"/api/v1/me", "/api/v1/auth/token"} <= {r.path for r in api_routes()}


# --- samples: the objects URLs with parameters are tried with -----------------------------------------
# Each entry: parameter name → (value factory, personas that may see that record).
def samples(world: World, request) -> dict[str, tuple[object, set[str]]]:
    """Parameter values for parameterised URLs, and which personas may see the record behind each."""
    project = request.getfixturevalue("project_a")
    in_scope = {"district_admin", "street_a_officer", "dept_officer", "grid_worker", "builder"}
    values: dict[str, tuple[object, set[str]]] = {
        "pk": (project.pk, in_scope),
        "project_id": (project.pk, in_scope),
        "public_id": (project.public_id, set(PERSONAS)),
    }
    # Features add their own parameters in tests/samples_<feature>.py: `def samples(world, request) -> dict`.
    for module_path in sorted(Path(__file__).parent.glob("samples_*.py")):
        module = importlib.import_module(f"tests.{module_path.stem}")
        values.update(module.samples(world, request))
    return values


PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


def fill(route: Route, values) -> tuple[str, set[str] | None]:
    names = [a or b for a, b in PARAM.findall(route.path)]
    missing = [n for n in names if n not in values]
    assert not missing, f"{route.path}: add a sample for {missing} in test_access_every_url.samples"
    path = route.path
    visible: set[str] | None = None
    for name in names:
        value, who = values[name]
        path = PARAM.sub(
            lambda m, n=name, v=value: str(v) if (m.group(1) or m.group(2)) == n else m.group(0),
            path,
            count=1,
        )
        visible = who if visible is None else visible & who
    return path.replace("^", "").replace("$", ""), visible


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_as_every_persona(world, persona, request):
    values = samples(world, request)
    client = client_for(world, persona)
    token = None
    if persona != "anonymous":
        from minorworks.accounts.tokens import issue_token

        token = issue_token(getattr(world, persona))
    role = None if persona == "anonymous" else getattr(world, persona).role
    failures = []
    for route in ui_routes() + api_routes():
        if route.rule is None:
            continue  # ninja built-ins (public documents)
        path, visible = fill(route, values)
        for method in route.methods:
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if (route.api and token) else {}
            if method == "GET":
                response = client.get(path, **headers)
            else:
                response = client.generic(method, path, data="{}", content_type="application/json", **headers)
            status = response.status_code
            admitted = route.rule.public or (role is not None and role in route.rule.roles)
            if status >= 500:
                failures.append(f"{persona} {method} {path}: {status}")
            elif not admitted:
                if persona == "anonymous":
                    ok = (
                        status == 401
                        if route.api
                        else (status == 302 and "/accounts/login/" in response["Location"])
                    )
                else:
                    ok = status in (403, 404)
                if not ok:
                    failures.append(f"{persona} {method} {path}: {status}, expected refusal")
            elif (
                visible is not None
                and persona not in visible
                and not route.rule.public
                and status not in (403, 404)
            ):
                failures.append(f"{persona} {method} {path}: {status}, record outside scope leaked")
    assert failures == []
