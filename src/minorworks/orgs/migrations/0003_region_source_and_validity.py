"""Regions say where they come from (source, as of) and since when they are no longer official."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0002_encrypt_personal_numbers'),
    ]

    operations = [
        migrations.AddField(
            model_name='region',
            name='as_of',
            field=models.DateField(blank=True, help_text='The date the source describes.', null=True, verbose_name='as of'),
        ),
        migrations.AddField(
            model_name='region',
            name='retired_on',
            field=models.DateField(blank=True, help_text='From this date the region is no longer official: kept for old records, not offered.', null=True, verbose_name='retired on'),
        ),
        migrations.AddField(
            model_name='region',
            name='source',
            field=models.CharField(blank=True, help_text='The official data this region is taken from.', max_length=200, verbose_name='source'),
        ),
    ]
