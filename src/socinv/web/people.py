"""A person as every page, export and the audit trail shows them: the one helper."""

from __future__ import annotations


def display_name(user) -> str:
    """The user's full name ("Karin Berg"), else the username; "–" for no one (a change
    made by the system, a user since removed)."""
    if user is None:
        return "–"
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()
