"""Audit entries belong to a district (so a district administrator reads only theirs) and keep the actor's
name and unit; existing rows are attributed from their record, else from the actor."""

import django.db.models.deletion
from django.db import migrations, models

SCOPE_LABEL_ORDER = ("community", "street", "department", "enterprise", "district")


def _model(apps, *labels):
    """The first of ``labels`` the migration state knows (leads moved from projects to their own app)."""
    for label in labels:
        try:
            return apps.get_model(*label.split("."))
        except LookupError:
            continue
    raise LookupError(labels)


def attribute_existing(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    Project = apps.get_model("projects", "Project")
    Lead = _model(apps, "leads.Lead", "projects.Lead")
    ScopeRule = _model(apps, "scoperules.ScopeRule", "projects.ScopeRule")
    Region = apps.get_model("orgs", "Region")
    User = apps.get_model("accounts", "User")

    def district_of_region(region_id):
        node = Region.objects.filter(pk=region_id).first()
        while node is not None and node.level not in ("district", "city"):
            node = Region.objects.filter(pk=node.parent_id).first()
        return node.pk if node is not None and node.level == "district" else None

    def rule_district(pk):
        return district_of_region(ScopeRule.objects.filter(pk=pk).values_list("jurisdiction_id", flat=True).first())

    by_type = {
        "projects.project": lambda pk: Project.objects.filter(pk=pk).values_list("district_id", flat=True).first(),
        "projects.lead": lambda pk: Lead.objects.filter(pk=pk).values_list("district_id", flat=True).first(),
        "leads.lead": lambda pk: Lead.objects.filter(pk=pk).values_list("district_id", flat=True).first(),
        "projects.scoperule": rule_district,
        "scoperules.scoperule": rule_district,
    }
    users = {}
    for entry in AuditEntry.objects.all().iterator():
        district_id = None
        lookup = by_type.get(entry.object_type)
        if lookup is not None and str(entry.object_id).isdigit():
            district_id = lookup(int(entry.object_id))
        actor = None
        if entry.actor_id:
            actor = users.get(entry.actor_id) or User.objects.filter(pk=entry.actor_id).first()
            users[entry.actor_id] = actor
        if district_id is None and actor is not None:
            district_id = actor.district_id
        label, unit = entry.actor_label, ""
        if actor is not None:
            label = actor.display_name or actor.username
            for name in SCOPE_LABEL_ORDER:
                related = getattr(actor, name, None)
                if related is not None:
                    unit = related.name
                    break
        AuditEntry.objects.filter(pk=entry.pk).update(district_id=district_id, actor_label=label, actor_unit=unit)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_issued_documents"),
        ("orgs", "0001_initial"),
        ("projects", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="actor_unit",
            field=models.CharField(blank=True, max_length=128, verbose_name="unit"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="district",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.region",
                verbose_name="district",
            ),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["district", "-at", "-id"], name="audit_district_recent"),
        ),
        migrations.RunPython(attribute_existing, migrations.RunPython.noop),
    ]
