"""Admin model permissions for the review app's configuration (the checklist questions):
administrators change, auditors look, as for the fund's other configuration in
:mod:`socinv.accounts.permissions`."""

from __future__ import annotations

import rules

from socinv.accounts.permissions import administrator, auditor

for _action in ("add", "change", "delete"):
    rules.set_perm(f"review.{_action}_checklistquestion", administrator)
rules.set_perm("review.view_checklistquestion", administrator | auditor)
