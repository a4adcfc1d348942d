"""Realised savings, repayment proposals and write-downs at closing."""

from __future__ import annotations
