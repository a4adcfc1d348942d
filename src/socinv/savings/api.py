"""API for savings: paths under /api/v1/projects/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["savings"])
