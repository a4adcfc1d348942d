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
| ``SOCINV_SECURE_PROXY_SSL_HEADER`` | unset | ``HEADER,VALUE`` the TLS proxy sets, e.g. ``HTTP_X_FORWARDED_PROTO,https`` |
| ``SOCINV_SSL_REDIRECT`` | true in production | redirect http to https |
| ``SOCINV_HSTS_SECONDS`` | ``31536000`` in production, else 0 | Strict-Transport-Security max-age |
| ``SOCINV_HSTS_INCLUDE_SUBDOMAINS`` / ``SOCINV_HSTS_PRELOAD`` | true in production / false | the HSTS flags |
| ``SOCINV_PROXY_COUNT`` | unset | proxies in front: the login throttle reads the client from X-Forwarded-For |
| ``SOCINV_LOGIN_FAILURE_LIMIT`` / ``SOCINV_LOGIN_COOLOFF_MINUTES`` | 10 / 15 | the login throttle |
| ``SOCINV_LOG_FORMAT`` | ``json`` in production, else ``text`` | ``json``: one JSON object a line on standard error |
| ``SOCINV_LOG_LEVEL`` | ``INFO`` | socinv's, Django's and gunicorn's loggers (other libraries: WARNING) |
| ``SESSION_COOKIE_SECURE`` / ``CSRF_COOKIE_SECURE`` | true when ``DEBUG`` is off | cookies only over HTTPS |
| ``EMAIL_HOST`` … ``DEFAULT_FROM_EMAIL`` | the console | SMTP for the decisions sent to applicants |
| ``SOCINV_MAX_ATTACHMENT_BYTES`` | 10 MiB | the largest attachment |

| ``SOCINV_OIDC_ISSUER`` … | unset | single sign-on (see the section at the end and the README) |
| ``SOCINV_LOCAL_LOGIN`` / ``SOCINV_BREAK_GLASS_USER`` | true / unset | password login off but for one user |

``socinv serve --production`` (gunicorn) reads ``SOCINV_WORKERS``, ``SOCINV_THREADS`` and
``SOCINV_TIMEOUT`` (see ``socinv.site.production``).

DEBUG defaults to *on* so that ``socinv serve`` works on a fresh checkout without any
configuration; a deployment sets ``SOCINV_ENV=production`` (DEBUG off, SECRET_KEY required).

SQLite runs in WAL mode with ``BEGIN IMMEDIATE`` transactions, so that a writer takes the
write lock at the start of ``transaction.atomic`` rather than failing half-way through.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from socinv.site import logs

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
    "axes",  # throttled login (issue 11): failed attempts per user name and address
    "csp",
    "ninja",  # serves the API docs page's Swagger UI from its own static files, not a CDN
    "socinv.web",
    "socinv.organisation",
    "socinv.accounts",
    "socinv.fund",
    "socinv.projects",
    "socinv.catalogue",
    "socinv.applications",
    "socinv.calculation",
    "socinv.review",
    "socinv.followup",
    "socinv.phases",
    "socinv.evaluation",
    "socinv.savings",
    "socinv.scaleup",
    "socinv.frames",
    "socinv.actuals",
    "socinv.projection",
    "socinv.overview",
    "socinv.reports",
    "socinv.audit",
    "socinv.api",
    "socinv.demo",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt (the right password too) while a lockout lasts.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's password check, unless SOCINV_LOCAL_LOGIN is off (then the break-glass
    # administrator only); single sign-on adds its backend below.
    "socinv.accounts.backends.PasswordBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

MIDDLEWARE = [
    # First: /healthz answers before the host check, sessions and the login (see its module).
    "socinv.site.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
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
    # Last: turns a lockout flagged during the request into the 429 page (or JSON for the API).
    "axes.middleware.AxesMiddleware",
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

# Throttled login (django-axes) -------------------------------------------------------
# After AXES_FAILURE_LIMIT failed attempts for one user name from one address, every attempt
# (the right password too) is answered 429 until AXES_COOLOFF_TIME has passed since the last
# failure; ``socinv unlock USERNAME`` or the admin's "Access attempts" lifts it. The API
# counts bad tokens the same way under the pseudo user name ``<api-token>`` per address.
AXES_FAILURE_LIMIT = int(os.environ.get("SOCINV_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("SOCINV_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "socinv.accounts.lockout.lockout_response"
AXES_WHITELIST_CALLABLE = "socinv.accounts.lockout.is_single_sign_on"
# An attempt while locked out does not push the end of the lockout further away, so the
# time the page names holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# No log of successful logins (user names, addresses, user agents, kept forever): the
# throttle needs only the failures, which expire with the cool-off; who changed what is in
# the audit trail already.
AXES_DISABLE_ACCESS_LOG = True
# Behind a reverse proxy the client's address is the proxy's unless the proxy's header is
# trusted: SOCINV_PROXY_COUNT=1 reads the last address the one proxy appended to
# X-Forwarded-For (a client cannot forge that one).
if os.environ.get("SOCINV_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["SOCINV_PROXY_COUNT"])
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Browser hardening -------------------------------------------------------------------
# A Content-Security-Policy on every response: scripts and styles only from our own static
# files (no inline script or style, no eval); the charts are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# TLS: a deployment behind a proxy that ends TLS names the proxy's header, e.g.
# SOCINV_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (only when the proxy always
# sets it: otherwise a client could claim https).
_proxy_header = _env_list("SOCINV_SECURE_PROXY_SSL_HEADER", [])
if _proxy_header:
    if len(_proxy_header) != 2:
        raise ImproperlyConfigured(
            "SOCINV_SECURE_PROXY_SSL_HEADER must be HEADER,VALUE, e.g. HTTP_X_FORWARDED_PROTO,https"
        )
    SECURE_PROXY_SSL_HEADER = (_proxy_header[0], _proxy_header[1])
SECURE_SSL_REDIRECT = _env_bool("SOCINV_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SOCINV_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SOCINV_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = _env_bool("SOCINV_HSTS_PRELOAD", default=False)
# Browsers' HSTS preload list takes whole registrable domains (kommun.se, not
# socinv.kommun.se): asking for it is the domain owner's decision, not this application's,
# so check --deploy does not warn that preload is off (security.W021).
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Logging -----------------------------------------------------------------------------
# JSON lines on standard error in production (the journal keeps them), text in development.
_log_format = os.environ.get("SOCINV_LOG_FORMAT", "json" if PRODUCTION else "text").strip().lower()
if _log_format not in ("json", "text"):
    raise ImproperlyConfigured(f"SOCINV_LOG_FORMAT must be json or text, got {_log_format!r}")
LOGGING = logs.config(
    json_lines=_log_format == "json",
    level=os.environ.get("SOCINV_LOG_LEVEL", "INFO").strip().upper(),
)

# Single sign-on (OpenID Connect, mozilla-django-oidc) --------------------------------
# On when SOCINV_OIDC_ISSUER is set; the endpoints come from the issuer's discovery
# document (socinv.accounts.oidc). Roles from the groups claim, mapped per organisation
# in the admin (socinv.accounts.models.GroupRole).
SOCINV_OIDC_ISSUER = os.environ.get("SOCINV_OIDC_ISSUER", "").strip().rstrip("/")
SOCINV_SSO = bool(SOCINV_OIDC_ISSUER)
SOCINV_OIDC_GROUPS_CLAIM = os.environ.get("SOCINV_OIDC_GROUPS_CLAIM", "groups").strip()
SOCINV_OIDC_USERNAME_CLAIM = os.environ.get(
    "SOCINV_OIDC_USERNAME_CLAIM", "preferred_username"
).strip()
# whom a user with no role should ask (the refusal page also names the administrators)
SOCINV_OIDC_CONTACT = os.environ.get("SOCINV_OIDC_CONTACT", "").strip()
SOCINV_LOCAL_LOGIN = _env_bool("SOCINV_LOCAL_LOGIN", default=True)
SOCINV_BREAK_GLASS_USER = os.environ.get("SOCINV_BREAK_GLASS_USER", "").strip()
OIDC_TIMEOUT = int(os.environ.get("SOCINV_OIDC_TIMEOUT", "10"))
if SOCINV_SSO:
    OIDC_RP_CLIENT_ID = os.environ.get("SOCINV_OIDC_CLIENT_ID", "").strip()
    OIDC_RP_CLIENT_SECRET = os.environ.get("SOCINV_OIDC_CLIENT_SECRET", "")
    if not OIDC_RP_CLIENT_ID or not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured(
            "SOCINV_OIDC_ISSUER is set: SOCINV_OIDC_CLIENT_ID and SOCINV_OIDC_CLIENT_SECRET "
            "must be set too"
        )
    OIDC_RP_SIGN_ALGO = os.environ.get("SOCINV_OIDC_SIGN_ALGO", "RS256").strip()
    OIDC_RP_SCOPES = os.environ.get("SOCINV_OIDC_SCOPES", "openid email profile").strip()
    OIDC_USE_PKCE = True
    OIDC_STORE_ID_TOKEN = True  # the hint for the provider's logout
    OIDC_CALLBACK_CLASS = "socinv.accounts.oidc.CallbackView"
    OIDC_AUTHENTICATE_CLASS = "socinv.accounts.oidc.AuthenticateView"
    AUTHENTICATION_BACKENDS.append("socinv.accounts.oidc.SocinvOIDCBackend")
    # the logout form's redirect to the provider's end of session
    from urllib.parse import urlsplit as _urlsplit

    _issuer = _urlsplit(SOCINV_OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_issuer.scheme}://{_issuer.netloc}"
    )
elif not SOCINV_LOCAL_LOGIN:
    raise ImproperlyConfigured("SOCINV_LOCAL_LOGIN=false needs single sign-on (SOCINV_OIDC_ISSUER)")
