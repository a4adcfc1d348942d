"""Demo data: Exempelkommun with its social investment fund, eight projects, a ledger
2023–2026 and a user for every role (``socinv demo``; :func:`socinv.demo.services.load_demo`).

This module imports no Django; the loader in :mod:`socinv.demo.services` does.
"""

DEMO_PASSWORD = "demo-2026-socinv"

# username → (role, first name, last name). The usernames are the roles in Swedish.
DEMO_USERS = {
    "admin": ("administrator", "Ali", "Hassan"),
    "agare": ("owner", "Eva", "Lindqvist"),
    "ekonom": ("economist", "Karin", "Berg"),
    "projektledare": ("project_leader", "Jonas", "Ek"),
    "utvarderare": ("evaluator", "Maria", "Sundberg"),
    "revisor": ("auditor", "Per", "Holm"),
    "extern": ("external", "Sara", "Nilsson"),
}


def logins_text() -> str:
    """The demo logins, for ``make run`` to print."""
    lines = [f"Demo logins (password {DEMO_PASSWORD}):"]
    lines += [f"  {name:<14} {role}" for name, (role, _f, _l) in DEMO_USERS.items()]
    return "\n".join(lines)
