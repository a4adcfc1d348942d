"""API for evaluation: paths under /api/v1/projects/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["evaluation"])
