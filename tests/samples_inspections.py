"""Walker samples for the inspection URLs: an inspection of project_a that found one hazard."""

from minorworks.inspections.services import ResultIn, record_inspection
from minorworks.projects.models import Status


def samples(world, request) -> dict:
    """inspection_id / hazard_id → project_a's (the same people see them as see the project)."""
    project = request.getfixturevalue("project_a")
    project.status = Status.IN_PROGRESS
    project.save()
    recorded = record_inspection(
        actor=world.street_a_officer,
        project=project,
        kind="patrol",
        inspected_at=None,
        results=[ResultIn(item_code="A04", answer="fail", note="安全措施费未落实")],
    )
    in_scope = {"district_admin", "street_a_officer", "dept_officer", "grid_worker", "builder"}
    return {
        "inspection_id": (recorded.inspection.pk, in_scope),
        "hazard_id": (recorded.hazards[0].pk, in_scope),
        **_order_sample(world, request),
    }


def _order_sample(world, request) -> dict:
    """order_id → a stop-work order issued to project_a (seen by those who see the project)."""
    from minorworks.review.workflow import PROJECT_WORKFLOW
    from minorworks.stoporders.models import StopOrder

    project = request.getfixturevalue("project_a")
    PROJECT_WORKFLOW.perform("stop", project, actor=world.street_a_officer, reason="样例停工", extent="whole")
    order = StopOrder.objects.get(project=project, status="issued")
    return {
        "order_id": (
            order.pk,
            {"district_admin", "street_a_officer", "dept_officer", "grid_worker", "builder"},
        )
    }
