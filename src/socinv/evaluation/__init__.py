"""Learning evaluation: the evaluator's entries per phase, responses and the final report."""
