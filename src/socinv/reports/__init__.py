"""Reports: the decision memo (PDF) and spreadsheets."""
