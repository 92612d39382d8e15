"""``minorworks manage open311_key NAME [--district CODE]``: issue an Open311 API key and print it once."""

from django.core.management.base import BaseCommand, CommandError

from minorworks.orgs.models import Region
from minorworks.reports.intake import default_district
from minorworks.reports.keys import issue_key


class Command(BaseCommand):
    help = "Issue an Open311 API key for a client; the key is printed once and stored only as a hash."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the client's name")
        parser.add_argument("--district", default="", help="district code (default: the reports' district)")

    def handle(self, *args, **options):
        code = options["district"]
        district = (
            Region.objects.filter(code=code, level=Region.Level.DISTRICT).first()
            if code
            else default_district()
        )
        if district is None:
            raise CommandError(f"no district with code {code}")
        _key, raw = issue_key(actor="manage open311_key", name=options["name"], district=district)
        self.stdout.write(raw)
