"""A restore meets a row its socinv refuses (a text stored before the bound existed, or a
personnummer edited into the file): the free-text guard still runs on the raw insert, and
the restore answers with a ``BackupRefused`` naming the table, the row and the field
(``socinv restore`` exits 2 with that message, no traceback), storing nothing."""

from __future__ import annotations

import json
import zipfile

import pytest

from socinv.cli.main import main
from socinv.core.limits import MAX_NAME
from socinv.organisation.models import Organisation
from socinv.site.backup import (
    FORMAT,
    FORMAT_VERSION,
    BackupRefused,
    _applied_migrations,
    restore,
    serialized_rows,
)

pytestmark = pytest.mark.django_db

MEMBER = "data/organisation.organisation.jsonl"


def one_row_backup(path, **fields):
    """A backup of one organisation, with ``fields`` as the file holds them."""
    Organisation.objects.create(name="Exempelkommun", kind=Organisation.Kind.MUNICIPALITY)
    (row,) = serialized_rows(Organisation)
    Organisation.objects.all().delete()
    row["fields"].update(fields)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "migrations": _applied_migrations(),
        "tables": [{"model": "organisation.organisation", "member": MEMBER, "rows": 1}],
        "media": [],
    }
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr(MEMBER, json.dumps(row) + "\n")
    return row["pk"]


def test_a_text_beyond_todays_bound_refuses_the_restore_naming_table_row_and_field(
    tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "old.zip"
    pk = one_row_backup(path, name="N" * (MAX_NAME + 1))
    with pytest.raises(BackupRefused) as refused:
        restore(path)
    text = str(refused.value)
    assert f"Rad {pk} i tabellen organisation.organisation" in text
    assert "name: Namn får vara högst 200 tecken" in text
    assert "Ingenting har sparats." in text
    assert not Organisation.objects.exists()


def test_a_personnummer_smuggled_into_a_backup_is_refused_by_the_command(
    tmp_path, settings, capsys
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "smuggled.zip"
    pk = one_row_backup(path, name="Kommun 19121212-1212")
    assert main(["restore", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"Rad {pk} i tabellen organisation.organisation" in err
    assert "name: Innehåller ett personnummer" in err
    assert "121212" not in err and "Traceback" not in err
    assert not Organisation.objects.exists()
    # the same file with a name the guard accepts is restored
    one_row_backup(path, name="Kommunen")
    assert restore(path).rows == 1
    assert Organisation.objects.get().name == "Kommunen"
