"""Swedish first: the interface speaks Swedish until the user picks English with the
language switch (Django's language cookie). The browser's Accept-Language is ignored on
purpose: many municipal computers run an English browser, and the fund's documents,
terms and decisions are Swedish."""

from __future__ import annotations


class SwedishFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
