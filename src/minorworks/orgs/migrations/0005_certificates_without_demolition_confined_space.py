"""There is no national special-operation certificate for demolition or confined-space work.

Certificates recorded under those two former kinds become training records (the kind ``training``), since what
a worker can show for such work is training. Each changed row gets an audit entry saying what it was, so the
trail stays readable; reversing the migration restores the kinds from those entries.
"""

from django.db import migrations, models

ACTION = "certificate.reclassify"
FORMER = {"confined_space": "有限空间作业", "demolition": "拆除作业"}
NOTE = (
    "《特种作业目录》与建质〔2008〕75号均无拆除、有限空间作业的特种作业操作证；原记录改为安全培训记录，"
    "由审核人核对审批（方案）和培训材料。"
)


def reclassify(apps, schema_editor):
    Certificate = apps.get_model("orgs", "Certificate")
    AuditEntry = apps.get_model("core", "AuditEntry")
    for cert in Certificate.objects.filter(kind__in=list(FORMER)).select_related("person").order_by("pk"):
        before = {"kind": cert.kind, "kind_label": FORMER[cert.kind], "number": cert.number}
        cert.kind = "training"
        cert.save(update_fields=["kind"])
        AuditEntry.objects.create(
            actor=None,
            actor_label="system",
            action=ACTION,
            object_type="orgs.certificate",
            object_id=str(cert.pk),
            object_repr=f"{cert.person.name} {cert.number}"[:200],
            before=before,
            after={"kind": "training", "kind_label": "安全培训记录", "number": cert.number},
            note=NOTE,
            channel="system",
        )


def restore(apps, schema_editor):
    Certificate = apps.get_model("orgs", "Certificate")
    AuditEntry = apps.get_model("core", "AuditEntry")
    for entry in AuditEntry.objects.filter(action=ACTION, object_type="orgs.certificate"):
        Certificate.objects.filter(pk=int(entry.object_id), kind="training").update(kind=entry.before["kind"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_sequence"),
        ("orgs", "0004_department_names_enterprise_categories"),
    ]

    operations = [
        migrations.AlterField(
            model_name='certificate',
            name='kind',
            field=models.CharField(choices=[('electrician', 'Electrician (electrical work or construction electrician)'), ('welder', 'Welding and hot cutting'), ('height_rigging', 'Erection at height (scaffolds and spanning frames)'), ('height', 'Installation, maintenance and dismantling at height'), ('scaffolder', 'Construction scaffolder'), ('lifting', 'Crane operator'), ('rigger', 'Lifting signaller and rigger'), ('crane_installer', 'Crane installer and dismantler'), ('gondola_installer', 'Suspended platform installer and dismantler'), ('training', 'Safety training record (not a special-operation certificate)')], max_length=32, verbose_name='kind'),
        ),
        migrations.RunPython(reclassify, restore),
    ]
