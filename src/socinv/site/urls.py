"""URL configuration. For now only the Django admin; pages and the API come later."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
