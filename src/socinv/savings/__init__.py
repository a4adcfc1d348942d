"""Realised savings, repayment proposals and write-downs at closing."""
