"""WSGI entry point (``socinv.site.wsgi:application``) for waitress or gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socinv.site.settings")

application = get_wsgi_application()
