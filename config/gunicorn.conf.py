"""Gunicorn's configuration for coopdec: ``gunicorn -c config/gunicorn.conf.py`` (docs/operations.md).

Each value can be changed from the environment (listed in .env.example; empty means the default). Logs are JSON
lines: the access log on stdout, gunicorn's own messages on stderr, read as they are by journald or a log shipper.
"""

import multiprocessing
import os

from coopdec.lib.jsonlog import AccessJsonFormatter, JsonFormatter

# Behind the HTTPS proxy on the same machine: loopback only unless told otherwise.
bind = os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"
# Synchronous workers; 2 × CPU + 1 is gunicorn's own advice. Each worker holds its copy of the atlas search index
# (docs/benchmarks.md): on a small machine with a large atlas, set WEB_CONCURRENCY lower.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# A request that takes longer than this is killed (the worker restarted); long jobs belong to the task queue.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT") or 30)
# X-Forwarded-Proto is trusted from the proxy on loopback only (Django's SECURE_PROXY_SSL_HEADER reads it).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"
proc_name = "coopdec-web"
# No gunicornc control socket: its default path ($HOME/.gunicorn/gunicorn.ctl) is shared by every instance.
control_socket_disable = True
wsgi_app = "config.wsgi:application"

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": JsonFormatter}, "access": {"()": AccessJsonFormatter}},
    "handlers": {
        "error_console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "console": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": ["error_console"]},
}
