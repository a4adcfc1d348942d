"""The audit trail: every change to every record, for auditors (revisorer)."""
