"""The JSON API under /api/v1/ (django-ninja): the same services and permissions as the pages.

``api.py`` builds the NinjaAPI (error shapes, both ways in); ``auth.py`` is the bearer
token and the session with CSRF; ``access.py`` is the 404-or-403 rule; one router per
area (``organisations``, ``funds``, ``projects``, ``ledger``) over the selectors and
services; ``schemas.py`` the shapes; ``models.py``/``services.py`` the hashed API tokens
and the ``api_token`` management command.
"""
