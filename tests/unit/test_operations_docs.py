"""The README's operations section names every environment variable the code reads."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(
    r"""(?:os\.environ(?:\.get)?\(|os\.environ\[|_env_\w+\(\s*)["']([A-Z][A-Z0-9_]+)["']"""
)


def _variables_read() -> set[str]:
    found = set()
    for path in (ROOT / "src" / "socinv").rglob("*.py"):
        found |= set(READS.findall(path.read_text(encoding="utf-8")))
    # set by the code for Django, not read as a setting
    return found - {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _operations_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Operations\n")
    end = readme.index("\n## ", start + 1)
    return readme[start:end]


def test_every_environment_variable_is_in_the_operations_section():
    read = _variables_read()
    assert {"DATABASE_URL", "SECRET_KEY", "SOCINV_WORKERS", "ALLOWED_HOSTS"} <= read
    section = _operations_section()
    missing = sorted(name for name in read if f"`{name}`" not in section)
    assert missing == [], f"not in the README's Operations section: {missing}"


def test_the_deploy_files_are_there_and_point_at_the_production_server():
    unit = (ROOT / "deploy" / "socinv.service").read_text(encoding="utf-8")
    assert "socinv serve --production" in unit and "EnvironmentFile=" in unit
    proxy = (ROOT / "deploy" / "nginx-socinv.conf").read_text(encoding="utf-8")
    assert "proxy_pass http://socinv" in proxy and "X-Forwarded-Proto $scheme" in proxy
    env = (ROOT / "deploy" / "socinv.env.example").read_text(encoding="utf-8")
    assert "SOCINV_ENV=production" in env
