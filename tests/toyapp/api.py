from ninja import Router, Schema

from minorworks.core.jurisdiction import get_scoped
from minorworks.core.workflow_api import add_transition_routes

from .models import Permit
from .workflow import TOY_WORKFLOW

router = Router(tags=["toy"])


class PermitOut(Schema):
    id: int
    status: str
    actions: list[str]


def state_of(permit, user):
    return {"id": permit.pk, "status": permit.status, "actions": TOY_WORKFLOW.open_actions(permit, user)}


add_transition_routes(
    router,
    TOY_WORKFLOW,
    path="/toy/permits/{permit_id}",
    id_param="permit_id",
    get_for=lambda user, pk: get_scoped(Permit, user, pk),
    state_of=state_of,
    responses={200: PermitOut},
)
