"""The Monte Carlo progress bar appears on stderr only when stderr is a terminal.

The bar itself is tested in-process with a fake clock (the 0.3 s quiet period, the bar's
states, the closing line break); one small real run on a pseudo-terminal, and one without,
check the command end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from socinv.cli import calc as calc_cli
from socinv.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "skolstod-familjehem.toml"
# The last step (done == total) always draws the bar: a small run shows it too.
ARGS = [sys.executable, "-m", "socinv", "calc", str(EXAMPLE), "--json", "--draws", "2000"]


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> _Clock:
    clock = _Clock()
    monkeypatch.setattr(calc_cli.time, "monotonic", clock)
    return clock


class _Stderr:
    """What the bar wrote to stderr so far (pytest's capture of it)."""

    def __init__(self, capsys) -> None:
        self.capsys = capsys
        self.text = ""

    def getvalue(self) -> str:
        self.text += self.capsys.readouterr().err
        return self.text


@pytest.fixture
def stderr(capsys) -> _Stderr:
    return _Stderr(capsys)


def test_a_short_run_stays_quiet_until_its_end(clock, stderr):
    bar = calc_cli._ProgressBar("Monte Carlo", width=10)
    clock.now += 0.29
    bar(500, 1000)
    assert stderr.getvalue() == ""
    bar(1000, 1000)  # the end is always drawn
    assert stderr.getvalue() == "\rMonte Carlo [##########] 100 %"
    bar.close()
    assert stderr.getvalue().endswith("100 %\n")


def test_a_long_run_draws_the_bar_as_it_goes(clock, stderr):
    bar = calc_cli._ProgressBar("Monte Carlo", width=10)
    clock.now += 0.31
    bar(250, 1000)
    bar(500, 1000)
    bar(1000, 1000)
    bar.close()
    assert stderr.getvalue() == (
        "\rMonte Carlo [##--------]  25 %"
        "\rMonte Carlo [#####-----]  50 %"
        "\rMonte Carlo [##########] 100 %\n"
    )


def test_a_bar_never_drawn_adds_no_line_break(clock, stderr):
    bar = calc_cli._ProgressBar("Monte Carlo")
    bar(1, 1000)
    bar.close()
    assert stderr.getvalue() == ""


@pytest.mark.parametrize(("tty", "shown"), [(True, True), (False, False)])
def test_the_command_draws_the_bar_only_on_a_terminal(tty, shown, monkeypatch, capsys):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    assert main(["calc", str(EXAMPLE), "--json", "--draws", "2000", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["monte_carlo"]  # the bar never pollutes stdout
    assert ("Monte Carlo [" in err and "100 %" in err) is shown
    if not shown:
        assert err == ""


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
