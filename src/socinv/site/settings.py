"""Django settings, read from environment variables.

| variable | default | meaning |
|---|---|---|
| ``SOCINV_ENV`` | ``development`` | ``production`` turns the development defaults off |
| ``DEBUG`` | true in development, false in production | ``1/true/yes/on`` or ``0/false/no/off`` |
| ``SECRET_KEY`` | a fixed development key, only when ``DEBUG`` is on | required otherwise |
| ``ALLOWED_HOSTS`` | ``localhost,127.0.0.1,[::1]`` (+ ``testserver``) | comma-separated |
| ``SOCINV_DATA_DIR`` | ``./data`` (relative to the working directory) | created if missing |
| ``DATABASE_URL`` | ``sqlite:///$SOCINV_DATA_DIR/socinv.sqlite3`` | e.g. ``postgres://user@host:5432/db`` |
| ``SOCINV_TEST_POSTGRES`` | unset | ``1``: with no ``DATABASE_URL``, use the local PostgreSQL test server |
| ``SOCINV_STRICT_HOOKS`` | ``DEBUG`` (on in the tests) | a hooked-in part that raises (a report section) fails the whole page |

DEBUG defaults to *on* so that ``socinv serve`` works on a fresh checkout without any
configuration; a deployment sets ``SOCINV_ENV=production`` (DEBUG off, SECRET_KEY required).

SQLite runs in WAL mode with ``BEGIN IMMEDIATE`` transactions, so that a writer takes the
write lock at the start of ``transaction.atomic`` rather than failing half-way through.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

# The local PostgreSQL server the test suite uses with SOCINV_TEST_POSTGRES=1 (trust auth);
# pytest-django creates and drops the database ``test_socinv`` on it.
TEST_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/socinv"


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SOCINV_ENV = os.environ.get("SOCINV_ENV", "development").strip().lower()
PRODUCTION = SOCINV_ENV == "production"

DEBUG = _env_bool("DEBUG", default=not PRODUCTION)
# A hooked-in part that raises (a section of the follow-up report) is a bug: strict, it
# fails the whole page (development, and the tests, which set it); otherwise the page stands
# with a note in its place and the error is logged (production).
SOCINV_STRICT_HOOKS = _env_bool("SOCINV_STRICT_HOOKS", default=DEBUG)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-socinv-development-only-never-use-in-production"

ALLOWED_HOSTS = _env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)

# Database ----------------------------------------------------------------------------

DATA_DIR = Path(os.environ.get("SOCINV_DATA_DIR", "data")).resolve()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    if _env_bool("SOCINV_TEST_POSTGRES", default=False):
        return TEST_POSTGRES_URL
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DATA_DIR / 'socinv.sqlite3'}"


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # Take the write lock when the transaction starts (no SQLITE_BUSY half-way
            # through an atomic block); WAL lets readers go on while one writer writes.
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
            **config.get("OPTIONS", {}),
        }
    return config


DATABASES = {"default": _database(_database_url())}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Application -------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules",
    "simple_history",
    "ninja",  # serves the API docs page's Swagger UI from its own static files, not a CDN
    "socinv.web",
    "socinv.organisation",
    "socinv.accounts",
    "socinv.fund",
    "socinv.projects",
    "socinv.applications",
    "socinv.calculation",
    "socinv.review",
    "socinv.followup",
    "socinv.phases",
    "socinv.evaluation",
    "socinv.savings",
    "socinv.scaleup",
    "socinv.reports",
    "socinv.audit",
    "socinv.api",
    "socinv.demo",
]

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "socinv.site.middleware.SwedishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The audit trail: who made each change (simple-history reads the request's user).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "socinv.site.urls"
WSGI_APPLICATION = "socinv.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "socinv.site.context.navigation",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# E-mail (decisions are sent to applicants): the console in development, SMTP when
# EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "socinv@localhost")

# Uploaded attachments (PDF, xlsx) live in the data directory.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
SOCINV_MAX_ATTACHMENT_BYTES = int(os.environ.get("SOCINV_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))

# Language and time -------------------------------------------------------------------

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing root
# whitenoise serves the static files (vendored htmx, CSS) from the app directories as well,
# so `socinv serve` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [Path(__file__).resolve().parent / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if not DEBUG:
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", default=True)
