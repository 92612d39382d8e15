"""Walker samples for the ledger URLs (`/ledgers/<ledger>/…`, `/api/v1/ledgers/{ledger}.xlsx`)."""

STAFF = {"district_admin", "street_a_officer", "street_b_officer", "dept_officer", "grid_worker"}


def samples(world, request) -> dict[str, tuple[object, set[str]]]:
    """A ledger slug; every staff persona may open every ledger (rows are scoped inside)."""
    request.getfixturevalue("project_a")
    return {"ledger": ("below-quota", STAFF)}
