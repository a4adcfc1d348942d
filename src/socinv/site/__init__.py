"""The Django project: settings from environment variables, URLs, WSGI entry point."""
