"""Template context for the navigation: which sections the user may open."""

from __future__ import annotations

from socinv.fund.access import first_fund_of


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {
        "nav_audit": user.has_perm("audit.view_audit_trail"),
        "nav_catalogue": user.has_perm("catalogue.view_catalogue"),
        # the fund of the menu on a page that shows none (the project list, the audit trail):
        # the one the start page opens; a callable, so that only such a page asks
        "nav_fund": lambda: first_fund_of(user),
    }
