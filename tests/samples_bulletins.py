"""Walker samples for the bulletin URLs: an issued bulletin of the district (its streets and communities see it)."""

import datetime as dt

from minorworks.bulletins import domain


def samples(world, request) -> dict:
    """bulletin_id → an issued bulletin of last month (district staff, the streets, the grid; not the builder,
    not a department limited to its sectors)."""
    today = dt.date.today()
    end = today.replace(day=1) - dt.timedelta(days=1)
    bulletin = domain.issue(
        domain.generate(actor=world.district_admin, period_start=end.replace(day=1), period_end=end),
        actor=world.district_admin,
    )
    return {
        "bulletin_id": (
            bulletin.pk,
            {"district_admin", "street_a_officer", "street_b_officer", "grid_worker"},
        )
    }
