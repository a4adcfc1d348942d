"""The start page: the overview of the first fund the user may see, else the user's own projects, else a
page saying that the user has no access yet."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from socinv.fund.access import first_fund_of
from socinv.l10n import format_number, format_size
from socinv.projects.access import projects_visible_to
from socinv.web.i18n import current_lang


@login_required
def home(request):
    fund = first_fund_of(request.user)
    if fund is not None:
        return redirect("overview:overview", pk=fund.pk)
    projects = list(projects_visible_to(request.user).select_related("fund").order_by("title"))
    return render(request, "accounts/home.html", {"projects": projects})


# Too large requests (issue 11, finding 6b): Django refuses a body over
# DATA_UPLOAD_MAX_MEMORY_SIZE (files aside) or more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields
# with a SuspiciousOperation, which reaches handler400; it answered a bare 400 naming
# nothing. Now: 413 with the limit, as a page in the site's layout or JSON under /api/.
def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        limit = format_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, current_lang())
        message = _(
            "The request is too large: at most %(limit)s may be sent at once (attached files "
            "not counted). Shorten the texts or send the data in smaller parts."
        ) % {"limit": limit}
        status = 413
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        limit = (
            settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            if isinstance(exception, TooManyFieldsSent)
            else settings.DATA_UPLOAD_MAX_NUMBER_FILES
        )
        message = _(
            "The request has too many fields or files: at most %(limit)s may be sent at once."
        ) % {"limit": format_number(limit, lang=current_lang())}
        status = 413
    else:
        limit = None
        message = _("The request could not be understood. Go back and try again.")
        status = 400
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message, "limit": limit}, status=status)
    return render(request, "413.html", {"message": message, "status": status}, status=status)
