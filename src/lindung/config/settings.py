"""Django settings for Lindung.

Embedded SQLite (WAL) under ``var/`` by default; PostgreSQL through ``DATABASE_URL``. Secrets come from the
environment; the demo (``LINDUNG_ENV=demo``, the default) generates local ones under ``var/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import plotly
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import bootstrap as xstatic_bootstrap

from lindung.config.env import ConfigError, env_bool, env_list, env_str, local_secret

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("LINDUNG_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("LINDUNG_VAR_DIR", BASE_DIR / "var")).resolve()

LINDUNG_ENV = os.environ.get("LINDUNG_ENV", "demo")
if LINDUNG_ENV not in {"demo", "test", "production"}:
    raise ConfigError(f"LINDUNG_ENV={LINDUNG_ENV!r}: set it to demo, test or production.")
PRODUCTION = LINDUNG_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_str("LINDUNG_SECRET_KEY")
    LINDUNG_FIELD_KEYS = env_list("LINDUNG_FIELD_KEYS", [])
    LINDUNG_INDEX_KEY = env_str("LINDUNG_INDEX_KEY")
    if not LINDUNG_FIELD_KEYS:
        raise ConfigError("Set the environment variable LINDUNG_FIELD_KEYS (comma-separated Fernet keys).")
else:
    SECRET_KEY = os.environ.get("LINDUNG_SECRET_KEY") or local_secret(VAR_DIR, "SECRET_KEY", 50)
    LINDUNG_FIELD_KEYS = env_list("LINDUNG_FIELD_KEYS", [])
    LINDUNG_INDEX_KEY = os.environ.get("LINDUNG_INDEX_KEY") or local_secret(VAR_DIR, "INDEX_KEY")

DEBUG = env_bool("LINDUNG_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("LINDUNG_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("Set the environment variable LINDUNG_ALLOWED_HOSTS (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("LINDUNG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "lindung.web.apps.StaticFilesConfig",  # django.contrib.staticfiles without plotly's widget bundle
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "lindung.core",
    "lindung.registry",
    "lindung.partnership",
    "lindung.billing",
    "lindung.programmes",
    "lindung.coverage",
    "lindung.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lindung.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lindung.core.middleware.AuditActorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lindung.config.urls"
WSGI_APPLICATION = "lindung.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lindung.web.context_processors.shell",
            ],
        },
    }
]

_default_db = f"sqlite:///{VAR_DIR / 'lindung.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_db, conn_max_age=60)}
except ValueError as exc:  # pragma: no cover - exercised through the CLI
    raise ConfigError(
        f"DATABASE_URL is not a valid database URL ({exc}): e.g. postgresql://user@host:5432/lindung"
    ) from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with one feature narrowed for the partitioned invoice table (lindung.core.postgresql).
    DATABASES["default"]["ENGINE"] = "lindung.core.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LINDUNG_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "nik", "phone"]
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("bootstrap", xstatic_bootstrap.BASE_DIR),
    ("plotly", str(Path(plotly.__file__).parent / "package_data")),
]
# WhiteNoise serves STATIC_ROOT from the app: `collectstatic` writes each file under a content-hashed name with
# .br/.gz variants (plotly.min.js: 4.8 MB -> 1.1 MB brotli), and hashed names are sent with a ten-year
# `immutable` max-age. Only what collectstatic wrote is served, never the finders: `lindung demo` collects
# before it serves, and a bare `runserver` keeps Django's own static handler (uncompressed).
WHITENOISE_USE_FINDERS = False
_static_storage = "whitenoise.storage.CompressedManifestStaticFilesStorage"
if LINDUNG_ENV == "demo":  # gzip only: brotli would add most of a minute to the demo's first start
    _static_storage = "lindung.web.staticfiles.GzipManifestStaticFilesStorage"
if LINDUNG_ENV == "test":
    # No collectstatic in the test suite: plain storage renders pages without a manifest, and WhiteNoise looks
    # files up per request instead of indexing (and warning about) a STATIC_ROOT that does not exist.
    _static_storage = "django.contrib.staticfiles.storage.StaticFilesStorage"
    WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _static_storage},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
if os.environ.get("LINDUNG_TASKS_IMMEDIATE"):
    TASKS["default"] = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}

LINDUNG_REGION = os.environ.get("LINDUNG_REGION", "12.71")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("LINDUNG_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("LINDUNG_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"pii": {"()": "lindung.core.logging.PersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["pii"], "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LINDUNG_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # its INFO is one line per layout step of every PDF
        "fontTools": {"level": "WARNING"},
        # "Could not determine dtype for column N": an empty optional column, which the importer reads as text
        "fastexcel.types.dtype": {"level": "ERROR"},
    },
}
