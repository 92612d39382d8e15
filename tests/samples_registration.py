"""Samples for the registration URLs with parameters: an attachment of project_a and a lead in community A."""

from __future__ import annotations

from django.core.files.base import ContentFile

from minorworks.leads.models import Lead
from minorworks.projects.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def samples(world, request) -> dict:
    """attachment_id → project_a's file (same people as the project); lead_id → a lead in community A."""
    project = request.getfixturevalue("project_a")
    attachment = Attachment.objects.create(
        project=project,
        kind=Attachment.Kind.CONTRACT,
        file=ContentFile(PDF, name="sample.pdf"),
        original_name="合同.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=world.builder,
    )
    lead = Lead.objects.create(
        district=world.district,
        street=world.street_a,
        community=world.community_a,
        address="和平里北街1号",
        found_by=world.grid_worker,
    )
    in_scope = {"district_admin", "street_a_officer", "dept_officer", "grid_worker", "builder"}
    return {
        "attachment_id": (attachment.pk, in_scope),
        "lead_id": (lead.pk, {"district_admin", "street_a_officer", "grid_worker"}),
    }
