"""WSGI entry point; production sets DJANGO_SETTINGS_MODULE=config.settings.prod."""

import os

from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()
# Import every view now rather than in the first request, which would pay seconds for it (gunicorn loads this
# module once before starting its workers: config/gunicorn.conf.py, preload_app). No connection is kept open
# across the fork.
get_resolver().url_patterns  # noqa: B018
connections.close_all()
