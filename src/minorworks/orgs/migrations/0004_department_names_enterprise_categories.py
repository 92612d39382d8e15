"""Departments: full and short names, source; the categories of units whose projects they see."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0003_region_source_and_validity'),
    ]

    operations = [
        migrations.AddField(
            model_name='department',
            name='as_of',
            field=models.DateField(blank=True, null=True, verbose_name='as of'),
        ),
        migrations.AddField(
            model_name='department',
            name='enterprise_categories',
            field=models.JSONField(blank=True, default=list, help_text='The department also sees the projects built by units of these categories, or hosted by them (e.g. the health commission: medical institutions).', verbose_name='categories of units'),
        ),
        migrations.AddField(
            model_name='department',
            name='short_name',
            field=models.CharField(blank=True, max_length=32, verbose_name='short name'),
        ),
        migrations.AddField(
            model_name='department',
            name='source',
            field=models.CharField(blank=True, max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='enterprise',
            name='category',
            field=models.CharField(blank=True, choices=[('district_soe', 'State-owned enterprise of the district'), ('medical', 'Medical institution'), ('school', 'School or kindergarten')], db_index=True, help_text='Set by the district: the departments that supervise units of this category see its projects.', max_length=16, verbose_name='category'),
        ),
        migrations.AlterField(
            model_name='department',
            name='name',
            field=models.CharField(help_text='The full name, as documents must write it.', max_length=64, verbose_name='name'),
        ),
    ]
