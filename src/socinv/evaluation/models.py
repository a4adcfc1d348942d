"""Learning evaluation: the evaluator's entries per phase, responses and the final report."""

from __future__ import annotations
