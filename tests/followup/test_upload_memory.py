"""Peak memory of the server importing an upload of at most 20 MB stays below 400 MB
(issue 11, finding 2: a 300 KB xlsx with one huge cell took 130 s and 13 GB).

Each file is imported by the follow-up service in a child process (Django set up, a
migrated SQLite database, the personas), which reports its time and its peak RSS; the
figures are printed (``pytest -s``) for the closing note."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests import zipbombs

from socinv.core.limits import MAX_UPLOAD_BYTES

ROOT = Path(__file__).resolve().parents[2]
PEAK_MB = 400


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated SQLite database, copied for each import."""
    base = tmp_path_factory.mktemp("uploads")
    db = base / "template.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--verbosity", "0"],
        env=_env(base, db),
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    return db


def _env(data_dir: Path, db: Path) -> dict:
    env = dict(os.environ)
    env.pop("SOCINV_TEST_POSTGRES", None)
    env.update(
        DJANGO_SETTINGS_MODULE="socinv.site.settings",
        SOCINV_DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{db}",
        PYTHONPATH=str(ROOT),
    )
    return env


def imported(migrated: Path, file: Path, dry_run: bool) -> dict:
    db = file.with_suffix(".sqlite3")
    shutil.copy(migrated, db)
    out = subprocess.run(
        [sys.executable, "-c", zipbombs.CHILD, str(file), *(["dry"] if dry_run else [])],
        env=_env(file.parent, db),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    kb = file.stat().st_size / 1024
    print(f"\n{file.name}: {kb:,.0f} KB, {figures}")
    return figures


def test_zip_bombs_are_refused_at_once_within_the_memory_bound(migrated, tmp_path):
    cases = [
        # finding 2: 300 KB, a 300 MB cell; then 1 GB uncompressed in 1 MB
        (zipbombs.huge_cell_xlsx(tmp_path / "bomb-300mb.xlsx"), ["zip_too_large"]),
        (zipbombs.huge_cell_xlsx(tmp_path / "bomb-1gb.xlsx", 1024**3), ["zip_too_large"]),
        # packed more than 100:1, under the size limit
        (zipbombs.huge_cell_xlsx(tmp_path / "ratio.xlsx", 60 * 1024 * 1024), ["zip_ratio"]),
        # within the zip bounds: a 90 MB cell, refused as longer than Excel allows
        (zipbombs.noisy_cell_xlsx(tmp_path / "cell-90mb.xlsx"), ["cell_too_long"]),
        # within the zip bounds: one row of a million cells in 1.5 MB
        (zipbombs.wide_row_xlsx(tmp_path / "wide-row.xlsx"), ["row_too_wide"]),
    ]
    for file, codes in cases:
        assert file.stat().st_size <= MAX_UPLOAD_BYTES
        figures = imported(migrated, file, dry_run=False)
        assert figures["codes"] == codes, file.name
        assert figures["peak_mb"] < PEAK_MB, (file.name, figures)
        # seconds, not minutes (finding 2: 130 s), even on a loaded shared machine
        assert figures["secs"] < 60, (file.name, figures)


def test_big_honest_files_are_imported_within_the_memory_bound(migrated, tmp_path):
    # a 17 MB CSV of 370 000 rows, every check of the import (a dry run: storing them
    # takes minutes on a shared machine; the store pass holds a batch at a time) …
    csv = zipbombs.big_csv(tmp_path / "big.csv")
    figures = imported(migrated, csv, dry_run=True)
    assert figures["codes"] == [] and figures["rows"] > 360_000
    assert figures["peak_mb"] < PEAK_MB, figures
    # … and an xlsx of 30 000 rows, stored
    xlsx = zipbombs.rows_xlsx(tmp_path / "big.xlsx", 30_000, zipbombs.INDICATORS)
    figures = imported(migrated, xlsx, dry_run=False)
    assert figures["codes"] == [] and figures["stored"] == 30_000
    assert figures["peak_mb"] < PEAK_MB, figures
