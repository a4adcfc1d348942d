"""The JSON API under /api/v1/ (django-ninja): the same services and permissions as the pages."""
