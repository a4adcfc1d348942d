"""Multiplier effects: what entered ordinary operations after the project."""
