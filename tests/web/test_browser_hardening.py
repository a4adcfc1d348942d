"""Finding 7 of issue 11: no Content-Security-Policy, no HSTS or proxy TLS settings, and
``check --deploy`` warned in production mode."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

SRC = Path(__file__).resolve().parents[2] / "src" / "socinv"


def _production_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOCINV_", "DJANGO_"))}
    env.pop("DEBUG", None)
    env.update(
        SOCINV_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="socinv.exempelkommun.se",
        SOCINV_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    )
    return env


def _socinv(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "socinv", *args], capture_output=True, text=True, env=env
    )


def test_check_deploy_in_production_prints_no_warning(tmp_path):
    out = _socinv(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "WARNING" not in out.stdout + out.stderr
    assert "identified no issues" in out.stdout + out.stderr


def test_check_deploy_fails_on_a_development_setting(tmp_path):
    # the same check does fail when a production setting is weakened
    env = _production_env(tmp_path, SOCINV_HSTS_SECONDS="0")
    out = _socinv(env, "check", "--deploy", "--fail-level", "WARNING")
    assert out.returncode == 1
    assert "security.W004" in out.stdout + out.stderr


def _setting(env, expression: str) -> str:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'socinv.site.settings'); django.setup(); from django.conf import settings; "
        f"print({expression})"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_tls_settings_come_from_the_environment(tmp_path):
    env = _production_env(
        tmp_path,
        SOCINV_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        SOCINV_SSL_REDIRECT="false",
        SOCINV_HSTS_SECONDS="3600",
    )
    got = _setting(
        env,
        "settings.SECURE_PROXY_SSL_HEADER, settings.SECURE_SSL_REDIRECT, "
        "settings.SECURE_HSTS_SECONDS",
    )
    assert got == "('HTTP_X_FORWARDED_PROTO', 'https') False 3600"
    defaults = _setting(
        _production_env(tmp_path),
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, "
        "getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)",
    )
    assert defaults == "True 31536000 None"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/login/", "/admin/login/", "/api/v1/docs", "/no-such-page/"])
def test_every_page_has_a_csp_without_unsafe_script_sources(url):
    response = Client().get(url)
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe" not in policy


def test_no_template_has_an_inline_script_style_or_handler():
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        if path.name.endswith("_pdf.html"):  # rendered to PDF by weasyprint, never served
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style", r"\sstyle=", r"\son[a-z]+="):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(SRC)}: {pattern}")
    assert offenders == []
