"""URL configuration: pages (Swedish by default), the API under /api/v1/, the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

handler400 = "socinv.site.views.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("socinv.api.urls")),
    path("audit/", include("socinv.audit.urls")),
    path("applications/", include("socinv.applications.urls")),
    path("calculation/", include("socinv.calculation.urls")),
    path("catalogue/", include("socinv.catalogue.urls")),
    path("review/", include("socinv.review.urls")),
    path("followup/", include("socinv.followup.urls")),
    path("phases/", include("socinv.phases.urls")),
    path("evaluation/", include("socinv.evaluation.urls")),
    path("savings/", include("socinv.savings.urls")),
    path("scaleup/", include("socinv.scaleup.urls")),
    path("frames/", include("socinv.frames.urls")),
    path("reports/", include("socinv.reports.urls")),
    path("sie/", include("socinv.actuals.urls")),
    path("", include("socinv.accounts.urls")),
    path("", include("socinv.overview.urls")),
    path("", include("socinv.fund.urls")),
    path("", include("socinv.projection.urls")),
    path("", include("socinv.projects.urls")),
]

if settings.SOCINV_SSO:
    # single sign-on: /oidc/authenticate/ (to the provider), /oidc/callback/ (back)
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
