"""Demo data: Exempelkommun with its social investment fund, nine projects, a ledger
2023–2026 and a user for every role (``socinv demo``; :func:`socinv.demo.services.load_demo`).

This module imports no Django; the loader in :mod:`socinv.demo.services` does. It builds
the organisation, its boards, the users, the fund and the projects, then hands a
:class:`Demo` to every app's loader (``demo_loaders`` on the AppConfigs, see
:mod:`socinv.web.hooks`), in their order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEMO_PASSWORD = "demo-2026-socinv"

# username → (role, first name, last name). The usernames are the roles in Swedish.
DEMO_USERS = {
    "admin": ("administrator", "Ali", "Hassan"),
    "agare": ("owner", "Eva", "Lindqvist"),
    "ekonom": ("economist", "Karin", "Berg"),
    "ekonom2": ("economist", "Lars", "Åberg"),  # attests what ekonom books (attestation)
    "projektledare": ("project_leader", "Jonas", "Ek"),
    "utvarderare": ("evaluator", "Maria", "Sundberg"),
    "revisor": ("auditor", "Per", "Holm"),
    "extern": ("external", "Sara", "Nilsson"),
}


@dataclass(frozen=True)
class Demo:
    """What every app's demo loader is given: ``load(demo)``.

    The loaders write through their app's services and act as the demo user who holds the
    role a real user would need (:meth:`user`): the services check it themselves, and
    nobody in the demo is a superuser.
    """

    organisation: Any
    fund: Any
    boards: dict[str, Any]  # board code → board
    users: dict[str, Any]  # username → user
    projects: dict[str, Any]  # project key (demo.services.PROJECTS) → project

    def user(self, role: str):
        """The demo user who holds ``role`` (``"owner"``, ``"economist"``,
        ``"project_leader"``, ``"evaluator"``, …): the first one listed."""
        name = next((n for n, (held, _f, _l) in DEMO_USERS.items() if held == role), None)
        if name is None:
            raise ValueError(role)
        return self.users[name]


def logins_text() -> str:
    """The demo logins, for ``make run`` to print."""
    lines = [f"Demo logins (password {DEMO_PASSWORD}):"]
    lines += [f"  {name:<14} {role}" for name, (role, _f, _l) in DEMO_USERS.items()]
    return "\n".join(lines)
