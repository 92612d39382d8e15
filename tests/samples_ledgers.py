"""Walker samples for the ledger URLs: the import job page (`/ledgers/import/<job_id>/`) and the API's
fallback for an unknown ledger (`/api/v1/ledgers/{ledger}`)."""

from minorworks.ledgers.models import ImportJob


def samples(world, request) -> dict[str, tuple[object, set[str]]]:
    """A finished import job of street A's officer (only its owner sees it), and a ledger name that
    no ledger has (the fallback answers 404 to everyone; the real ledgers have their own routes)."""
    request.getfixturevalue("project_a")
    job = ImportJob.objects.create(
        created_by=world.street_a_officer, original_name="样例.xlsx", size=1, status=ImportJob.Status.DONE
    )
    return {"job_id": (job.pk, {"street_a_officer"}), "ledger": ("no-such-ledger", set())}
