"""The Monte Carlo progress bar appears on stderr only when stderr is a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "skolstod-familjehem.toml"
# Enough draws that the run lasts longer than the bar's 0.3 s quiet period.
ARGS = [sys.executable, "-m", "socinv", "calc", str(EXAMPLE), "--json", "--draws", "3000000"]


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO once the child side is closed
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_it_shows_a_progress_bar_when_stderr_is_a_terminal():
    master, slave = os.openpty()
    try:
        proc = subprocess.run(ARGS, stdout=subprocess.PIPE, stderr=slave, timeout=300)
    finally:
        os.close(slave)
    err = _read_all(master)
    os.close(master)
    assert proc.returncode == 0
    assert "Monte Carlo [" in err
    assert "100 %" in err
    assert proc.stdout.startswith(b"{")  # the bar never pollutes stdout


def test_it_shows_no_progress_bar_when_stderr_is_not_a_terminal():
    proc = subprocess.run(ARGS, capture_output=True, timeout=300)
    assert proc.returncode == 0
    assert proc.stderr == b""
