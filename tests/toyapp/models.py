"""A permit-like record with a status, in a street, owned by an enterprise."""

from django.db import models

from minorworks.core.jurisdiction import ScopePaths


class Permit(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "open"
        APPROVED = "approved", "approved"
        CLOSED = "closed", "closed"

    scope_paths = ScopePaths(community=None, owners=("owner",))

    title = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    district = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey("orgs.Enterprise", null=True, on_delete=models.PROTECT, related_name="+")
    approved_note = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title
