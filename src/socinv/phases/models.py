"""Phases and gates: application → implementation → closing → scale-up or wind-down."""

from __future__ import annotations
