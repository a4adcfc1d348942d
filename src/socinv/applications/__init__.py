"""Applications: idea check, full application, evidence chain, attachments."""
