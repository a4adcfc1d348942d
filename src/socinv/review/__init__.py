"""Review (beredning) with checklist questions, portfolio preview, decisions, the portfolio page."""
