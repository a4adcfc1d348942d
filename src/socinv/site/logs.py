"""Logging: JSON lines in production (python-json-logger), plain text in development.

One configuration for Django's loggers (``settings.LOGGING``) and for gunicorn's own
(``socinv serve --production`` hands the same dict to gunicorn), so that every line a
production server writes to standard error is one JSON object:

    {"level": "INFO", "logger": "gunicorn.access", "message": "GET /login/ 200",
     "time": "2026-12-03T14:01:02.345678+00:00", "remote": "127.0.0.1", "method": "GET", "path": "/login/",
     "status": 200, "bytes": 2931, "duration_ms": 12.4, "user_agent": "..."}

systemd's journal (see ``deploy/socinv.service``) keeps standard error; ``journalctl -u
socinv -o cat | jq`` reads it back. The request's query string is never logged (it may hold
a one-time code), nor any cookie or header other than the user agent.
"""

from __future__ import annotations

import logging

# Django's request loggers put the request object and its socket on the record: not for a log line.
_NOT_LOGGED = ["request", "server_time", "socket"]

# gunicorn's access atoms (see gunicorn.glogging.Logger.atoms) kept as fields of the line.
_ACCESS_FIELDS = {"h": "remote", "m": "method", "U": "path", "s": "status", "b": "bytes"}


class AccessFields(logging.Filter):
    """Turn gunicorn's access record (its message a format, its args the atoms) into fields:
    who, what, the status, the size and the time taken; the message a short summary."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, dict) else None
        if atoms is None:
            return True
        for atom, name in _ACCESS_FIELDS.items():
            value = atoms.get(atom)
            if name in ("status", "bytes"):
                value = int(value) if str(value).isdigit() else None
            setattr(record, name, value)
        # D: the request's time in microseconds
        micros = atoms.get("D")
        record.duration_ms = round(int(micros) / 1000, 1) if str(micros).isdigit() else None
        record.user_agent = atoms.get("a") or ""
        record.msg = "%s %s %s"
        record.args = (atoms.get("m"), atoms.get("U"), atoms.get("s"))
        return True


def config(*, json_lines: bool, level: str = "INFO") -> dict:
    """A ``logging.config.dictConfig`` dict: everything to standard error, at ``level`` (the
    libraries' own chatter at WARNING), as JSON lines or as text."""
    if json_lines:
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{levelname}{name}{message}",
            "style": "{",
            # ISO 8601 in UTC
            "timestamp": "time",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "reserved_attrs": [*_reserved(), *_NOT_LOGGED],
        }
    else:
        formatter = {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "socinv",
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        # gunicorn's loggers exist before Django configures its own: keep them going
        "disable_existing_loggers": False,
        "formatters": {"socinv": formatter},
        "filters": {"access_fields": {"()": "socinv.site.logs.AccessFields"}},
        "handlers": {
            "stderr": handler,
            "access": {**handler, "filters": ["access_fields"]},
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            "socinv": {"handlers": ["stderr"], "level": level, "propagate": False},
            "django": {"handlers": ["stderr"], "level": level, "propagate": False},
            # the 4xx and 5xx of every request, with the path and the status
            "django.request": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
            "django.server": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
            "gunicorn.error": {"handlers": ["stderr"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }


def _reserved() -> list[str]:
    from pythonjsonlogger.core import RESERVED_ATTRS

    # taskName: Python 3.12's asyncio task, None outside one
    return [*RESERVED_ATTRS, "taskName"]
