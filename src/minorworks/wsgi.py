"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from minorworks.core.gc_tuning import freeze_after_first_request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minorworks.settings")
application = freeze_after_first_request(get_wsgi_application())
