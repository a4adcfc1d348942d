"""``socinv backup FILE`` and ``socinv restore FILE``: everything in one zip file.

The file holds ``manifest.json`` (the format and its version, the socinv version, the
migrations applied, each table's member and row count, the media files), one JSON Lines
member per table under ``data/`` (Django's serialisation by primary key, timestamps with
every microsecond) and the uploaded files under ``media/``.

Every table of every installed app is kept (users, groups and their permissions, the
simple-history tables, and any other installed app's tables) except what ``socinv
migrate`` makes again (content types, permissions; rows refer to them by natural key, so
their ids may differ) and the sessions (everyone logs in again). A restore goes into an
empty database at the same migrations, inserts only (the ledger's append-only triggers
forbid nothing else), is atomic with the uploaded files, and resets PostgreSQL's sequences.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

import socinv
from socinv.core import limits
from socinv.core.problems import Refused
from socinv.l10n import format_number, format_size
from socinv.web.i18n import current_lang

FORMAT = "socinv-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data/"
MEDIA = "media/"
# made again by `socinv migrate` (rows name them by natural key), or not worth keeping
NOT_KEPT = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
BY_NATURAL_KEY = frozenset({"contenttypes.contenttype", "auth.permission"})
BATCH = 1000
CHUNK = 1024 * 1024


def _batched(items: Iterable, n: int) -> Iterator[tuple]:
    """``itertools.batched`` (Python 3.12)."""
    it = iter(items)
    while batch := tuple(itertools.islice(it, n)):
        yield batch


class BackupRefused(Exception):
    """A backup file that cannot be restored here; nothing has been stored."""


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    media_files: int
    seconds: float


def kept_models() -> list:
    """The models a backup holds, in the registry's (deterministic) order."""
    return [
        model
        for config in apps.get_app_configs()
        for model in config.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in NOT_KEPT
    ]


class _Serializer(PythonSerializer):
    """Django's serialisation; a reference to a row ``migrate`` makes (a content type, a
    permission) by natural key, every other reference by primary key."""

    def _by_natural_key(self, field) -> None:
        self.use_natural_foreign_keys = field.remote_field.model._meta.label_lower in (
            BY_NATURAL_KEY
        )

    def handle_fk_field(self, obj, field):
        self._by_natural_key(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self._by_natural_key(field)
        super().handle_m2m_field(obj, field)


class _Encoder(DjangoJSONEncoder):
    """Times with every microsecond (``DjangoJSONEncoder`` keeps milliseconds only)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def serialized_rows(model):
    """``model``'s rows as the backup stores them, one dict each, by primary key."""
    rows = model._base_manager.order_by("pk").iterator(chunk_size=BATCH)
    for batch in _batched(rows, BATCH):
        yield from _Serializer().serialize(batch)


def _line(row: dict) -> str:
    return json.dumps(row, cls=_Encoder, ensure_ascii=False) + "\n"  # JSON fields keep their order


def _applied_migrations() -> dict[str, list[str]]:
    by_app: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        by_app.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(by_app.items())}


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup(path: str | os.PathLike) -> Summary:
    """Write everything to ``path`` (a zip file, replaced only once complete)."""
    started = time.monotonic()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            tables, media = _write_data(zf), _write_media(zf)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "socinv_version": socinv.__version__,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                "database": connection.vendor,
                "migrations": _applied_migrations(),
                "tables": tables,
                "media": media,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)
    return Summary(
        len(tables), sum(t["rows"] for t in tables), len(media), time.monotonic() - started
    )


def _write_data(zf: zipfile.ZipFile) -> list[dict]:
    """Every kept table, read in one transaction (PostgreSQL: one snapshot of them all)."""
    tables = []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in kept_models():
            member, count = f"{DATA}{model._meta.label_lower}.jsonl", 0
            with zf.open(member, "w", force_zip64=True) as out:
                for row in serialized_rows(model):
                    out.write(_line(row).encode("utf-8"))
                    count += 1
            tables.append({"model": model._meta.label_lower, "member": member, "rows": count})
    return tables


def _write_media(zf: zipfile.ZipFile) -> list[dict]:
    root, media = _media_root(), []
    if root.is_dir():
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            name = file.relative_to(root).as_posix()
            if name.startswith(".restore-"):
                continue  # a restore's staging area, never a stored file
            zf.write(file, MEDIA + name)
            media.append({"name": name, "bytes": file.stat().st_size})
    return media


# Restore ---------------------------------------------------------------------------------


def restore(path: str | os.PathLike) -> Summary:
    """Load a backup into this empty database (and the media directory), all or nothing;
    :class:`BackupRefused` before anything is stored when it cannot be."""
    started = time.monotonic()
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupRefused(
            _("%(file)s is not a socinv backup: %(error)s.") % {"file": path, "error": exc}
        ) from exc
    with zf:
        check_members(zf)
        manifest = _manifest(zf, path)
        models = [_model(t["model"]) for t in manifest["tables"]]
        _check_migrations(manifest)
        media = [zf.getinfo(MEDIA + m["name"]) for m in manifest["media"]]
        targets = [_media_target(info.filename) for info in media]
        moved: list[Path] = []
        try:
            with transaction.atomic():
                _check_empty(models, targets)
                try:
                    rows = _load(zf, manifest["tables"])
                    connection.check_constraints()
                except (DeserializationError, DatabaseError, ValueError) as exc:
                    raise BackupRefused(
                        _("The backup could not be loaded (%(error)s). Nothing was stored.")
                        % {"error": exc}
                    ) from exc
                _reset_sequences(models)
                moved = _restore_media(zf, media, targets)
        except BaseException:
            for file in moved:
                file.unlink(missing_ok=True)
            raise
    return Summary(len(models), rows, len(media), time.monotonic() - started)


def check_members(zf: zipfile.ZipFile) -> None:
    """Refuse a zip bomb (a member claiming an absurd compression ratio, or absurd sizes
    altogether) and member names that climb out of their directory."""
    total = 0
    for info in zf.infolist():
        parts = PurePosixPath(info.filename).parts
        if info.filename.startswith("/") or "\\" in info.filename or ".." in parts:
            raise BackupRefused(
                _("The backup holds an unsafe file name: %(name)s.") % {"name": info.filename}
            )
        total += info.file_size
        ratio_bound = max(info.compress_size, 1) * limits.MAX_BACKUP_COMPRESSION_RATIO
        if info.file_size > limits.BACKUP_RATIO_FREE_BYTES and info.file_size > ratio_bound:
            raise BackupRefused(
                _(
                    "The backup's member %(name)s unpacks to more than %(ratio)s times its "
                    "size: refused as a possible zip bomb."
                )
                % {
                    "name": info.filename,
                    "ratio": format_number(
                        limits.MAX_BACKUP_COMPRESSION_RATIO, lang=current_lang()
                    ),
                }
            )
    if total > limits.MAX_BACKUP_UNCOMPRESSED_BYTES:
        raise BackupRefused(
            _("The backup unpacks to %(size)s, more than the %(limit)s allowed.")
            % {
                "size": format_size(total, current_lang()),
                "limit": format_size(limits.MAX_BACKUP_UNCOMPRESSED_BYTES, current_lang()),
            }
        )


def _manifest(zf: zipfile.ZipFile, path) -> dict:
    try:
        manifest = json.loads(zf.read(MANIFEST))
        known = manifest["format"] == FORMAT
        version = manifest["format_version"]
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupRefused(
            _("%(file)s is not a socinv backup (no manifest).") % {"file": path}
        ) from exc
    if not known:
        raise BackupRefused(_("%(file)s is not a socinv backup (no manifest).") % {"file": path})
    if version != FORMAT_VERSION:
        raise BackupRefused(
            _(
                "The backup has format version %(found)s; this socinv (%(version)s) reads "
                "version %(expected)s only."
            )
            % {"found": version, "version": socinv.__version__, "expected": FORMAT_VERSION}
        )
    return manifest


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise BackupRefused(
            _("The backup holds a table this socinv does not know: %(model)s.") % {"model": label}
        ) from exc


def _check_migrations(manifest: dict) -> None:
    theirs, ours = manifest.get("migrations", {}), _applied_migrations()
    differ = sorted(app for app in set(theirs) | set(ours) if theirs.get(app) != ours.get(app))
    if differ:
        raise BackupRefused(
            _(
                "The backup was made at other migrations than this database is at (%(apps)s): "
                "restore it with socinv %(version)s after socinv migrate, then upgrade."
            )
            % {"apps": ", ".join(differ), "version": manifest.get("socinv_version", "?")}
        )


def _check_empty(models, media_targets: list[Path]) -> None:
    for model in models:
        count = model._base_manager.count()
        if count:
            raise BackupRefused(
                _(
                    "The database is not empty (%(model)s holds %(count)s rows): a backup is "
                    "restored only into a new database, after socinv migrate. Nothing was "
                    "stored."
                )
                % {
                    "model": model._meta.label_lower,
                    "count": format_number(count, lang=current_lang()),
                }
            )
    for target in media_targets:
        if target.exists():
            raise BackupRefused(
                _(
                    "The media directory already holds %(file)s: restore into an empty media "
                    "directory. Nothing was stored."
                )
                % {"file": target}
            )


def _load(zf: zipfile.ZipFile, tables: list[dict]) -> int:
    """Insert every row as stored (raw, as ``loaddata`` does: no model's ``save``, no
    signal's history); the foreign keys are checked once all are in. The free-text guard
    (``socinv.web.guards``) still runs on each row, so that a backup cannot bring in a
    personnummer or a text beyond its bound: such a row (stored before the bound existed,
    or edited into the file) refuses the whole restore, naming its table, row and field."""
    rows = 0
    with connection.constraint_checks_disabled():
        for table in tables:
            with zf.open(table["member"]) as member:
                lines = (json.loads(line) for line in member)
                for batch in _batched(lines, BATCH):
                    for obj in PythonDeserializer(list(batch)):
                        try:
                            obj.save(force_insert=True)
                        except Refused as refused:
                            raise _row_refused(table, obj.object, refused) from None
                        rows += 1
    return rows


def _row_refused(table: dict, row, refused: Refused) -> BackupRefused:
    reasons = "; ".join(f"{r.field}: {r.message}" for r in refused.refusals)
    return BackupRefused(
        _(
            "Row %(pk)s of the table %(model)s (%(member)s) cannot be restored: %(reasons)s "
            "Correct it in the database the backup came from and make a new backup. Nothing "
            "was stored."
        )
        % {
            "pk": row.pk,
            "model": table["model"],
            "member": table["member"],
            "reasons": reasons,
        }
    )


def _reset_sequences(models) -> None:
    """Give new rows fresh ids (``sqlsequencereset``); SQLite's AUTOINCREMENT follows the
    ids inserted by itself."""
    through = [
        field.remote_field.through
        for model in models
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), [*models, *through])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _media_target(name: str) -> Path:
    root = _media_root().resolve()
    target = (root / name.removeprefix(MEDIA)).resolve()
    if not target.is_relative_to(root) or target == root:
        raise BackupRefused(_("The backup holds an unsafe file name: %(name)s.") % {"name": name})
    return target


def _restore_media(zf: zipfile.ZipFile, media, targets: list[Path]) -> list[Path]:
    """Unpack into a staging directory beside the files, then move each into place; the
    files moved (the caller removes them if the transaction fails after all)."""
    if not media:
        return []
    root = _media_root()
    root.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".restore-", dir=root))
    moved: list[Path] = []
    try:
        staged = []
        for n, info in enumerate(media):
            staged.append(stage / str(n))
            _unpack(zf, info, staged[-1])
        try:
            for tmp, target in zip(staged, targets, strict=True):
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, target)
                moved.append(target)
        except BaseException:
            for file in moved:
                file.unlink(missing_ok=True)
            raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return moved


def _unpack(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path) -> None:
    """Copy one member, never more bytes than it declares (a lying header is refused)."""
    left = info.file_size
    with zf.open(info) as src, open(dest, "wb") as out:
        while chunk := src.read(CHUNK):
            left -= len(chunk)
            if left < 0:
                raise BackupRefused(
                    _("The backup's member %(name)s is larger than it says.")
                    % {"name": info.filename}
                )
            out.write(chunk)
