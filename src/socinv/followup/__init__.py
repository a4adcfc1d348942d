"""Follow-up: measurements per indicator, their import, status and effect estimates."""
