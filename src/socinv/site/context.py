"""Template context for the navigation: which sections the user may open."""

from __future__ import annotations


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_audit": user.has_perm("audit.view_audit_trail"),
        "nav_catalogue": user.has_perm("catalogue.view_catalogue"),
    }
