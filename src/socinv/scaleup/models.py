"""Multiplier effects: what entered ordinary operations after the project."""

from __future__ import annotations
