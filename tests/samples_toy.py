"""Walker samples for the toy app's API routes (tests/toyapp): a permit of street A owned by the builder."""

from tests.toyapp.models import Permit


def samples(world, request) -> dict:
    """permit_id → a permit the district, street A's officer and its owner (the builder) may see."""
    permit = Permit.objects.create(
        title="样例", district=world.district, street=world.street_a, owner=world.builder.enterprise
    )
    return {"permit_id": (permit.pk, {"district_admin", "street_a_officer", "builder"})}
