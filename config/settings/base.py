"""Settings shared by every environment; each value is read from the environment (see .env.example)."""

from pathlib import Path
from typing import Any

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def env_path(name: str, default: Path) -> Path:
    """A directory from the environment; unset or empty (as in .env.example) means ``default``."""
    return Path(env.str(name, default="") or default)


SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "coopdec.lib",
    "coopdec.lib.queue",
    "coopdec.territories",
    "coopdec.themes",
    "coopdec.organizations",
    "coopdec.accounts",
    "coopdec.partnerships",
    "coopdec.projects",
    "coopdec.funding",
    "coopdec.matchmaking",
    "coopdec.workspace",
    "coopdec.atlas",
    "coopdec.interop",
    "coopdec.declarations",
    "coopdec.calls",
    "coopdec.api",
    "coopdec.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "coopdec.api.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records who made each change in the history of partnerships, projects and funding lines.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "coopdec" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes and workers write at once: WAL lets readers go on while one writes; a writer
    # waits up to the busy timeout for the lock; and transactions begin IMMEDIATE, taking the write lock at
    # BEGIN: a transaction that read first and then writes can otherwise fail at once with "database is locked"
    # (SQLite cannot wait to upgrade a read lock). Tested in tests/operations/test_sqlite_concurrency.py.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Workers' heartbeats and tasks' progress are written through a second connection, outside the transaction a task
# runs in, so that every process reads them while it runs (coopdec/lib/queue/routers.py): on PostgreSQL to the
# same database, on SQLite (one writer at a time) to a small database file of its own beside the main one.
DATABASES["live"] = {**DATABASES["default"], "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {}))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["live"]["NAME"] = f"{DATABASES['default']['NAME']}-live"
else:
    DATABASES["live"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["coopdec.lib.queue.routers.LiveRouter"]
TASKS_LIVE_DATABASE = env.str("TASKS_LIVE_DATABASE", default="live")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Throttled login: five failures lock the account/address pair for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"  # a page that says what happened and what to do

LANGUAGE_CODE = "fr"
# Formats that complete Django's own for a language (config/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "coopdec" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_path("STATIC_ROOT", BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "coopdec" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded documents live outside the web root and are served only through permission checks.
MEDIA_ROOT = env_path("PRIVATE_MEDIA_ROOT", BASE_DIR / "private")
MEDIA_URL = "/documents/"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Largest document accepted (bytes); its type is checked by content (coopdec/lib/uploads.py).
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
# IATI files of this size or more are read by a second process while the import writes (interop/iati/pipeline.py);
# set it very high where sys.executable is not a Python interpreter (e.g. under uwsgi). Smaller files are read
# in-process: starting the reading process costs more than the overlap saves (break-even about 8 MB,
# docs/benchmarks.md).
IATI_IMPORT_PIPELINE_MIN_BYTES = env.int("IATI_IMPORT_PIPELINE_MIN_BYTES", default=8 * 1024 * 1024)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="coopdec <no-reply@localhost>")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy: everything is served from this site (no CDN, no inline script);
# map tiles are the one outside source, and only when a tile server is configured.
TILE_SERVER = env.str("TILE_SERVER", default="")
_tile_origin = [TILE_SERVER.split("/{", 1)[0]] if TILE_SERVER else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *_tile_origin],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

# The platform's own address, for the links of e-mails sent outside any request (no trailing slash).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Background work: the tasks framework (django-tasks, the backport of Django 6's django.tasks) on its database
# backend, run by workers (docs/operations.md). Tests run every task at once (config/settings/test.py).
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Workers (manage.py worker): a heartbeat every TASKS_HEARTBEAT_SECONDS; a running task whose worker has not
# beaten for TASKS_STALE_AFTER_SECONDS is run again, up to TASKS_MAX_ATTEMPTS attempts in all, then marked failed.
TASKS_HEARTBEAT_SECONDS = env.float("TASKS_HEARTBEAT_SECONDS", default=5)
TASKS_STALE_AFTER_SECONDS = env.float("TASKS_STALE_AFTER_SECONDS", default=60)
TASKS_MAX_ATTEMPTS = env.int("TASKS_MAX_ATTEMPTS", default=2)
# Finished task results, scheduled runs and stale uploads are purged after this many days (a periodic task).
TASKS_RETENTION_DAYS = env.int("TASKS_RETENTION_DAYS", default=14)

# Atlas search: the shared copy of the index's arrays, one per machine, memory-mapped by every server process
# (docs/atlas.md), and how many seconds a process may answer from the previous copy after a write while a
# worker builds the next one (beyond that, with no worker running, the process brings it up to date itself).
SEARCH_INDEX_DIR = env_path("SEARCH_INDEX_DIR", BASE_DIR / "var" / "search-index")
SEARCH_INDEX_LAG = env.float("SEARCH_INDEX_LAG", default=2.0)

# IATI: the official material (schemas, codelists; ../shared/iati beside the repository by default) and the
# largest file the coordinators' upload accepts.
IATI_MATERIAL_DIR = env_path("IATI_MATERIAL_DIR", BASE_DIR.parent / "shared" / "iati")
MAX_IATI_UPLOAD_SIZE = env.int("MAX_IATI_UPLOAD_SIZE", default=200 * 1024 * 1024)

# Matchmaking: the sentence embedder (a dotted path to an Embedder class, see docs/matchmaking.md) and where
# the embeddings of the NACE titles are cached (the system's temporary directory when empty).
MATCHMAKING_EMBEDDER = env.str("MATCHMAKING_EMBEDDER", default="coopdec.matchmaking.embedding.UniversalSentenceEncoder")
MATCHMAKING_CACHE_DIR = env.str("MATCHMAKING_CACHE_DIR", default="")
# A published profile e-mails the owners of the profiles it matches with at least this score (0–1).
MATCHMAKING_NOTIFY_THRESHOLD = env.float("MATCHMAKING_NOTIFY_THRESHOLD", default=0.5)
# Threads the sentence embedder computes with.
MATCHMAKING_EMBEDDER_THREADS = env.int("MATCHMAKING_EMBEDDER_THREADS", default=2)
