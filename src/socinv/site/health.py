"""``GET /healthz``: 200 when the database answers and every migration is applied, else 503.

For the reverse proxy, systemd's or the monitor's probe: no login, and it answers before
the host check, the HTTPS redirect and the session (a probe from the host itself over plain
HTTP to ``127.0.0.1`` is answered), so it is the first middleware. It reveals nothing but
which of the two checks failed: no version, no migration's name, no error text (those go
to the log).

The migrations on disk are read once per process (they do not change while it runs); the
applied ones are read from the database on every probe, so a server started before
``socinv migrate`` turns healthy once the migration is done, without a restart.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse

PATH = "/healthz"
log = logging.getLogger("socinv.health")

_on_disk: frozenset[tuple[str, str]] | None = None
_replaced_by: dict[tuple[str, str], list[tuple[str, str]]] = {}


def _migrations_on_disk() -> frozenset[tuple[str, str]]:
    global _on_disk
    if _on_disk is None:
        loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
        # a squashed migration counts as applied when all those it replaces are
        for key, migration in loader.disk_migrations.items():
            if migration.replaces:
                _replaced_by[key] = list(migration.replaces)
        replaced = {old for olds in _replaced_by.values() for old in olds}
        _on_disk = frozenset(set(loader.disk_migrations) - replaced)
    return _on_disk


def unapplied_migrations() -> list[tuple[str, str]]:
    """The migrations on disk that the database has not recorded (raises DatabaseError)."""
    applied = set(MigrationRecorder(connection).applied_migrations())
    missing = []
    for key in sorted(_migrations_on_disk()):
        if key in applied:
            continue
        if key in _replaced_by and all(old in applied for old in _replaced_by[key]):
            continue
        missing.append(key)
    return missing


def check() -> tuple[int, dict]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        log.error("health check: the database does not answer: %s", exc)
        return 503, {"status": "unavailable", "database": "unreachable"}
    try:
        missing = unapplied_migrations()
    except DatabaseError as exc:
        log.error("health check: the migrations could not be read: %s", exc)
        return 503, {"status": "unavailable", "database": "unreachable"}
    if missing:
        log.error(
            "health check: %d migrations not applied (run socinv migrate): %s",
            len(missing),
            ", ".join(f"{app}.{name}" for app, name in missing),
        )
        return 503, {"status": "unavailable", "migrations": "pending"}
    return 200, {"status": "ok"}


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"status": "method not allowed"}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        status, body = check()
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response
