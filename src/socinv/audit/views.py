"""The audit trail page and its CSV export (thin: the reading is in selectors)."""

from __future__ import annotations

import csv
import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from socinv.accounts.permissions import roles_of
from socinv.io.tables import safe_text
from socinv.organisation.models import Organisation

from .forms import TrailFilterForm
from .selectors import audit_events

PERM = "audit.view_audit_trail"
PAGE_SIZE = 50


def _organisations(user) -> list[Organisation]:
    """The organisations whose trail ``user`` may read."""
    candidates = Organisation.objects.filter(pk__in=list(roles_of(user))).order_by("name")
    return [org for org in candidates if user.has_perm(PERM, org)]


def _trail_request(request):
    """The organisation (from ``?organisation=``, else the user's first) and the filters."""
    organisations = _organisations(request.user)
    if not organisations:
        raise PermissionDenied
    chosen = organisations[0]
    raw = request.GET.get("organisation")
    if raw:
        chosen = next((o for o in organisations if str(o.pk) == raw), None)
        if chosen is None:
            raise PermissionDenied
    form = TrailFilterForm(request.GET, organisations=organisations, organisation=chosen)
    return organisations, chosen, form


@require_GET
@login_required
def trail(request):
    organisations, organisation, form = _trail_request(request)
    events = audit_events(organisation, **form.filters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "form": form,
            "page": page,
            "events": page.object_list,
            "query": query.urlencode(),
            "page_range": list(
                page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            ),
            "ellipsis": page.paginator.ELLIPSIS,
        },
    )


# a CSV cell that a spreadsheet will not run as a formula (OWASP: CSV injection): the one
# guard of every CSV and xlsx export (socinv.io.tables)
safe_cell = safe_text


@require_GET
@login_required
def export_csv(request):
    """The filtered trail as CSV for Swedish Excel: UTF-8 with BOM, semicolons, one row per
    field change (an event without field changes gets one row with the field empty). Every
    column of the page is in it: the record's type, id and name apart, each change's field,
    before and after, and the reason given for the change (on each of its rows)."""
    _organisations_, organisation, form = _trail_request(request)
    events = audit_events(organisation, **form.filters())
    stamp = timezone.localdate().isoformat()
    stem = slugify(_("audit trail"))
    filename = f"{stem}-{slugify(organisation.name)}-{stamp}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(
        [
            _("When"),
            _("Who"),
            _("Action"),
            _("Record type"),
            _("Record id"),
            _("Record"),
            _("Field"),
            _("Before"),
            _("After"),
            _("Reason"),
        ]
    )
    for event in events:
        head = [
            _iso(event.when),
            event.who,
            event.action_label,
            event.record_type,
            event.record_id,
            event.record,
        ]
        for change in event.changes or [None]:
            tail = ["", "", ""] if change is None else [change.field, change.before, change.after]
            writer.writerow([safe_cell(v) for v in [*head, *tail, event.reason]])
    return response


def _iso(when: datetime.datetime) -> str:
    """ISO 8601 in Swedish time with the offset (unambiguous in the autumn's repeated hour)."""
    return timezone.localtime(when).isoformat(sep=" ", timespec="seconds")
