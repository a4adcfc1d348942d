"""This part's section of the follow-up report (see :mod:`socinv.io.sections`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socinv.io.sections import Section


def section(project) -> Section:
    """The section for ``project``; called inside ``translation.override(language)``."""
    return Section(key="evaluation", title=_("Learning evaluation"))
