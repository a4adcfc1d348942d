"""/api/v1/: the django-ninja API (namespace ``api``)."""

from .api import api

app_name = "api"
urlpatterns = list(api.urls[0])
