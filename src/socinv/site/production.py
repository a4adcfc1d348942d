"""``socinv serve --production``: socinv under gunicorn (a pre-forking WSGI server), for a
deployment behind a reverse proxy (see ``deploy/``).

| variable | default | meaning |
|---|---|---|
| ``SOCINV_WORKERS`` | 2 × cores + 1, at most 9 | worker processes (``--workers`` wins) |
| ``SOCINV_THREADS`` | 4 | threads per worker (``--threads`` wins) |
| ``SOCINV_TIMEOUT`` | 120 | seconds a request may take before its worker is restarted (a PDF report) |
| ``SOCINV_MAX_REQUESTS`` | 2000 | a worker is replaced after this many requests (0: never) |

Workers are gthread workers: each serves ``threads`` requests at once. gunicorn's own
logs (its start, each worker, each request) are written with the same configuration as
Django's (``socinv.site.logs``): JSON lines on standard error in production. Gunicorn trusts
``X-Forwarded-*`` only from 127.0.0.1 (its ``forwarded_allow_ips`` default), where the
proxy is.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured
from gunicorn.app.base import BaseApplication


def _env_count(name: str, default: int, *, least: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if value < least:
        raise ImproperlyConfigured(f"{name} must be at least {least}, got {value}")
    return value


def default_workers() -> int:
    """gunicorn's rule of thumb, 2 × cores + 1, bounded for a small shared host."""
    return min(2 * (os.cpu_count() or 1) + 1, 9)


def options(*, host: str, port: int, workers: int | None, threads: int | None) -> dict:
    """gunicorn's settings for socinv (the log configuration from Django's settings)."""
    from django.conf import settings

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "bind": [bind],
        "workers": workers or _env_count("SOCINV_WORKERS", default_workers()),
        "worker_class": "gthread",
        "threads": threads or _env_count("SOCINV_THREADS", 4),
        "timeout": _env_count("SOCINV_TIMEOUT", 120),
        "graceful_timeout": 30,
        "max_requests": _env_count("SOCINV_MAX_REQUESTS", 2000, least=0),
        "max_requests_jitter": 100,
        "proc_name": "socinv",
        # no gunicornc control socket (one path per user: two servers would share it);
        # the signals do the same (HUP: new workers, TERM: a graceful stop, TTIN/TTOU: ±1)
        "control_socket_disable": True,
        "logconfig_dict": settings.LOGGING,
        "loglevel": os.environ.get("SOCINV_LOG_LEVEL", "INFO").strip().lower(),
        # the access log goes through the logging configuration above (JSON in production)
        "accesslog": None,
        "errorlog": "-",
    }


class SocinvServer(BaseApplication):
    def __init__(self, settings: dict):
        self._settings = settings
        super().__init__(prog="socinv serve --production")

    def load_config(self):
        for key, value in self._settings.items():
            self.cfg.set(key, value)

    def load(self):
        from socinv.site.wsgi import application

        return application


def serve(*, host: str, port: int, workers: int | None = None, threads: int | None = None):
    """Run gunicorn in this process until it is stopped (SIGTERM: a graceful stop, SIGHUP:
    new workers with the new code, e.g. after an upgrade)."""
    SocinvServer(options(host=host, port=port, workers=workers, threads=threads)).run()
