"""This part's section of the follow-up report (see :mod:`socinv.io.sections`): the
ex-ante and the ex-post calculation side by side per perspective, and the sources."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socinv.io.sections import Money, Number, Section, Table, Year
from socinv.web.people import display_name

from . import expost_selectors as ex


def _money(kr: float | None) -> Money | None:
    return None if kr is None else Money(round(kr * 100))


def section(project) -> Section:
    """The section for ``project``; called inside ``translation.override(language)``."""
    s = Section(key="expost", title=_("Ex-ante and ex-post calculation"))
    record = ex.get_expost(project)
    if record is None:
        s.paragraphs.append(_("The project has no ex-post calculation yet."))
        return s
    comp = ex.comparison(project, record)
    if comp is None:
        s.paragraphs.append(
            _("The ex-ante or the ex-post calculation is missing or not valid: no comparison.")
        )
    else:
        s.paragraphs.extend(p.reading for p in comp.perspectives)
        columns = [_("Measure"), _("Ex ante"), _("Ex post"), _("Difference (ex post − ex ante)")]
        for p in comp.perspectives:
            rows = []
            for r in p.rows:
                if r.money:
                    cells = [_money(r.ante), _money(r.post), _money(r.diff)]
                elif r.key == "payback_year":
                    cells = [None if y is None else Year(y) for y in (r.ante_year, r.post_year)] + [
                        r.diff
                    ]
                else:
                    cells = [None if v is None else Number(v, 2) for v in (r.ante, r.post, r.diff)]
                rows.append([r.label, *cells])
            s.tables.append(Table(caption=p.label, columns=columns, rows=rows))
    s.facts.append((_("Last changed"), record.updated_at.date()))
    if record.updated_by is not None:
        s.facts.append((_("Changed by"), display_name(record.updated_by)))
    if record.sources_note:
        lines = [line.strip() for line in record.sources_note.splitlines() if line.strip()]
        s.paragraphs.append(_("Sources") + ": " + lines[0] if lines else "")
        s.paragraphs.extend(lines[1:])
    return s
