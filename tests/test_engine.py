"""The core engine by declaration alone: a toy model gets scoping, a workflow, UI routes and API routes.

Also: every transition of every registered workflow has a UI route and an API route (generated from its
table), and the engine's outcomes (party, state, guard, input, audit) behave as ADR 0003 says.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver

from minorworks.accounts.tokens import issue_token
from minorworks.api.core import api
from minorworks.core import workflow as engine
from minorworks.core.jurisdiction import Jurisdiction, scoped
from minorworks.core.models import AuditEntry
from tests.toyapp.models import Permit
from tests.toyapp.workflow import TOY_WORKFLOW

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(world):
    return Permit.objects.create(
        title="占道施工许可", district=world.district, street=world.street_a, owner=world.builder.enterprise
    )


@pytest.fixture
def other_permit(world):
    return Permit.objects.create(title="别处", district=world.district, street=world.street_b)


# --- scoping by declaration --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "sees_a", "sees_b"),
    [
        ("district_admin", True, True),
        ("street_a_officer", True, False),
        ("street_b_officer", False, True),
        ("grid_worker", False, False),  # the toy declares no community path
        ("dept_officer", False, False),  # nor a sector
        ("builder", True, False),  # owner of permit A
        ("other_builder", False, False),
    ],
)
def test_toy_rows_are_scoped_by_its_declared_paths(world, permit, other_permit, persona, sees_a, sees_b):
    visible = set(scoped(Permit, getattr(world, persona)).values_list("pk", flat=True))
    assert (permit.pk in visible, other_permit.pk in visible) == (sees_a, sees_b)


def test_jurisdiction_of_each_persona(world):
    assert Jurisdiction.of(world.district_admin).kind == "district"
    assert Jurisdiction.of(world.street_a_officer).street_id == world.street_a.pk
    assert Jurisdiction.of(world.grid_worker).community_id == world.community_a.pk
    dept = Jurisdiction.of(world.dept_officer)
    assert dept.kind == "department" and dept.sector_ids and not dept.oversees_all
    assert Jurisdiction.of(world.builder).enterprise_id == world.builder.enterprise_id
    assert Jurisdiction.of(None).is_none


# --- the engine's outcomes ---------------------------------------------------------------------------------
def test_perform_applies_updates_and_writes_one_audit_row(world, permit):
    TOY_WORKFLOW.perform("approve", permit, actor=world.street_a_officer, note="同意")
    permit.refresh_from_db()
    assert permit.status == "approved" and permit.approved_note == "同意"
    entry = AuditEntry.objects.get(object_type="toyapp.permit", object_id=str(permit.pk))
    assert (
        entry.action == "approve" and entry.before["status"] == "open" and entry.after["status"] == "approved"
    )
    assert entry.note == "同意"


def test_wrong_party_wrong_state_guard_and_input(world, permit):
    with pytest.raises(engine.NotPermitted):
        TOY_WORKFLOW.perform("approve", permit, actor=world.builder, note="x")
    with pytest.raises(engine.InvalidInput) as missing:
        TOY_WORKFLOW.perform("approve", permit, actor=world.street_a_officer)
    assert "note" in missing.value.errors
    Permit.objects.filter(pk=permit.pk).update(title="blocked")
    with pytest.raises(engine.Blocked) as blocked:
        TOY_WORKFLOW.perform("approve", permit, actor=world.street_a_officer, note="x")
    assert blocked.value.errors == {"title": ["The title is blocked."]}
    assert Permit.objects.get(pk=permit.pk).status == "open"  # the guard's failure rolled the update back
    TOY_WORKFLOW.perform("close", permit, actor=world.builder)
    with pytest.raises(engine.NotAllowedNow) as again:
        TOY_WORKFLOW.perform("close", permit, actor=world.builder)
    assert again.value.already_done
    assert AuditEntry.objects.filter(object_type="toyapp.permit").count() == 1


def test_available_actions_follow_party_and_state(world, permit):
    assert TOY_WORKFLOW.open_actions(permit, world.street_a_officer) == ["approve", "close"]
    assert TOY_WORKFLOW.open_actions(permit, world.builder) == ["close"]
    assert TOY_WORKFLOW.open_actions(permit, world.street_b_officer) == []


def test_a_table_naming_an_unknown_state_is_refused():
    with pytest.raises(ValueError, match="unknown states"):
        engine.Workflow(
            name="broken",
            model=Permit,
            parties_of=lambda user, obj: frozenset(),
            party_roles={"street": "street_officer"},
            transitions=[engine.Transition("x", frozenset({"nowhere"}), "open", frozenset({"street"}))],
        )


# --- routes by declaration ---------------------------------------------------------------------------------
def test_toy_ui_routes(world, permit, other_permit):
    officer = client_for(world, "street_a_officer")
    assert officer.get(f"/toy/{permit.pk}/approve/").status_code == 405
    assert officer.post(f"/toy/{permit.pk}/approve/", {"approve-note": ""}).status_code == 400
    assert client_for(world, "street_b_officer").post(f"/toy/{permit.pk}/approve/").status_code == 404
    assert client_for(world, "builder").post(f"/toy/{permit.pk}/approve/").status_code == 403
    response = officer.post(f"/toy/{permit.pk}/approve/", {"approve-note": "同意"})
    assert response.status_code == 302 and response["Location"] == f"/toy/{permit.pk}/"
    assert Permit.objects.get(pk=permit.pk).status == "approved"


def test_toy_api_routes(world, permit):
    def post(persona, action, body="{}"):
        token = issue_token(getattr(world, persona))
        return Client().post(
            f"/api/v1/toy/permits/{permit.pk}/{action}",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    assert post("street_b_officer", "approve", '{"note": "x"}').status_code == 404
    assert post("builder", "approve", '{"note": "x"}').status_code == 403
    bad = post("street_a_officer", "approve")
    assert bad.status_code == 400 and bad.json()["detail"][0]["field"] == "note"
    ok = post("street_a_officer", "approve", '{"note": "同意"}')
    assert ok.status_code == 200 and ok.json() == {
        "id": permit.pk,
        "status": "approved",
        "actions": ["close"],
    }
    assert post("street_a_officer", "approve", '{"note": "同意"}').status_code == 409
    schema = api.get_openapi_schema()["components"]["schemas"]["PermitApproveIn"]
    assert schema["required"] == ["note"] and schema["properties"]["note"]["anyOf"][0]["maxLength"] == 200


def _ui_view_names() -> set[str]:
    names = set()

    def walk(patterns):
        for entry in patterns:
            if hasattr(entry, "url_patterns"):
                walk(entry.url_patterns)
            else:
                names.add(getattr(entry.callback, "__name__", ""))

    walk(get_resolver().url_patterns)
    return names


def _api_operation_ids() -> set[str]:
    return {
        op.view_func.__name__
        for bound in api._get_bound_routers()
        for path_view in bound.path_operations.values()
        for op in path_view.operations
        if "POST" in op.methods
    }


@pytest.mark.parametrize("name", sorted(engine.REGISTRY))
def test_every_transition_has_a_ui_route_and_an_api_route(name):
    workflow = engine.REGISTRY[name]
    ui, api_ops = _ui_view_names(), _api_operation_ids()
    missing_ui = [t.action for t in workflow.routed() if f"{name}_{t.action}_view" not in ui]
    missing_api = [t.action for t in workflow.routed() if f"{name}_{t.action}" not in api_ops]
    assert (missing_ui, missing_api) == ([], [])
    # A transition that only domain code applies (routed=False) has neither route and is never offered.
    internal = [t.action for t in workflow if not t.routed]
    leaked = [a for a in internal if f"{name}_{a}_view" in ui or f"{name}_{a}" in api_ops]
    assert leaked == []


def test_the_registry_knows_the_product_workflows():
    assert {"project", "lead", "permit"} <= set(engine.REGISTRY)
