"""The HTTP API (django-ninja), one router per domain."""
