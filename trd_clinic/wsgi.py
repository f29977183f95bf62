import os

from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trd_clinic.settings")
application = get_wsgi_application()
# gunicorn runs no system checks: refuse to serve when one is an error (e.g. screening.E014, no
# SITE_URL with DEBUG off), as the settings already refuse a missing secret key.
call_command("check", fail_level="ERROR", verbosity=0)
