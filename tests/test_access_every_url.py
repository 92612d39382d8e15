"""Walk every URL pattern (UI and API) as anonymous and as each persona.

Fails when a view declares no access rule, when a URL with parameters has no sample below, when a persona
outside a rule gets in, when a persona sees a record outside its scope, when a URL is public without being on
the reviewed list below, or when any response shows a sentinel record (a project, lead and audit entry in
another street and in a second district) to a persona outside that record's scope. Expectations do not come
from the rule under test alone: the public list is written down, and the sentinels catch a view whose rule is
right but whose rows are not scoped. Adding a URL means adding a sample here — that is the point.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from minorworks.accounts.tokens import issue_token
from minorworks.api.core import api
from minorworks.core.access import AccessRule, rule_of
from minorworks.core.audit import record
from minorworks.core.roles import Role
from minorworks.leads.models import Lead
from minorworks.orgs.models import Region
from minorworks.projects.models import Status
from minorworks.scoperules.models import ProjectType

from .conftest import PERSONAS, World, client_for
from .factories import EnterpriseFactory, ProjectFactory, UserFactory

NINJA_BUILTINS = {"openapi-json", "openapi-view"}  # the OpenAPI document and its viewer are public

# Reviewed: the URLs anyone may open without signing in. A new public URL fails the test until it is added
# here, after someone has checked that it shows nothing that is not public.
PUBLIC_URLS = {
    "accounts:login",  # the sign-in page
    "accounts:set_language",  # the language switch (a cookie)
    "public:scope_check",  # the public scope check page
    "notices:public",  # a project's public page behind the site board's QR code (accepted projects only)
    "reports:new",  # the residents' report form (no account; rate-limited, honeypot; shows no records)
    "reports:track",  # a reporter's private page behind an unguessable link: their own report, no identity
    "open311:discovery",  # Open311 GeoReport v2 service discovery (static facts)
    "open311:services",  # Open311 service list: the report categories
    "open311:service",  # Open311 service definition of one category
    "open311:requests",  # Open311 requests: public GET without personal data; POST needs an api_key
    "open311:request",  # Open311 one request by tracking number, without personal data
    "open311:token",  # Open311 token → request id
    "POST /api/v1/auth/token",  # exchanging a password for a token
    "GET /api/v1/scope-check",  # the public scope check
    # Self sign-in behind a training's or meeting's QR code (issue 11): a form (name, unit, phone) valid only
    # during the session, behind an unguessable code; it shows the session's topic, time and place only,
    # never the attendance list; honeypot and a per-address rate limit (training/signin.py).
    "signin:training",
    "meetings:signin",
}


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


def key(route: Route) -> str:
    """How the reviewed lists name a route: the UI view name, or "METHOD /api/path"."""
    return f"{'/'.join(route.methods)} {route.path}" if route.api else route.name


def test_every_view_declares_an_access_rule():
    undeclared = [
        r.path
        for r in ui_routes() + api_routes()
        if r.rule is None and r.name.split(":")[-1] not in NINJA_BUILTINS
    ]
    assert undeclared == [], f"views without an access rule: {undeclared}"


def test_public_urls_are_exactly_the_reviewed_ones():
    public = {key(r) for r in ui_routes() + api_routes() if r.rule is not None and r.rule.public}
    assert public == PUBLIC_URLS, f"unreviewed: {public - PUBLIC_URLS}; gone: {PUBLIC_URLS - public}"


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


# --- sentinels: records out of most personas' scope, with text that must not appear where they may not see
DISTRICT_STAFF_A = {"district_admin"}


@dataclass
class Sentinel:
    text: str
    seen_by: set[str]  # personas allowed to see it anywhere


def seed_sentinels(world: World) -> list[Sentinel]:
    """A project, a lead and an audit entry in street B, and the same in a second district."""
    fitout = ProjectType.objects.get(code="fitout")  # no sector of the department persona (greening)
    stranger = EnterpriseFactory(name="哨兵建设有限公司", kinds=["builder", "contractor"])
    project_b = ProjectFactory(
        name="哨兵乙街道工程SENTINEL-PB",
        number="SENTPB0001",
        address="哨兵乙街道地址SENTINEL-ADDR-B",
        street=world.street_b,
        community=world.community_b,
        project_type=fitout,
        builder=stranger,
        contractor=stranger,
        status=Status.IN_PROGRESS,
    )
    Lead.objects.create(
        district=world.district,
        street=world.street_b,
        community=world.community_b,
        address="哨兵乙街道线索SENTINEL-LB",
        found_by=world.street_b_officer,
    )
    record(
        actor=world.street_b_officer,
        action="project.update",
        obj=project_b,
        note="",
    )
    record(
        actor=world.street_b_officer,
        action="lead.create",
        target=("leads.lead", "0", "哨兵乙街道审计SENTINEL-AB"),
    )

    city = Region.objects.get(code="110000")
    district_2 = Region.objects.create(code="110102", name="西城区", level=Region.Level.DISTRICT, parent=city)
    street_2 = Region.objects.create(
        code="110102001", name="哨兵西长安街街道", level=Region.Level.STREET, parent=district_2
    )
    admin_2 = UserFactory(username="district-2", role=Role.DISTRICT_ADMIN, district=district_2)
    project_2 = ProjectFactory(
        name="哨兵二区工程SENTINEL-P2",
        number="SENTP20001",
        address="哨兵二区地址SENTINEL-ADDR-2",
        street=street_2,
        district=district_2,
        project_type=fitout,
        builder=stranger,
        contractor=stranger,
        status=Status.IN_PROGRESS,
    )
    Lead.objects.create(
        district=district_2, street=street_2, address="哨兵二区线索SENTINEL-L2", found_by=admin_2
    )
    record(actor=admin_2, action="project.update", obj=project_2)
    record(actor=admin_2, action="lead.create", target=("leads.lead", "0", "哨兵二区审计SENTINEL-A2"))
    return [
        Sentinel("SENTINEL-PB", {"district_admin", "street_b_officer"}),
        Sentinel("SENTINEL-ADDR-B", {"district_admin", "street_b_officer"}),
        Sentinel("SENTINEL-LB", {"district_admin", "street_b_officer"}),
        Sentinel("SENTINEL-AB", DISTRICT_STAFF_A),
        Sentinel("SENTINEL-P2", set()),
        Sentinel("SENTINEL-ADDR-2", set()),
        Sentinel("SENTINEL-L2", set()),
        Sentinel("SENTINEL-A2", set()),
    ]


def readable_text(response) -> str:
    """The response as text to search: HTML/JSON decoded, an .xlsx unpacked (its XML parts)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_as_every_persona(world, persona, request):
    sentinels = seed_sentinels(world)
    values = samples(world, request)
    client = client_for(world, persona)
    user = None if persona == "anonymous" else getattr(world, persona)
    token = issue_token(user) if user is not None else None
    role = None if user is None else user.role
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
            if route.api and method == "DELETE" and path == "/api/v1/auth/token" and user is not None:
                token = issue_token(user)  # that call revoked the walker's token
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
            if method == "GET" and status == 200:
                text = readable_text(response)
                leaked = [s.text for s in sentinels if persona not in s.seen_by and s.text in text]
                if leaked:
                    failures.append(f"{persona} {method} {path}: shows {leaked} outside the persona's scope")
    assert failures == []


@pytest.mark.django_db
def test_sentinels_are_found_where_they_belong(world):
    """The sentinel check can see: the district administrator's list, ledger and audit pages show them."""
    sentinels = {s.text for s in seed_sentinels(world)}
    client = client_for(world, "district_admin")
    seen = readable_text(client.get("/projects/")) + readable_text(client.get("/audit/"))
    seen += readable_text(client.get("/projects/leads/"))
    seen += readable_text(client.get("/ledgers/below-quota/export.xlsx"))
    assert {"SENTINEL-PB", "SENTINEL-LB", "SENTINEL-AB"} <= {t for t in sentinels if t in seen}
    assert not {"SENTINEL-P2", "SENTINEL-L2", "SENTINEL-A2"} & {t for t in sentinels if t in seen}
