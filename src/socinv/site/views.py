"""The start page: the first fund the user may see, else the user's own projects, else a
page saying that the user has no access yet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from socinv.fund.access import funds_visible_to
from socinv.projects.access import projects_visible_to


@login_required
def home(request):
    fund = funds_visible_to(request.user).order_by("name", "pk").first()
    if fund is not None:
        return redirect("fund:overview", pk=fund.pk)
    projects = list(projects_visible_to(request.user).select_related("fund").order_by("title"))
    return render(request, "accounts/home.html", {"projects": projects})
